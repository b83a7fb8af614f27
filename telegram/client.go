package telegram

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"
)

// Retry rules of DESIGN.md §4.
const (
	maxTries        = 3                      // attempts for a call that fails transiently (5xx, network)
	maxFloodRetries = 5                      // 429 answers honoured for one call before giving up
	backoffBase     = 250 * time.Millisecond // first wait after a transient failure; doubles
	callTimeout     = 20 * time.Second       // one attempt of a method (not getUpdates)
	pollGrace       = 10 * time.Second       // a getUpdates answer may come this late after its long-poll timeout
)

// Defaults of Config.
const (
	DefaultPollTimeout   = 30 * time.Second // Config.PollTimeout
	DefaultRatePerSecond = 25               // Config.RatePerSecond (DESIGN.md: ≤ 25 messages/s per bot)
)

// Call is one HTTP attempt of a Bot API method: one api_call_log row.
type Call struct {
	Method         string
	ChatID, UserID int64 // what the call is about (WithCall, else the request's chat_id and user_id)
	BotID          int64
	Success        bool
	LatencyMS      float64
	ErrorType      string // "" on success; ErrorType's names, or collections.ExpectedRefusal + reason
	At             time.Time
}

// Events receives the client's counters (for Prometheus metrics).
type Events interface {
	RateLimitWait(d time.Duration)                           // a send waited for a rate limit
	TooManyRequests(method string, retryAfter time.Duration) // Telegram answered 429
}

// noEvents is the Events of a client without an observer.
type noEvents struct{}

func (noEvents) RateLimitWait(time.Duration)           {}
func (noEvents) TooManyRequests(string, time.Duration) {}

// Config is what a Client needs; every field is optional.
type Config struct {
	BotID  int64        // written into every Call
	OnCall func(Call)   // the api_call_log sink, told of every attempt but getUpdates
	Events Events       // nil = none
	Logger *slog.Logger // nil = slog.Default(); refusals at WARN (expected ones at DEBUG), a 401 at ERROR

	// OnUnauthorized is called once, in its own goroutine, when Telegram answers 401
	// to any call (a revoked token): the bot must be stopped.
	OnUnauthorized func()
	// OnPoll is told the outcome of every getUpdates: nil on success, else the error
	// (errors.Is with bot.ErrorUnauthorized, bot.ErrorConflict or
	// bot.ErrorTooManyRequests, the latter once retry_after has been waited).
	OnPoll func(err error)
	// OnMigrate is called, before the refused call returns, when Telegram answers 400
	// with parameters.migrate_to_chat_id: the call's chat became that supergroup.
	OnMigrate func(ctx context.Context, chatID, newChatID int64)

	PollTimeout   time.Duration    // long-poll duration of getUpdates (DefaultPollTimeout)
	RatePerSecond float64          // sendMessage and editMessageText per second (DefaultRatePerSecond); see SetRate
	Now           func() time.Time // the clock of Call.At (default time.Now); latencies use the real clock
}

// Client is the http client of one bot (bot.WithHTTPClient): it writes a Call per
// HTTP attempt, retries, honours retry_after, holds sends to the bot's rate, redacts
// the token and reports 401s and poll outcomes. It holds nothing of the engine.
type Client struct {
	cfg     Config
	log     *slog.Logger
	ev      Events
	http    *http.Client
	limiter *rate.Limiter // sendMessage and editMessageText per bot
	token   atomic.Pointer[string]
	unauth  sync.Once
	// conflict is set by the first 409 to getUpdates: another process took over this
	// token, and a further poll of ours would end its poll (and it ours) in turn.
	conflict atomic.Bool
}

