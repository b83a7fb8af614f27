package gatekeeper

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-telegram/bot"
	"golang.org/x/time/rate"

	"github.com/nezuko/nezuko/logwriter"
)

// Retry rules of DESIGN.md §4.
const (
	maxTries        = 3                      // attempts for a call that fails transiently (5xx, network)
	maxFloodRetries = 5                      // 429 answers honoured for one call before giving up
	backoffBase     = 250 * time.Millisecond // first wait after a transient failure; doubles
	callTimeout     = 20 * time.Second       // one attempt of a method (not getUpdates)
	pollGrace       = 10 * time.Second       // a getUpdates answer may come this late after its long-poll timeout
)

// transport is the http client of the engine's bot: api_call_log rows, retries,
// retry_after, the per-bot message rate, token redaction and 401 detection.
type transport struct {
	e       *Engine
	client  *http.Client
	limiter *rate.Limiter // sendMessage and editMessageText per bot
	token   atomic.Pointer[string]
	unauth  sync.Once
	// conflict is set by the first 409 to getUpdates: another process took over this
	// token, and a further poll of ours would end its poll (and it ours) in turn.
	conflict atomic.Bool
}

func newTransport(e *Engine) *transport {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConns, tr.MaxIdleConnsPerHost = 256, 256
	return &transport{e: e, client: &http.Client{Transport: tr}, limiter: rate.NewLimiter(25, 5)}
}

// setRate applies rate_per_bot_per_second (burst: a fifth of a second's worth).
func (t *transport) setRate(perSecond float64) {
	if perSecond <= 0 {
		perSecond = 25
	}
	t.limiter.SetLimit(rate.Limit(perSecond))
	t.limiter.SetBurst(max(1, int(perSecond/5)))
}

// callInfo is what an api_call_log row says about a call's target.
type callInfo struct{ chatID, userID int64 }

type callKey struct{}

// withCall tells the transport which chat and user a call is about.
func withCall(ctx context.Context, chatID, userID int64) context.Context {
	return context.WithValue(ctx, callKey{}, callInfo{chatID, userID})
}

// Do sends one Bot API request, with the engine's logging and retry rules.
func (t *transport) Do(req *http.Request) (*http.Response, error) {
	method := t.learn(req.URL.Path)
	if method == "getUpdates" {
		return t.poll(req)
	}
	ctx := req.Context()
	body, err := io.ReadAll(req.Body)
	req.Body.Close()
	if err != nil {
		return nil, t.redactErr(err)
	}
	info, ok := ctx.Value(callKey{}).(callInfo)
	if !ok {
		info = formIDs(req.Header.Get("Content-Type"), body)
	}
	if method == "sendMessage" || method == "editMessageText" { // edits share the sending limits (tdlib/td#3034)
		if err := t.waitRate(ctx); err != nil {
			return nil, err
		}
	}
	transient, floods := 0, 0
	for {
		resp, respBody, lat, err := t.attempt(ctx, req, body)
		if err != nil {
			t.logCall(method, info, false, lat, netErrorType(err))
			transient++
			if ctx.Err() != nil || transient >= maxTries {
				return nil, t.redactErr(err)
			}
			if err := sleep(ctx, backoff(transient)); err != nil {
				return nil, err
			}
			continue
		}
		if resp.StatusCode == http.StatusOK && !json.Valid(respBody) {
			// A 200 whose body is not JSON (a truncated answer, a proxy's page) is a
			// transient failure like a dropped connection: retried, and after the last
			// try go-telegram/bot reports the undecodable answer.
			t.logCall(method, info, false, lat, "MalformedResponse")
			transient++
			if transient >= maxTries {
				return resp, nil
			}
			if err := sleep(ctx, backoff(transient)); err != nil {
				return resp, nil
			}
			continue
		}
		if resp.StatusCode == http.StatusOK {
			t.logCall(method, info, true, lat, "")
			return resp, nil
		}
		ae := parseAPIError(respBody, resp.StatusCode)
		t.logCall(method, info, false, lat, ae.logType(method))
		switch {
		case ae.code == http.StatusTooManyRequests:
			floods++
			wait := time.Duration(max(ae.retryAfter, 1)) * time.Second
			t.e.ev.TooManyRequests(method, wait)
			if floods > maxFloodRetries {
				return resp, nil
			}
			if err := sleep(ctx, wait); err != nil {
				return resp, nil
			}
		case ae.code >= 500:
			transient++
			if transient >= maxTries {
				return resp, nil
			}
			if err := sleep(ctx, backoff(transient)); err != nil {
				return resp, nil
			}
		case ae.code == http.StatusUnauthorized:
			t.unauthorized()
			return resp, nil
		case ae.migrateTo != 0:
			// The call's chat was a basic group that Telegram upgraded: its protection
			// moves to the new id (rights re-checked in the background: this call may
			// be part of a check).
			t.e.migrateGroup(ctx, info.chatID, ae.migrateTo, false)
			return resp, nil
		default:
			t.e.permanent(method, info, ae)
			return resp, nil
		}
	}
}

