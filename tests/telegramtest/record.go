package telegramtest

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Call is one recorded Bot API request and the answer it got.
type Call struct {
	Time   time.Time
	Token  string
	BotID  int64 // 0 when the token was unknown
	Method string
	// Params hold every parameter as text; objects and arrays as JSON text.
	Params map[string]string

	OK          bool
	Result      json.RawMessage // on success
	ErrorCode   int
	Description string
	RetryAfter  int
	// MigrateToChatID is parameters.migrate_to_chat_id of the answer (a call
	// addressed to a basic group that became a supergroup).
	MigrateToChatID int64
	Fault           FaultKind // the injected fault that answered, if any

	okDesc string
}

// Int reads an integer parameter (0 when absent or malformed).
func (c Call) Int(name string) int64 {
	n, _ := strconv.ParseInt(c.Params[name], 10, 64)
	return n
}

// Decode unmarshals a JSON-valued parameter such as permissions or reply_markup.
func (c Call) Decode(name string, v any) error {
	raw, ok := c.Params[name]
	if !ok {
		return fmt.Errorf("telegramtest: %s has no parameter %q", c.Method, name)
	}
	return json.Unmarshal([]byte(raw), v)
}

// String describes the call in one line, for failure messages.
func (c Call) String() string {
	outcome := "ok"
	if !c.OK {
		outcome = fmt.Sprintf("%d %s", c.ErrorCode, c.Description)
	}
	return fmt.Sprintf("%s bot=%d %v -> %s", c.Method, c.BotID, c.Params, outcome)
}

// Method matches calls of one method, for WaitCall.
func Method(name string) func(Call) bool {
	return func(c Call) bool { return c.Method == name }
}

func (s *Server) record(c *Call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, *c)
	s.notify()
}

// Calls returns the recorded calls of a method ("" for all), oldest first.
func (s *Server) Calls(method string) []Call {
	return s.CallsFor("", method)
}

// CallsFor returns the recorded calls made with a token ("" for any) of a
// method ("" for all), oldest first.
func (s *Server) CallsFor(token, method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if (token == "" || c.Token == token) && (method == "" || c.Method == method) {
			out = append(out, c)
		}
	}
	return out
}

// WaitFor waits until cond holds, re-checking it after every change of the
// server's state, and fails the test after timeout. cond may call the server.
func (s *Server) WaitFor(tb testing.TB, timeout time.Duration, cond func() bool) {
	tb.Helper()
	if !s.Await(timeout, cond) {
		tb.Fatalf("telegramtest: condition not met within %v", timeout)
	}
}

// Await waits until cond holds or timeout passes, re-checking it after every
// change of the server's state, and reports whether it holds (for programs
// without a testing.TB). cond may call the server.
func (s *Server) Await(timeout time.Duration, cond func() bool) bool {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		changed := s.changed
		s.mu.Unlock()
		if cond() {
			return true
		}
		select {
		case <-changed:
		case <-deadline.C:
			return cond()
		case <-s.done:
			return cond()
		}
	}
}

// WaitCall returns the first recorded call, past or future, that matches, and
// fails the test if none comes within timeout.
func (s *Server) WaitCall(tb testing.TB, timeout time.Duration, match func(Call) bool) Call {
	tb.Helper()
	var found Call
	seen := 0
	ok := s.Await(timeout, func() bool {
		s.mu.Lock()
		batch := append([]Call(nil), s.calls[seen:]...)
		s.mu.Unlock()
		seen += len(batch)
		for _, c := range batch {
			if match(c) {
				found = c
				return true
			}
		}
		return false
	})
	if !ok {
		var lines []string
		for _, c := range s.Calls("") {
			lines = append(lines, "  "+c.String())
		}
		tb.Fatalf("telegramtest: no matching call within %v; calls:\n%s", timeout, strings.Join(lines, "\n"))
	}
	return found
}

// Messages returns the messages of a chat that are not deleted, oldest
// first (for a private chat: its messages with every bot).
func (s *Server) Messages(chatID int64) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Message
	collect := func(ch *chatState) {
		for _, m := range ch.msgs {
			if !m.deleted {
				out = append(out, m.snapshot())
			}
		}
	}
	if ch := s.chats[chatID]; ch != nil {
		collect(ch)
	}
	var keys [][2]int64
	for key := range s.privates {
		if key[0] == chatID {
			keys = append(keys, key)
		}
	}
	slices.SortFunc(keys, func(a, b [2]int64) int { return cmp.Compare(a[1], b[1]) })
	for _, key := range keys {
		collect(s.privates[key])
	}
	return out
}

// WaitMessage returns the first live message of a chat that matches (nil
// matches any), waiting up to timeout, and fails the test if none comes.
func (s *Server) WaitMessage(tb testing.TB, timeout time.Duration, chatID int64, match func(Message) bool) Message {
	tb.Helper()
	var found Message
	ok := s.Await(timeout, func() bool {
		for _, m := range s.Messages(chatID) {
			if match == nil || match(m) {
				found = m
				return true
			}
		}
		return false
	})
	if !ok {
		tb.Fatalf("telegramtest: no matching message in chat %d within %v", chatID, timeout)
	}
	return found
}

// CallbackAnswer returns a bot's answer to a callback query, if it answered.
func (s *Server) CallbackAnswer(queryID string) (CallbackAnswer, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.answers[queryID]
	return a, ok
}