// New builds a Client from cfg, with its defaults filled in.
func New(cfg Config) *Client {
	if cfg.PollTimeout <= 0 {
		cfg.PollTimeout = DefaultPollTimeout
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	c := &Client{cfg: cfg, log: cfg.Logger, ev: cfg.Events, limiter: rate.NewLimiter(DefaultRatePerSecond, 5)}
	if c.log == nil {
		c.log = slog.Default()
	}
	if c.ev == nil {
		c.ev = noEvents{}
	}
	if cfg.RatePerSecond > 0 {
		c.SetRate(cfg.RatePerSecond)
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConns, tr.MaxIdleConnsPerHost = 256, 256
	c.http = &http.Client{Transport: tr}
	return c
}

// PollTimeout is the long-poll duration, for bot.WithHTTPClient.
func (c *Client) PollTimeout() time.Duration { return c.cfg.PollTimeout }

// SetRate applies rate_per_bot_per_second (burst: a fifth of a second's worth);
// 0 or less means DefaultRatePerSecond.
func (c *Client) SetRate(perSecond float64) {
	if perSecond <= 0 {
		perSecond = DefaultRatePerSecond
	}
	c.limiter.SetLimit(rate.Limit(perSecond))
	c.limiter.SetBurst(max(1, int(perSecond/5)))
}

// Do sends one Bot API request, with the logging and retry rules of the package doc.
func (c *Client) Do(req *http.Request) (*http.Response, error) {
	method := c.learn(req.URL.Path)
	if method == "getUpdates" {
		return c.poll(req)
	}
	ctx := req.Context()
	body, err := io.ReadAll(req.Body)
	req.Body.Close()
	if err != nil {
		return nil, c.Redact(err)
	}
	info, ok := ctx.Value(callKey{}).(callInfo)
	if !ok {
		info = formIDs(req.Header.Get("Content-Type"), body)
	}
	if method == "sendMessage" || method == "editMessageText" { // edits share the sending limits (tdlib/td#3034)
		if err := c.waitRate(ctx); err != nil {
			return nil, err
		}
	}
	transient, floods := 0, 0
	for {
		resp, respBody, lat, err := c.attempt(ctx, req, body)
		if err != nil {
			c.logCall(method, info, false, lat, netErrorType(err))
			transient++
			if ctx.Err() != nil || transient >= maxTries {
				return nil, c.Redact(err)
			}
			if err := Sleep(ctx, backoff(transient)); err != nil {
				return nil, err
			}
			continue
		}
		if resp.StatusCode == http.StatusOK && !json.Valid(respBody) {
			// A 200 whose body is not JSON (a truncated answer, a proxy's page) is a
			// transient failure like a dropped connection: retried, and after the last
			// try go-telegram/bot reports the undecodable answer.
			c.logCall(method, info, false, lat, "MalformedResponse")
			transient++
			if transient >= maxTries {
				return resp, nil
			}
			if err := Sleep(ctx, backoff(transient)); err != nil {
				return resp, nil
			}
			continue
		}
		if resp.StatusCode == http.StatusOK {
			c.logCall(method, info, true, lat, "")
			return resp, nil
		}
		ae := parseAPIError(respBody, resp.StatusCode)
		c.logCall(method, info, false, lat, ae.logType(method))
		switch {
		case ae.code == http.StatusTooManyRequests:
			floods++
			wait := time.Duration(max(ae.retryAfter, 1)) * time.Second
			c.ev.TooManyRequests(method, wait)
			if floods > maxFloodRetries {
				return resp, nil
			}
			if err := Sleep(ctx, wait); err != nil {
				return resp, nil
			}
		case ae.code >= 500:
			transient++
			if transient >= maxTries {
				return resp, nil
			}
			if err := Sleep(ctx, backoff(transient)); err != nil {
				return resp, nil
			}
		case ae.code == http.StatusUnauthorized:
			c.unauthorized()
			return resp, nil
		case ae.migrateTo != 0:
			// The call's chat was a basic group that Telegram upgraded.
			if f := c.cfg.OnMigrate; f != nil {
				f(ctx, info.chatID, ae.migrateTo)
			}
			return resp, nil
		default:
			c.refused(method, info, ae)
			return resp, nil
		}
	}
}

// attempt sends the request once and reads the whole answer.
func (c *Client) attempt(ctx context.Context, req *http.Request, body []byte) (*http.Response, []byte, time.Duration, error) {
	actx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	r := req.Clone(actx)
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.ContentLength = int64(len(body))
	r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	start := time.Now()
	resp, err := c.http.Do(r)
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
func (c *Client) waitRate(ctx context.Context) error {
	r := c.limiter.Reserve()
	d := r.Delay()
	if d <= 0 {
		return nil
	}
	c.ev.RateLimitWait(d)
	if err := Sleep(ctx, d); err != nil {
		r.Cancel()
		return err
	}
	return nil
}

// logCall reports one attempt to Config.OnCall.
func (c *Client) logCall(method string, info callInfo, ok bool, lat time.Duration, errType string) {
	if c.cfg.OnCall == nil {
		return
	}
	c.cfg.OnCall(Call{Method: method, ChatID: info.chatID, UserID: info.userID, BotID: c.cfg.BotID,
		Success: ok, LatencyMS: ms(lat), ErrorType: errType, At: c.cfg.Now()})
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
