package testutil

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// GetMeBot is a bot the small getMe server knows.
type GetMeBot struct {
	ID        int64
	Username  string
	FirstName string
}

// GetMeServer is a tiny Bot API that only answers getMe, for token-path tests that need
// nothing more; the full fake Telegram is package telegramtest.
type GetMeServer struct {
	*httptest.Server
	calls atomic.Int64
}

// Calls is how many getMe requests arrived.
func (s *GetMeServer) Calls() int64 { return s.calls.Load() }

// NewGetMeServer answers getMe for the given tokens like Telegram: the bot user for a
// known token, 401 Unauthorized otherwise.
func NewGetMeServer(tb testing.TB, bots map[string]GetMeBot) *GetMeServer {
	tb.Helper()
	s := &GetMeServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.calls.Add(1)
		w.Header().Set("Content-Type", "application/json")
		path := strings.TrimPrefix(r.URL.Path, "/bot")
		token, method, _ := strings.Cut(path, "/")
		bot, ok := bots[token]
		switch {
		case !ok:
			w.WriteHeader(http.StatusUnauthorized)
			json.NewEncoder(w).Encode(map[string]any{"ok": false, "error_code": 401, "description": "Unauthorized"})
		case method != "getMe":
			w.WriteHeader(http.StatusNotFound)
			json.NewEncoder(w).Encode(map[string]any{"ok": false, "error_code": 404, "description": "Not Found"})
		default:
			json.NewEncoder(w).Encode(map[string]any{"ok": true, "result": map[string]any{
				"id": bot.ID, "is_bot": true, "first_name": bot.FirstName, "username": bot.Username,
				"can_join_groups": true, "can_read_all_group_messages": false, "supports_inline_queries": false,
			}})
		}
	}))
	tb.Cleanup(s.Close)
	return s
}