// poll passes a getUpdates long poll through and reports its outcome.
func (t *transport) poll(req *http.Request) (*http.Response, error) {
	if t.conflict.Load() {
		return nil, fmt.Errorf("getUpdates: %w: not polling again after a conflict", bot.ErrorConflict)
	}
	ctx, cancel := context.WithTimeout(req.Context(), t.e.cfg.PollTimeout+pollGrace)
	defer cancel()
	resp, err := t.client.Do(req.WithContext(ctx))
	var raw []byte
	if err == nil { // read the answer before cancel ends the request
		raw, err = io.ReadAll(resp.Body)
		resp.Body.Close()
		resp.Body, resp.ContentLength = io.NopCloser(bytes.NewReader(raw)), int64(len(raw))
	}
	if err != nil {
		err = t.redactErr(err)
		if req.Context().Err() == nil {
			t.polled(err)
		}
		return nil, err
	}
	switch {
	case resp.StatusCode == http.StatusOK:
		t.polled(nil)
	case resp.StatusCode == http.StatusUnauthorized:
		t.polled(fmt.Errorf("getUpdates: %w", bot.ErrorUnauthorized))
		t.unauthorized()
	case resp.StatusCode == http.StatusConflict:
		// Telegram answers a long poll 409 when a newer getUpdates of the same token
		// ("Conflict: terminated by other getUpdates request; make sure that only one
		// bot instance is running") or a setWebhook ("Conflict: terminated by setWebhook
		// request"; "can't use getUpdates method while webhook is active") took over:
		// another process runs this bot. Polling again would take it back from that
		// process, which would take it back in turn; the engine stops polling.
		t.conflict.Store(true)
		t.polled(fmt.Errorf("getUpdates: %w: %s", bot.ErrorConflict, parseAPIError(raw, resp.StatusCode).desc))
	case resp.StatusCode == http.StatusTooManyRequests:
		// go-telegram/bot polls again within 100 ms of any error: wait retry_after here.
		wait := time.Duration(max(parseAPIError(raw, resp.StatusCode).retryAfter, 1)) * time.Second
		t.e.ev.TooManyRequests("getUpdates", wait)
		t.polled(fmt.Errorf("getUpdates: %w, retry after %v", bot.ErrorTooManyRequests, wait))
		_ = sleep(req.Context(), wait)
	default:
		t.polled(fmt.Errorf("getUpdates: HTTP %d", resp.StatusCode))
	}
	return resp, nil
}

// polled reports a getUpdates outcome to Config.OnPoll.
func (t *transport) polled(err error) {
	if f := t.e.cfg.OnPoll; f != nil {
		f(err)
	}
}

// attempt sends the request once and reads the whole answer.
func (t *transport) attempt(ctx context.Context, req *http.Request, body []byte) (*http.Response, []byte, time.Duration, error) {
	actx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	r := req.Clone(actx)
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.ContentLength = int64(len(body))
	r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	start := time.Now()
	resp, err := t.client.Do(r)
	if err != nil {
		return nil, nil, time.Since(start), err
	}
	raw, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	lat := time.Since(start)
	if err != nil {
		return nil, nil, lat, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(raw))
	resp.ContentLength = int64(len(raw))
	return resp, raw, lat, nil
}

// waitRate waits for the bot's message rate.
func (t *transport) waitRate(ctx context.Context) error {
	r := t.limiter.Reserve()
	d := r.Delay()
	if d <= 0 {
		return nil
	}
	t.e.ev.RateLimitWait(d)
	if err := sleep(ctx, d); err != nil {
		r.Cancel()
		return err
	}
	return nil
}

// logCall queues one api_call_log row.
func (t *transport) logCall(method string, info callInfo, ok bool, lat time.Duration, errType string) {
	t.e.cfg.Logs.AddAPICall(logwriter.APICall{
		Method: method, ChatID: info.chatID, UserID: info.userID, BotID: t.e.cfg.BotID,
		Success: ok, LatencyMS: ms(lat), ErrorType: errType, At: time.Now(),
	})
}

// unauthorized reports a refused token once.
func (t *transport) unauthorized() {
	t.unauth.Do(func() {
		t.e.log.Error("Telegram refused the bot token (401): the bot must stop")
		if f := t.e.cfg.OnUnauthorized; f != nil {
			go f()
		}
	})
}

// learn remembers the token of a /bot<token>/<method> path (to redact it) and
// returns the method.
func (t *transport) learn(path string) string {
	rest, _ := strings.CutPrefix(path, "/bot")
	tok, method, _ := strings.Cut(rest, "/")
	if cur := t.token.Load(); tok != "" && (cur == nil || *cur != tok) {
		t.token.Store(&tok)
	}
	return strings.TrimPrefix(method, "test/")
}

// redactErr replaces the token in an error's text; errors.Is still sees the original.
func (t *transport) redactErr(err error) error {
	tok := t.token.Load()
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

// backoff is the wait before transient retry n (1, 2, …).
func backoff(n int) time.Duration { return backoffBase << (n - 1) }

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func netErrorType(err error) string {
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return "TimedOut"
	}
	return "NetworkError"
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
