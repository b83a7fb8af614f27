package telegramtest

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"
)

// webhookState is a bot's webhook registration and its deliveries.
type webhookState struct {
	url         string
	secret      string
	maxConn     int64
	lastErrDate int64
	lastErrMsg  string
	stop        chan struct{}
	busy        map[string]bool // delivery queues with a POST in flight or a retry pending
	inflight    int64           // POSTs in flight
}

var secretRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

// Webhook limits of telegram-bot-api (Client.cpp get_webhook_max_connections,
// telegram-bot-api.cpp: default 40, or 100 with --local; at most 100, or 100000).
const (
	defaultMaxConn      = 40
	defaultMaxConnLocal = 100
	maxMaxConn          = 100
	maxMaxConnLocal     = 100000
)

// checkWebhookURL applies Telegram's rules to a webhook URL. api.telegram.org
// (setWebhook docs: "Ports currently supported for webhooks: 443, 80, 88,
// 8443"; telegram-bot-api WebhookActor::start_up and check_ip_address) takes
// only https on those ports, on a public address. A Bot API server started
// with --local (telegram-bot-api README: "Use an HTTP URL for the webhook.
// Use any local IP address for the webhook. Use any port for the webhook.")
// takes any of them: see WithLocalMode.
func (s *Server) checkWebhookURL(raw string) *apiError {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return badRequest("invalid webhook URL specified")
	}
	if s.local {
		return nil
	}
	if u.Scheme != "https" {
		return badRequest("bad webhook: An HTTPS URL must be provided for webhook")
	}
	switch u.Port() {
	case "", "443", "80", "88", "8443":
	default:
		return badRequest("bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443")
	}
	host := u.Hostname()
	if strings.EqualFold(host, "localhost") {
		host = "127.0.0.1"
	}
	if ip := net.ParseIP(host); ip != nil && (ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsUnspecified()) {
		return badRequest(fmt.Sprintf("bad webhook: IP address %s is reserved", host))
	}
	return nil
}

// setWebhook registers a webhook; a long poll waiting at the time ends with
// 409 "Conflict: terminated by setWebhook request" (Client::abort_long_poll).
func setWebhook(s *Server, r *request) (any, *apiError) {
	b := r.bot
	raw := r.p["url"]
	if raw == "" {
		return deleteWebhook(s, r)
	}
	if aerr := s.checkWebhookURL(raw); aerr != nil {
		return nil, aerr
	}
	secret := r.p["secret_token"]
	if secret != "" && !secretRE.MatchString(secret) {
		return nil, badRequest("secret token contains unallowed characters")
	}
	if r.p.boolean("drop_pending_updates") {
		b.queue = nil
	}
	b.setAllowed(r.p)
	def, most := int64(defaultMaxConn), int64(maxMaxConn)
	if s.local {
		def, most = defaultMaxConnLocal, maxMaxConnLocal
	}
	maxConn := min(max(r.p.intOr("max_connections", def), 1), most) // clamped, as telegram-bot-api does
	if b.webhook != nil && b.webhook.url == raw && b.webhook.secret == secret && b.webhook.maxConn == maxConn {
		r.okDesc = "Webhook is already set"
		return true, nil
	}
	select {
	case <-s.done:
		return nil, &apiError{code: 500, desc: "Internal Server Error"}
	default:
	}
	s.stopWebhook(b)
	b.webhook = &webhookState{url: raw, secret: secret, maxConn: maxConn, stop: make(chan struct{}), busy: map[string]bool{}}
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

// pushUpdates POSTs a bot's updates to its webhook until the webhook is removed
// or the server closes. Like telegram-bot-api's WebhookActor, updates are kept
// in delivery queues (one per chat for messages, per user for chat_member and
// join requests, per chat for my_chat_member, one per callback query): each
// queue delivers in order, one update at a time, and the queues are served in
// parallel over at most max_connections connections, so updates of different
// queues arrive out of order. A failed delivery is retried after a pause that
// doubles (WithWebhookRetry), holding back only its own queue.
func (s *Server) pushUpdates(b *botState, w *webhookState) {
	defer s.webhookGroup.Done()
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		select {
		case <-w.stop:
		case <-s.done:
		case <-ctx.Done():
		}
		cancel()
	}()
	var posts sync.WaitGroup
	defer func() { cancel(); posts.Wait() }()
	for {
		s.mu.Lock()
		if ctx.Err() != nil || b.webhook != w {
			s.mu.Unlock()
			return
		}
		for _, q := range s.deliverable(b, w) {
			w.busy[q.key] = true
			w.inflight++
			posts.Add(1)
			go func() {
				defer posts.Done()
				s.deliverOne(ctx, b, w, q)
			}()
		}
		changed := s.changed
		s.mu.Unlock()
		select {
		case <-changed:
		case <-ctx.Done():
		}
	}
}

// deliverable picks the queue heads that may be POSTed now. Callers hold s.mu.
func (s *Server) deliverable(b *botState, w *webhookState) []queued {
	var out []queued
	seen := map[string]bool{}
	for _, q := range b.queue {
		if w.inflight+int64(len(out)) >= w.maxConn {
			break
		}
		if seen[q.key] || w.busy[q.key] {
			seen[q.key] = true
			continue
		}
		seen[q.key] = true
		out = append(out, q)
	}
	return out
}

// deliverOne POSTs one update and, on failure, holds its queue for the retry pause.
func (s *Server) deliverOne(ctx context.Context, b *botState, w *webhookState, q queued) {
	errMsg := s.postUpdate(ctx, w, q.body)
	s.mu.Lock()
	w.inflight--
	var pause time.Duration
	if errMsg == "" {
		b.forget(q.id)
		delete(w.busy, q.key)
	} else {
		if ctx.Err() == nil {
			w.lastErrDate, w.lastErrMsg = s.unix(), errMsg
		}
		pause = b.failed(q.id, s.retryMin, s.retryMax)
	}
	s.notify()
	s.mu.Unlock()
	if errMsg == "" {
		return
	}
	select {
	case <-time.After(pause):
	case <-ctx.Done():
	}
	s.mu.Lock()
	delete(w.busy, q.key)
	s.notify()
	s.mu.Unlock()
}

// forget removes a delivered update from the queue. Callers hold s.mu.
func (b *botState) forget(id int64) {
	for i, q := range b.queue {
		if q.id == id {
			b.queue = append(b.queue[:i:i], b.queue[i+1:]...)
			return
		}
	}
}

// failed counts a failed delivery and returns the pause before the next try:
// first, doubling up to most. Callers hold s.mu.
func (b *botState) failed(id int64, first, most time.Duration) time.Duration {
	for i := range b.queue {
		if b.queue[i].id == id {
			b.queue[i].fails++
			return min(first<<min(b.queue[i].fails-1, 20), most)
		}
	}
	return first
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
