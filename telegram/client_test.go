package telegram_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/telegram"
	"github.com/nezuko/nezuko/tests/telegramtest"
)

// wait is the generous deadline for what happens in the background.
const wait = 10 * time.Second

// sink records what a Client reports.
type sink struct {
	mu     sync.Mutex // guards the fields below
	calls  []telegram.Call
	floods []time.Duration
	waits  int
	polls  []error
}

func (s *sink) add(cl telegram.Call) { s.mu.Lock(); s.calls = append(s.calls, cl); s.mu.Unlock() }

func (s *sink) RateLimitWait(time.Duration) { s.mu.Lock(); s.waits++; s.mu.Unlock() }

func (s *sink) TooManyRequests(_ string, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.floods = append(s.floods, d)
}

func (s *sink) polled(err error) { s.mu.Lock(); s.polls = append(s.polls, err); s.mu.Unlock() }

// of returns the recorded calls of a method.
func (s *sink) of(method string) []telegram.Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []telegram.Call
	for _, cl := range s.calls {
		if cl.Method == method {
			out = append(out, cl)
		}
	}
	return out
}

// world is a fake Telegram, one of its bots, and a Client for it.
type world struct {
	tg  *telegramtest.Server
	bt  telegramtest.Bot
	s   *sink
	cl  *telegram.Client
	b   *bot.Bot
	cfg telegram.Config
}

func newWorld(t *testing.T, opts ...func(*telegram.Config)) *world {
	t.Helper()
	w := &world{tg: telegramtest.NewServer(t), s: &sink{}}
	w.bt = w.tg.AddBot("gate_bot")
	w.cfg = telegram.Config{BotID: w.bt.ID, OnCall: w.s.add, Events: w.s, OnPoll: w.s.polled, PollTimeout: time.Second}
	for _, o := range opts {
		o(&w.cfg)
	}
	w.cl = telegram.New(w.cfg)
	b, err := bot.New(w.bt.Token, bot.WithServerURL(w.tg.URL), bot.WithSkipGetMe(),
		bot.WithHTTPClient(w.cl.PollTimeout(), w.cl), bot.WithErrorsHandler(func(error) {}))
	if err != nil {
		t.Fatal(err)
	}
	w.b = b
	return w
}

// group is a supergroup with the bot as its admin.
func (w *world) group() telegramtest.Chat {
	g := w.tg.AddSupergroup("Fans")
	if err := w.tg.SetMember(g.ID, w.bt.ID, telegramtest.Admin(telegramtest.AdminRights{CanDeleteMessages: true})); err != nil {
		panic(err)
	}
	return g
}

// A call's attempts are each one Call with the chat and user of WithCall; 5xx answers
// are retried with backoff, 3 tries in all.
func TestServerErrorsAreRetriedAndEachAttemptLogged(t *testing.T) {
	w := newWorld(t)
	group := w.group()
	w.tg.InjectFault(telegramtest.Fault{Method: "sendMessage", Kind: telegramtest.FaultServerError, Status: 502, Times: 2})
	_, err := w.b.SendMessage(telegram.WithCall(context.Background(), group.ID, 42), &bot.SendMessageParams{ChatID: group.ID, Text: "hi"})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(w.tg.Calls("sendMessage")); n != 3 {
		t.Fatalf("sendMessage calls = %d, want 3", n)
	}
	calls := w.s.of("sendMessage")
	if len(calls) != 3 || calls[0].ErrorType != "ServerError" || calls[1].ErrorType != "ServerError" || !calls[2].Success {
		t.Fatalf("logged calls = %+v", calls)
	}
	for _, cl := range calls {
		if cl.ChatID != group.ID || cl.UserID != 42 || cl.BotID != w.bt.ID || cl.At.IsZero() {
			t.Fatalf("call = %+v", cl)
		}
	}
}

// Without WithCall the chat comes from the request itself; a refusal that is part
// of normal work is logged as expected and not retried.
func TestExpectedRefusalIsNotRetried(t *testing.T) {
	w := newWorld(t)
	group := w.group()
	_, err := w.b.DeleteMessage(context.Background(), &bot.DeleteMessageParams{ChatID: group.ID, MessageID: 999})
	if err == nil {
		t.Fatal("deleting an unknown message succeeded")
	}
	calls := w.s.of("deleteMessage")
	if n := len(w.tg.Calls("deleteMessage")); n != 1 || len(calls) != 1 {
		t.Fatalf("deleteMessage calls = %d, logged %d, want 1", n, len(calls))
	}
	if cl := calls[0]; cl.Success || cl.ChatID != group.ID || !strings.HasPrefix(cl.ErrorType, c.ExpectedRefusal+"message to delete not found") {
		t.Fatalf("call = %+v", cl)
	}
	if got := telegram.ErrorType(err); got != "BadRequest" {
		t.Fatalf("ErrorType = %q", got)
	}
}

// A 429 is retried after retry_after, reported to Events.
func TestTooManyRequestsWaitsRetryAfter(t *testing.T) {
	w := newWorld(t)
	group := w.group()
	w.tg.InjectFault(telegramtest.Fault{Method: "sendMessage", Kind: telegramtest.FaultTooManyRequests, RetryAfter: 1})
	if _, err := w.b.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: group.ID, Text: "hi"}); err != nil {
		t.Fatal(err)
	}
	calls := w.tg.Calls("sendMessage")
	if len(calls) != 2 || calls[0].ErrorCode != 429 || !calls[1].OK {
		t.Fatalf("calls = %v", calls)
	}
	if gap := calls[1].Time.Sub(calls[0].Time); gap < time.Second {
		t.Fatalf("retried after %v, before retry_after (1 s)", gap)
	}
	if len(w.s.floods) != 1 || w.s.floods[0] != time.Second || w.s.of("sendMessage")[0].ErrorType != "TooManyRequests" {
		t.Fatalf("floods = %v, calls = %+v", w.s.floods, w.s.of("sendMessage"))
	}
}

