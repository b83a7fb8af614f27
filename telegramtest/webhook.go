package telegramtest

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"time"
)

// webhookState is a bot's webhook registration.
type webhookState struct {
	url         string
	secret      string
	maxConn     int64
	lastErrDate int64
	lastErrMsg  string
	stop        chan struct{}
}

var secretRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

// setWebhook registers a webhook. Unlike Telegram, plain http URLs are
// accepted, so that a receiver on loopback can be used.
func setWebhook(s *Server, r *request) (any, *apiError) {
	b := r.bot
	raw := r.p["url"]
	if raw == "" {
		return deleteWebhook(s, r)
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, badRequest("bad webhook: An HTTPS URL must be provided for webhook")
	}
	secret := r.p["secret_token"]
	if secret != "" && !secretRE.MatchString(secret) {
		return nil, badRequest("secret token contains unallowed characters")
	}
	if r.p.boolean("drop_pending_updates") {
		b.queue = nil
	}
	b.setAllowed(r.p)
	maxConn := r.p.intOr("max_connections", 40)
	if b.webhook != nil && b.webhook.url == raw && b.webhook.secret == secret {
		b.webhook.maxConn = maxConn
		r.okDesc = "Webhook is already set"
		return true, nil
	}
	select {
	case <-s.done:
		return nil, &apiError{code: 500, desc: "Internal Server Error"}
	default:
	}
	s.stopWebhook(b)
	b.webhook = &webhookState{url: raw, secret: secret, maxConn: maxConn, stop: make(chan struct{})}
	s.webhookGroup.Add(1)
	go s.pushUpdates(b, b.webhook)
	r.okDesc = "Webhook was set"
	return true, nil
}

func deleteWebhook(s *Server, r *request) (any, *apiError) {
	b := r.bot
	if r.p.boolean("drop_pending_updates") {
		b.queue = nil
	}
	if b.webhook == nil {
		r.okDesc = "Webhook is already deleted"
		return true, nil
	}
	s.stopWebhook(b)
	r.okDesc = "Webhook was deleted"
	return true, nil
}

func (s *Server) stopWebhook(b *botState) {
	if b.webhook != nil {
		close(b.webhook.stop)
		b.webhook = nil
	}
}

func getWebhookInfo(s *Server, r *request) (any, *apiError) {
	b := r.bot
	info := map[string]any{"url": "", "has_custom_certificate": false, "pending_update_count": len(b.queue)}
	if w := b.webhook; w != nil {
		info["url"] = w.url
		info["max_connections"] = w.maxConn
		info["ip_address"] = "127.0.0.1"
		if w.lastErrDate != 0 {
			info["last_error_date"] = w.lastErrDate
			info["last_error_message"] = w.lastErrMsg
		}
	}
	if len(b.allowed) > 0 {
		info["allowed_updates"] = b.allowed
	}
	return info, nil
}

// pushUpdates POSTs a bot's updates to its webhook one at a time, in order,
// retrying a failed delivery with a growing pause, until the webhook is
// removed or the server closes.
func (s *Server) pushUpdates(b *botState, w *webhookState) {
	defer s.webhookGroup.Done()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		select {
		case <-w.stop:
		case <-s.done:
		case <-ctx.Done():
		}
		cancel()
	}()
	pause := s.retryMin
	for {
		s.mu.Lock()
		if ctx.Err() != nil || b.webhook != w {
			s.mu.Unlock()
			return
		}
		if len(b.queue) == 0 {
			changed := s.changed
			s.mu.Unlock()
			select {
			case <-changed:
			case <-ctx.Done():
			}
			continue
		}
		next := b.queue[0]
		s.mu.Unlock()

		errMsg := s.postUpdate(ctx, w, next.body)

		s.mu.Lock()
		if errMsg == "" {
			if len(b.queue) > 0 && b.queue[0].id == next.id {
				b.queue = b.queue[1:]
			}
			pause = s.retryMin
		} else if ctx.Err() == nil {
			w.lastErrDate, w.lastErrMsg = s.unix(), errMsg
		}
		s.notify()
		s.mu.Unlock()
		if errMsg != "" {
			select {
			case <-time.After(pause):
			case <-ctx.Done():
			}
			pause = min(pause*2, s.retryMax)
		}
	}
}

// postUpdate delivers one update; it returns Telegram's last_error_message for a
// failure, or "" when the receiver answered 2xx.
func (s *Server) postUpdate(ctx context.Context, w *webhookState, body []byte) string {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.url, bytes.NewReader(body))
	if err != nil {
		return "Invalid webhook URL"
	}
	req.Header.Set("Content-Type", "application/json")
	if w.secret != "" {
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", w.secret)
	}
	resp, err := s.webhookHTTP.Do(req)
	if err != nil {
		return "Connection refused"
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Sprintf("Wrong response from the webhook: %s", resp.Status)
	}
	return ""
}
