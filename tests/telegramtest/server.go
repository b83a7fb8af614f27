package telegramtest

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// Server is a fake Bot API server. All its methods are safe for concurrent use.
type Server struct {
	// URL is the base URL to pass to bot.WithServerURL, set by Start.
	URL string

	now          func() time.Time
	queryTTL     time.Duration // how long a callback query may be answered
	local        bool          // behaves as a Bot API server started with --local
	retryMin     time.Duration
	retryMax     time.Duration
	webhookHTTP  *http.Client
	httpServer   *httptest.Server
	done         chan struct{}
	closeOnce    sync.Once
	webhookGroup sync.WaitGroup

	mu      sync.Mutex    // guards everything below
	changed chan struct{} // closed and replaced on every change
	state
	calls  []Call
	faults []*Fault
	flood  floodState
}

// Option configures a Server.
type Option func(*Server)

// WithClock makes the server read the time from now: message dates,
// until_date expiry, flood windows. The default is time.Now.
func WithClock(now func() time.Time) Option {
	return func(s *Server) { s.now = now }
}

// DefaultCallbackDeadline is how long after a button press Telegram accepts
// answerCallbackQuery: about 15 s, after which it answers 400 "Bad Request: query
// is too old and response timeout expired or query ID is invalid" (observed:
// openclaw/openclaw#42156, "Telegram callback queries have a ~15s server-side
// timeout for answerCallbackQuery"; the text is tdlib/telegram-bot-api's for
// QUERY_ID_INVALID).
const DefaultCallbackDeadline = 15 * time.Second

// WithCallbackDeadline sets how long after a press a callback query may be
// answered (default DefaultCallbackDeadline), measured on the server's clock.
func WithCallbackDeadline(d time.Duration) Option {
	return func(s *Server) { s.queryTTL = d }
}

// WithWebhookRetry sets how long webhook delivery waits after a failed POST
// before retrying: first wait, doubling up to max (defaults 50 ms and 1 s).
func WithWebhookRetry(first, max time.Duration) Option {
	return func(s *Server) { s.retryMin, s.retryMax = first, max }
}

// WithLocalMode makes the server behave as a self-hosted Bot API server
// started with --local (telegram-bot-api README, "In the local mode the Bot
// API server allows to: … Use an HTTP URL for the webhook. Use any local IP
// address for the webhook. Use any port for the webhook. Set
// max_webhook_connections up to 100000."): setWebhook then accepts a plain
// http receiver on loopback, as tests need, and max_connections defaults to
// 100. Without it the server is api.telegram.org, which refuses such URLs.
func WithLocalMode() Option {
	return func(s *Server) { s.local = true }
}

// New returns a server that is not listening yet: call Start, or serve it as
// an http.Handler. Close it when done.
func New(opts ...Option) *Server {
	s := &Server{
		now:         time.Now,
		queryTTL:    DefaultCallbackDeadline,
		retryMin:    50 * time.Millisecond,
		retryMax:    time.Second,
		webhookHTTP: &http.Client{Timeout: 10 * time.Second},
		done:        make(chan struct{}),
		changed:     make(chan struct{}),
	}
	s.state.init()
	for _, o := range opts {
		o(s)
	}
	return s
}

// NewServer starts a server on loopback for the test and closes it at cleanup.
func NewServer(tb testing.TB, opts ...Option) *Server {
	tb.Helper()
	s := New(opts...)
	s.Start()
	tb.Cleanup(s.Close)
	return s
}

// Start listens on a free loopback port and sets URL.
func (s *Server) Start() {
	s.httpServer = httptest.NewUnstartedServer(s)
	s.httpServer.Config.BaseContext = func(net.Listener) context.Context { return context.Background() }
	s.httpServer.Start()
	s.URL = s.httpServer.URL
}

// Close ends long polls and webhook deliveries and stops listening.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		s.mu.Lock()
		close(s.done)
		s.notify()
		s.mu.Unlock()
		s.webhookGroup.Wait()
		if s.httpServer != nil {
			s.httpServer.Close()
		}
	})
}

