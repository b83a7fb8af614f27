package telegram

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/go-telegram/bot"
)

// poll passes a getUpdates long poll through, button presses first in their batch
// (pressesFirst), and reports its outcome.
func (c *Client) poll(req *http.Request) (*http.Response, error) {
	if c.conflict.Load() {
		return nil, fmt.Errorf("getUpdates: %w: not polling again after a conflict", bot.ErrorConflict)
	}
	ctx, cancel := context.WithTimeout(req.Context(), c.cfg.PollTimeout+pollGrace)
	defer cancel()
	resp, err := c.http.Do(req.WithContext(ctx))
	var raw []byte
	if err == nil { // read the answer before cancel ends the request
		raw, err = io.ReadAll(resp.Body)
		resp.Body.Close()
		if err == nil && resp.StatusCode == http.StatusOK {
			raw = pressesFirst(raw)
		}
		resp.Body, resp.ContentLength = io.NopCloser(bytes.NewReader(raw)), int64(len(raw))
	}
	if err != nil {
		err = c.Redact(err)
		if req.Context().Err() == nil {
			c.polled(err)
		}
		return nil, err
	}
	switch {
	case resp.StatusCode == http.StatusOK:
		c.polled(nil)
	case resp.StatusCode == http.StatusUnauthorized:
		c.polled(fmt.Errorf("getUpdates: %w", bot.ErrorUnauthorized))
		c.unauthorized()
	case resp.StatusCode == http.StatusConflict:
		// Telegram answers a long poll 409 when a newer getUpdates of the same token
		// ("Conflict: terminated by other getUpdates request; make sure that only one
		// bot instance is running") or a setWebhook ("Conflict: terminated by setWebhook
		// request"; "can't use getUpdates method while webhook is active") took over:
		// another process runs this bot. Polling again would take it back from that
		// process, which would take it back in turn; the client stops polling.
		c.conflict.Store(true)
		c.polled(fmt.Errorf("getUpdates: %w: %s", bot.ErrorConflict, parseAPIError(raw, resp.StatusCode).desc))
	case resp.StatusCode == http.StatusTooManyRequests:
		// go-telegram/bot polls again within 100 ms of any error: wait retry_after here.
		wait := time.Duration(max(parseAPIError(raw, resp.StatusCode).retryAfter, 1)) * time.Second
		c.ev.TooManyRequests("getUpdates", wait)
		c.polled(fmt.Errorf("getUpdates: %w, retry after %v", bot.ErrorTooManyRequests, wait))
		_ = Sleep(req.Context(), wait)
	default:
		c.polled(fmt.Errorf("getUpdates: HTTP %d", resp.StatusCode))
	}
	return resp, nil
}

// polled reports a getUpdates outcome to Config.OnPoll.
func (c *Client) polled(err error) {
	if f := c.cfg.OnPoll; f != nil {
		f(err)
	}
}

// unauthorized reports a refused token once.
func (c *Client) unauthorized() {
	c.unauth.Do(func() {
		c.log.Error("Telegram refused the bot token (401): the bot must stop")
		if f := c.cfg.OnUnauthorized; f != nil {
			go f()
		}
	})
}
