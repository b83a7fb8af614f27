package telegram

import (
	"errors"
	"strings"
)

// learn remembers the token of a /bot<token>/<method> path (to redact it) and
// returns the method.
func (c *Client) learn(path string) string {
	rest, _ := strings.CutPrefix(path, "/bot")
	tok, method, _ := strings.Cut(rest, "/")
	if cur := c.token.Load(); tok != "" && (cur == nil || *cur != tok) {
		c.token.Store(&tok)
	}
	return strings.TrimPrefix(method, "test/")
}

// Redact replaces the bot's token in an error's text with "<token>"; errors.Is still
// sees the original. An error without the token is returned as it is.
func (c *Client) Redact(err error) error {
	tok := c.token.Load()
	if err == nil || tok == nil || *tok == "" || !strings.Contains(err.Error(), *tok) {
		return err
	}
	return &redactedError{msg: strings.ReplaceAll(err.Error(), *tok, "<token>"), orig: err}
}

// redactedError is an error whose text had the bot token removed.
type redactedError struct {
	msg  string
	orig error
}

func (r *redactedError) Error() string { return r.msg }

// Is reports whether the original error matches target (the original is not exposed).
func (r *redactedError) Is(target error) bool { return errors.Is(r.orig, target) }
