package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-telegram/bot"

	"github.com/nezuko/nezuko/collections"
)

// apiError is a Bot API error answer.
type apiError struct {
	code       int
	desc       string
	retryAfter int
	migrateTo  int64 // parameters.migrate_to_chat_id: the chat became this supergroup
}

// parseAPIError reads {"ok":false,"error_code":…,"description":…,"parameters":…}.
func parseAPIError(body []byte, status int) apiError {
	var r struct {
		ErrorCode   int    `json:"error_code"`
		Description string `json:"description"`
		Parameters  struct {
			RetryAfter      int   `json:"retry_after"`
			MigrateToChatID int64 `json:"migrate_to_chat_id"`
		} `json:"parameters"`
	}
	_ = json.Unmarshal(body, &r)
	ae := apiError{code: r.ErrorCode, desc: r.Description, retryAfter: r.Parameters.RetryAfter, migrateTo: r.Parameters.MigrateToChatID}
	if ae.code == 0 {
		ae.code = status
	}
	if ae.desc == "" {
		ae.desc = http.StatusText(status)
	}
	return ae
}

// errorType is the api_call_log / verification_log error_type of an answer.
func (a apiError) errorType() string {
	switch {
	case a.code == http.StatusBadRequest:
		return "BadRequest"
	case a.code == http.StatusUnauthorized:
		return "Unauthorized"
	case a.code == http.StatusForbidden:
		return "Forbidden"
	case a.code == http.StatusNotFound:
		return "NotFound"
	case a.code == http.StatusConflict:
		return "Conflict"
	case a.code == http.StatusTooManyRequests:
		return "TooManyRequests"
	case a.code >= 500:
		return "ServerError"
	}
	return "HTTP" + strconv.Itoa(a.code)
}

// logType is the api_call_log error_type of a refused call: an expected refusal is
// collections.ExpectedRefusal with Telegram's reason, anything else its errorType.
func (a apiError) logType(method string) string {
	if !expectedRefusal(method, a.desc) {
		return a.errorType()
	}
	reason := a.desc
	for _, p := range []string{"Bad Request: ", "Forbidden: "} {
		reason = strings.TrimPrefix(reason, p)
	}
	t := collections.ExpectedRefusal + reason
	if len(t) > 200 {
		t = t[:200]
	}
	return strings.ToValidUTF8(t, "")
}

// ErrorType names the error go-telegram/bot returned for a call, as a
// verification_log or api_call_log error_type: TooManyRequests, BadRequest, Forbidden,
// Unauthorized, NotFound, Conflict, ServerError, NetworkError, TimedOut or Error
// ("" for nil).
func ErrorType(err error) string {
	var flood *bot.TooManyRequestsError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &flood):
		return "TooManyRequests"
	case errors.Is(err, bot.ErrorBadRequest):
		return "BadRequest"
	case errors.Is(err, bot.ErrorForbidden):
		return "Forbidden"
	case errors.Is(err, bot.ErrorUnauthorized):
		return "Unauthorized"
	case errors.Is(err, bot.ErrorNotFound):
		return "NotFound"
	case errors.Is(err, bot.ErrorConflict):
		return "Conflict"
	case strings.Contains(err.Error(), "error response from telegram"):
		return "ServerError"
	case strings.Contains(err.Error(), "error do request"):
		return netErrorType(err)
	}
	return "Error"
}

// refused logs a refused call that is not retried, with Telegram's reason (at WARN:
// with app.Logger() as Config.Logger it also becomes an admin_logs row; expected
// refusals only at DEBUG).
func (c *Client) refused(method string, info callInfo, ae apiError) {
	level := slog.LevelWarn
	if expectedRefusal(method, ae.desc) {
		level = slog.LevelDebug
	}
	c.log.Log(context.Background(), level, "Telegram refused a call; not retried", "method", method, "chat_id", info.chatID,
		"user_id", info.userID, "code", ae.code, "reason", ae.desc)
}

// expectedRefusal reports refusals that are part of normal work: a message someone
// deleted first, an edit that changes nothing or of a message someone deleted, a
// private hint to a user who never started the bot (the group gets it instead), a lookup of someone who is not a
// member (notAMember).
func expectedRefusal(method, desc string) bool {
	switch method {
	case "deleteMessage":
		return strings.Contains(desc, "message to delete not found")
	case "editMessageText":
		return strings.Contains(desc, "message is not modified") || strings.Contains(desc, "message to edit not found")
	case "sendMessage":
		return strings.Contains(desc, "can't initiate conversation")
	case "getChatMember":
		return strings.Contains(desc, "PARTICIPANT_ID_INVALID") || strings.Contains(desc, "member not found") ||
			strings.Contains(desc, "user not found")
	}
	return false
}

func netErrorType(err error) string {
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return "TimedOut"
	}
	return "NetworkError"
}
