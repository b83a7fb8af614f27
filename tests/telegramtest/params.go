package telegramtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// params are a call's parameters as the Bot API receives them: every value is
// text, nested objects and arrays are JSON text (as go-telegram/bot sends them
// in multipart forms, and as they are written in urlencoded forms).
type params map[string]string

const maxBody = 50 << 20

// parseParams reads the query string and a JSON, urlencoded or multipart body.
func parseParams(r *http.Request) (params, error) {
	p := params{}
	for k, v := range r.URL.Query() {
		if len(v) > 0 {
			p[k] = v[0]
		}
	}
	if r.Body == nil {
		return p, nil
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err != nil {
		return p, fmt.Errorf("can't read request body")
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return p, nil
	}
	ct, ctParams, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "application/json":
		return p, parseJSONBody(body, p)
	case "application/x-www-form-urlencoded":
		vals, err := url.ParseQuery(string(body))
		if err != nil {
			return p, errors.New("can't parse request body")
		}
		for k, v := range vals {
			p[k] = v[0]
		}
		return p, nil
	case "multipart/form-data":
		return p, parseMultipart(body, ctParams["boundary"], p)
	}
	return p, nil
}

func parseJSONBody(body []byte, p params) error {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(body, &obj); err != nil {
		return errors.New("can't parse JSON object")
	}
	for k, raw := range obj {
		var s string
		if len(raw) > 0 && raw[0] == '"' && json.Unmarshal(raw, &s) == nil {
			p[k] = s
			continue
		}
		var buf bytes.Buffer
		if json.Compact(&buf, raw) == nil {
			p[k] = buf.String()
		}
	}
	return nil
}

func parseMultipart(body []byte, boundary string, p params) error {
	if boundary == "" {
		return errors.New("can't parse multipart form")
	}
	mr := multipart.NewReader(bytes.NewReader(body), boundary)
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return errors.New("can't parse multipart form")
		}
		data, err := io.ReadAll(part)
		if err != nil {
			return errors.New("can't parse multipart form")
		}
		if name := part.FormName(); name != "" {
			if part.FileName() != "" {
				p[name] = "attach://" + part.FileName()
				continue
			}
			p[name] = string(data)
		}
	}
}

func (p params) has(k string) bool { _, ok := p[k]; return ok }

// boolean reads a Bot API boolean ("true", "1", "True"); absent is false.
func (p params) boolean(k string) bool {
	switch strings.ToLower(strings.TrimSpace(p[k])) {
	case "true", "1":
		return true
	}
	return false
}

// integer reads an integer; absent is (0, false, nil).
func (p params) integer(k string) (int64, bool, error) {
	v, ok := p[k]
	if !ok || v == "" {
		return 0, false, nil
	}
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil {
		return 0, true, err
	}
	return n, true, nil
}

// intOr reads an integer, falling back to def when absent or malformed.
func (p params) intOr(k string, def int64) int64 {
	n, ok, err := p.integer(k)
	if !ok || err != nil {
		return def
	}
	return n
}

// userID reads a required user_id.
func (p params) userID() (int64, *apiError) {
	n, ok, err := p.integer("user_id")
	if !ok || err != nil || n <= 0 {
		return 0, badRequest("invalid user_id specified")
	}
	return n, nil
}

// decode unmarshals a JSON-valued parameter.
func (p params) decode(k string, v any) error {
	return json.Unmarshal([]byte(p[k]), v)
}

// chatRef is a chat_id parameter: a number or an @username.
type chatRef struct {
	id       int64
	username string
}

// chatRef reads the chat_id parameter.
func (p params) chatRef() (chatRef, *apiError) {
	v := strings.TrimSpace(p["chat_id"])
	if v == "" {
		return chatRef{}, badRequest("chat_id is empty")
	}
	if strings.HasPrefix(v, "@") {
		return chatRef{username: strings.ToLower(v[1:])}, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n == 0 {
		return chatRef{}, badRequest("chat not found")
	}
	return chatRef{id: n}, nil
}