// Messages wait for the bot's rate (SetRate), and the wait is reported.
func TestSendsWaitForTheBotsRate(t *testing.T) {
	w := newWorld(t)
	group := w.group()
	w.cl.SetRate(2) // burst 1
	for range 2 {
		if _, err := w.b.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: group.ID, Text: "hi"}); err != nil {
			t.Fatal(err)
		}
	}
	if w.s.waits != 1 {
		t.Fatalf("rate waits = %d, want 1", w.s.waits)
	}
}

// Network failures are retried and the returned error has no token in it.
func TestNetworkErrorsAreRedacted(t *testing.T) {
	w := newWorld(t)
	w.tg.InjectFault(telegramtest.Fault{Method: "getChat", Kind: telegramtest.FaultDrop, Times: 3})
	_, err := w.b.GetChat(context.Background(), &bot.GetChatParams{ChatID: 1})
	if err == nil {
		t.Fatal("no error after 3 dropped connections")
	}
	secret := strings.SplitN(w.bt.Token, ":", 2)[1]
	if strings.Contains(err.Error(), secret) || strings.Contains(w.cl.Redact(err).Error(), secret) {
		t.Fatalf("error contains the token: %v", err)
	}
	calls := w.s.of("getChat")
	if len(calls) != 3 || calls[0].ErrorType != "NetworkError" {
		t.Fatalf("calls = %+v", calls)
	}
	if got := telegram.ErrorType(err); got != "NetworkError" {
		t.Fatalf("ErrorType = %q", got)
	}
}

// A 401 calls OnUnauthorized (in its own goroutine).
func TestUnauthorizedIsReported(t *testing.T) {
	unauth := make(chan struct{}, 2)
	w := newWorld(t, func(cfg *telegram.Config) { cfg.OnUnauthorized = func() { unauth <- struct{}{} } })
	w.tg.RevokeToken(w.bt.ID)
	if _, err := w.b.GetMe(context.Background()); !errors.Is(err, bot.ErrorUnauthorized) {
		t.Fatalf("GetMe error = %v", err)
	}
	select {
	case <-unauth:
	case <-time.After(wait):
		t.Fatal("OnUnauthorized not called")
	}
}

// A 400 with migrate_to_chat_id goes to OnMigrate with the call's chat.
func TestMigrationIsReported(t *testing.T) {
	type move struct{ from, to int64 }
	moves := make(chan move, 2)
	w := newWorld(t, func(cfg *telegram.Config) {
		cfg.OnMigrate = func(_ context.Context, from, to int64) { moves <- move{from, to} }
	})
	group := w.tg.AddGroup("Fans")
	super, err := w.tg.MigrateToSupergroup(group.ID, w.tg.Owner(group.ID))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.b.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: group.ID, Text: "hi"}); err == nil {
		t.Fatal("a message to the old group was sent")
	}
	select {
	case m := <-moves:
		if m.from != group.ID || m.to != super.ID {
			t.Fatalf("OnMigrate(%d, %d), want (%d, %d)", m.from, m.to, group.ID, super.ID)
		}
	default:
		t.Fatal("OnMigrate not called before the call returned")
	}
}

// poll sends one getUpdates through the client (as go-telegram/bot's poller does).
func poll(t *testing.T, w *world, timeout string) (*http.Response, error) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, w.tg.URL+"/bot"+w.bt.Token+"/getUpdates?timeout="+timeout, nil)
	if err != nil {
		t.Fatal(err)
	}
	return w.cl.Do(req)
}

// A getUpdates ended with 409 by another process's poll is reported as a conflict,
// and the client polls no more; polls are not logged as calls.
func TestConflictStopsPolling(t *testing.T) {
	w := newWorld(t)
	done := make(chan error, 1)
	go func() {
		resp, err := poll(t, w, "5")
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	w.tg.WaitFor(t, wait, func() bool { return w.tg.Polling(w.bt.ID) })
	other, err := http.Get(w.tg.URL + "/bot" + w.bt.Token + "/getUpdates?timeout=1") // another process
	if err != nil {
		t.Fatal(err)
	}
	other.Body.Close()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(wait):
		t.Fatal("the first poll was not ended")
	}
	w.s.mu.Lock()
	polls := append([]error(nil), w.s.polls...)
	w.s.mu.Unlock()
	if len(polls) != 1 || !errors.Is(polls[0], bot.ErrorConflict) || !strings.Contains(polls[0].Error(), "terminated by other getUpdates request") {
		t.Fatalf("OnPoll got %v", polls)
	}
	before := len(w.tg.Calls("getUpdates"))
	if _, err := poll(t, w, "0"); !errors.Is(err, bot.ErrorConflict) {
		t.Fatalf("poll after a conflict: %v", err)
	}
	if len(w.tg.Calls("getUpdates")) != before || len(w.s.of("getUpdates")) != 0 {
		t.Fatal("the client polled again after a conflict, or logged a poll")
	}
}
