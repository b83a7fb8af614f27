package telegram

import (
	"bytes"
	"context"
	"io"
	"mime"
	"mime/multipart"
	"strconv"
)

// callInfo is what a Call says about its target.
type callInfo struct{ chatID, userID int64 }

type callKey struct{}

// WithCall tells the client which chat and user the calls made with ctx are about
// (Call.ChatID and Call.UserID); without it they are read from the request.
func WithCall(ctx context.Context, chatID, userID int64) context.Context {
	return context.WithValue(ctx, callKey{}, callInfo{chatID, userID})
}

// formIDs reads chat_id and user_id from a multipart request body (calls made
// without WithCall, e.g. by go-telegram/bot itself).
func formIDs(contentType string, body []byte) callInfo {
	var info callInfo
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil || params["boundary"] == "" {
		return info
	}
	r := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	for {
		p, err := r.NextPart()
		if err != nil {
			return info
		}
		name := p.FormName()
		if name != "chat_id" && name != "user_id" {
			continue
		}
		v, _ := io.ReadAll(io.LimitReader(p, 64))
		n, _ := strconv.ParseInt(string(v), 10, 64)
		if name == "chat_id" {
			info.chatID = n
		} else {
			info.userID = n
		}
	}
}