// notify wakes everyone waiting for a change. Callers hold s.mu.
func (s *Server) notify() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// apiError is a Bot API error answer.
type apiError struct {
	code       int
	desc       string
	retryAfter int
	migrateTo  int64 // parameters.migrate_to_chat_id
}

func badRequest(msg string) *apiError { return &apiError{code: 400, desc: "Bad Request: " + msg} }
func forbidden(msg string) *apiError  { return &apiError{code: 403, desc: "Forbidden: " + msg} }

var (
	errUnauthorized = &apiError{code: 401, desc: "Unauthorized"}
	errNotFound     = &apiError{code: 404, desc: "Not Found"}
)

// request is one parsed Bot API call.
type request struct {
	ctx    context.Context
	bot    *botState
	method string
	p      params
	okDesc string // description sent along with ok:true (setWebhook)
}

// ServeHTTP answers /bot<token>/<method> like api.telegram.org.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	token, method, ok := splitPath(r.URL.Path)
	if !ok || !tokenRE.MatchString(token) { // Telegram: a malformed token is no route at all
		writeJSON(w, 404, errorBody(errNotFound))
		return
	}
	p, perr := parseParams(r)
	call := Call{Time: s.clock(), Token: token, Method: method, Params: p}
	s.mu.Lock()
	bt := s.bots[token]
	s.mu.Unlock()
	if bt == nil {
		s.finish(w, &call, nil, errUnauthorized)
		return
	}
	call.BotID = bt.user.ID
	m, known := methods[strings.ToLower(method)]
	if !known {
		s.finish(w, &call, nil, errNotFound)
		return
	}
	call.Method = m.name
	if perr != nil {
		s.finish(w, &call, nil, badRequest(perr.Error()))
		return
	}
	if f := s.takeFault(m.name, token); f != nil {
		if !s.applyFault(w, r, &call, f) {
			return
		}
	}
	req := &request{ctx: r.Context(), bot: bt, method: m.name, p: p}
	var res any
	var aerr *apiError
	if m.unlocked {
		res, aerr = m.fn(s, req)
	} else {
		s.mu.Lock()
		if aerr = s.checkFlood(req); aerr == nil {
			if res, aerr = m.fn(s, req); aerr == nil {
				s.countFlood(req)
			}
		}
		s.notify()
		s.mu.Unlock()
	}
	call.okDesc = req.okDesc
	s.finish(w, &call, res, aerr)
}

// splitPath parses /bot<token>/<method> (also /bot<token>/test/<method>).
func splitPath(path string) (token, method string, ok bool) {
	rest, found := strings.CutPrefix(path, "/bot")
	if !found {
		return "", "", false
	}
	token, method, found = strings.Cut(rest, "/")
	method = strings.TrimPrefix(method, "test/")
	if !found || token == "" || method == "" || strings.Contains(method, "/") {
		return "", "", false
	}
	return token, method, true
}

// finish writes the answer and records the call.
func (s *Server) finish(w http.ResponseWriter, call *Call, res any, aerr *apiError) {
	var body map[string]any
	status := 200
	if aerr != nil {
		body, status = errorBody(aerr), aerr.code
		call.ErrorCode, call.Description, call.RetryAfter = aerr.code, aerr.desc, aerr.retryAfter
		call.MigrateToChatID = aerr.migrateTo
	} else {
		raw, err := json.Marshal(res)
		if err != nil {
			raw = []byte("true")
		}
		call.OK, call.Result = true, raw
		body = map[string]any{"ok": true, "result": json.RawMessage(raw)}
		if call.okDesc != "" {
			body["description"] = call.okDesc
		}
	}
	writeJSON(w, status, body)
	s.record(call)
}

func errorBody(e *apiError) map[string]any {
	b := map[string]any{"ok": false, "error_code": e.code, "description": e.desc}
	switch {
	case e.retryAfter > 0:
		b["parameters"] = map[string]int64{"retry_after": int64(e.retryAfter)}
	case e.migrateTo != 0:
		b["parameters"] = map[string]int64{"migrate_to_chat_id": e.migrateTo}
	}
	return b
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	raw, _ := json.Marshal(body)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(raw)
}

func (s *Server) clock() time.Time { return s.now() }

func (s *Server) unix() int64 { return s.now().Unix() }
