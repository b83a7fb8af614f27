package gatekeeper_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/pocketbase/dbx"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper"
	"github.com/nezuko/nezuko/tests/telegramtest"
)

// events records what the engine reports to Events.
type events struct {
	mu     sync.Mutex // guards the fields below
	hits   int
	misses int
	floods []time.Duration
	waits  int
	status map[string]int
}

func (ev *events) CacheLookup(hit bool) {
	ev.mu.Lock()
	defer ev.mu.Unlock()
	if hit {
		ev.hits++
	} else {
		ev.misses++
	}
}

func (ev *events) RateLimitWait(time.Duration) {
	ev.mu.Lock()
	defer ev.mu.Unlock()
	ev.waits++
}

func (ev *events) TooManyRequests(_ string, d time.Duration) {
	ev.mu.Lock()
	defer ev.mu.Unlock()
	ev.floods = append(ev.floods, d)
}

func (ev *events) Decision(status string) {
	ev.mu.Lock()
	defer ev.mu.Unlock()
	if ev.status == nil {
		ev.status = map[string]int{}
	}
	ev.status[status]++
}

// A 429 on restrictChatMember is retried after retry_after, not before.
func TestTooManyRequestsIsRetriedAfterRetryAfter(t *testing.T) {
	w, group, _ := newFansWorld(t)
	ev := &events{}
	w.start(false, func(cfg *gatekeeper.Config) { cfg.Events = ev })
	w.tg.InjectFault(telegramtest.Fault{Method: "restrictChatMember", Kind: telegramtest.FaultTooManyRequests, RetryAfter: 1})

	alice := w.tg.AddUser("Alice")
	mustV[telegramtest.Message](t)(w.tg.Join(group.ID, alice))
	w.pump()
	calls := w.callsFor("restrictChatMember", alice.ID)
	if len(calls) != 2 || calls[0].ErrorCode != 429 || !calls[1].OK {
		t.Fatalf("restrict calls = %v", calls)
	}
	if gap := calls[1].Time.Sub(calls[0].Time); gap < time.Second {
		t.Fatalf("retried after %v, before retry_after (1 s)", gap)
	}
	if w.tg.Member(group.ID, alice.ID).Status != telegramtest.StatusRestricted {
		t.Fatal("not restricted after the retry")
	}
	rows := w.apiCalls("restrictChatMember")
	if len(rows) != 2 || rows[0].GetString(c.FieldErrorType) != "TooManyRequests" || !rows[1].GetBool(c.FieldSuccess) {
		t.Fatalf("api_call_log rows = %d", len(rows))
	}
	if len(ev.floods) != 1 || ev.floods[0] != time.Second {
		t.Fatalf("TooManyRequests events = %v", ev.floods)
	}
}

// A permanent error (the bot may not restrict) is tried once, logged with its reason,
// and no warning follows a failed mute.
func TestPermanentErrorIsNotRetried(t *testing.T) {
	w := newWorld(t)
	group := w.tg.AddSupergroup("Fans")
	must(t, w.tg.SetMember(group.ID, w.gate.ID, telegramtest.Admin(telegramtest.AdminRights{CanDeleteMessages: true})))
	news := w.channel("News", "news")
	w.protect(w.botRec, true, group, news)
	w.start(false)

	alice := w.tg.AddUser("Alice")
	mustV[telegramtest.Message](t)(w.tg.Join(group.ID, alice))
	w.pump()
	if n := len(w.tg.Calls("restrictChatMember")); n != 1 {
		t.Fatalf("restrict calls = %d, want 1 (not retried)", n)
	}
	if n := len(w.tg.Calls("sendMessage")); n != 0 {
		t.Fatalf("warnings after a failed mute = %d", n)
	}
	rows := w.apiCalls("restrictChatMember")
	if len(rows) != 1 || rows[0].GetString(c.FieldErrorType) != "BadRequest" || rows[0].GetBool(c.FieldSuccess) {
		t.Fatalf("api_call_log = %v", rows)
	}
	logs, err := w.app.FindAllRecords(c.AdminLogs, dbx.HashExp{c.FieldLevel: c.LevelWarning})
	must(t, err)
	found := false
	for _, l := range logs {
		found = found || strings.Contains(l.GetString(c.FieldMessage), "not enough rights")
	}
	if !found {
		t.Fatal("no admin log names the reason")
	}
}

// 5xx answers are retried with backoff: 3 tries in all.
func TestServerErrorsAreRetried(t *testing.T) {
	w, group, news := newFansWorld(t)
	w.start(false)
	w.tg.InjectFault(telegramtest.Fault{Method: "getChatMember", Kind: telegramtest.FaultServerError, Status: 502, Times: 2})

	alice := w.tg.AddUser("Alice")
	w.member(alice, news)
	mustV[telegramtest.Message](t)(w.tg.Join(group.ID, alice))
	w.pump()
	if n := len(w.callsFor("getChatMember", alice.ID)); n != 3 {
		t.Fatalf("getChatMember calls = %d, want 3", n)
	}
	rows := w.verifications(alice.ID)
	if len(rows) != 1 || rows[0].GetString(c.FieldStatus) != c.Verified {
		t.Fatalf("rows = %v", rows)
	}
	if n := len(w.tg.Calls("restrictChatMember")); n != 0 {
		t.Fatalf("a member was restricted after transient errors")
	}
}

// A lookup that keeps failing is logged as an error; on_error=restrict (the default)
// mutes, and the bot's token appears in no error, row or log.
func TestFailedLookupAndTokenRedaction(t *testing.T) {
	w, group, _ := newFansWorld(t)
	var errs []error
	var mu sync.Mutex
	w.start(false, func(cfg *gatekeeper.Config) {
		cfg.OnError = func(err error) { mu.Lock(); errs = append(errs, err); mu.Unlock() }
	})
	w.tg.InjectFault(telegramtest.Fault{Method: "getChatMember", Kind: telegramtest.FaultDrop, Times: 3})

	alice := w.tg.AddUser("Alice")
	mustV[telegramtest.Message](t)(w.tg.Join(group.ID, alice))
	w.pump()
	rows := w.verifications(alice.ID)
	if len(rows) != 1 || rows[0].GetString(c.FieldStatus) != c.VerifyErr || rows[0].GetString(c.FieldErrorType) != "NetworkError" {
		t.Fatalf("row = %v %v", rows[0].GetString(c.FieldStatus), rows[0].GetString(c.FieldErrorType))
	}
	if w.tg.Member(group.ID, alice.ID).Status != telegramtest.StatusRestricted {
		t.Fatal("on_error=restrict did not mute")
	}

	w.tg.InjectFault(telegramtest.Fault{Method: "restrictChatMember", Kind: telegramtest.FaultDrop, Times: 3})
	_, err := w.e.Mute(context.Background(), group.ID, alice.ID)
	if err == nil || strings.Contains(err.Error(), w.gate.Token) || strings.Contains(err.Error(), strings.SplitN(w.gate.Token, ":", 2)[1]) {
		t.Fatalf("Mute error = %v", err)
	}
	w.flush()
	for _, col := range []string{c.AdminLogs, c.APICallLog} {
		recs, err := w.app.FindAllRecords(col)
		must(t, err)
		for _, r := range recs {
			raw, _ := r.MarshalJSON()
			if strings.Contains(string(raw), strings.SplitN(w.gate.Token, ":", 2)[1]) {
				t.Fatalf("%s row contains the token", col)
			}
		}
	}
}

// A revoked token is reported through OnUnauthorized (once) and OnPoll.
func TestUnauthorizedIsReported(t *testing.T) {
	w := newWorld(t)
	group := w.supergroup("Fans")
	unauth := make(chan struct{}, 4)
	polls := make(chan error, 64)
	w.start(true, func(cfg *gatekeeper.Config) {
		cfg.OnUnauthorized = func() { unauth <- struct{}{} }
		cfg.OnPoll = func(err error) {
			select {
			case polls <- err:
			default:
			}
		}
	})
	w.tg.RevokeToken(w.gate.ID)
	select {
	case <-unauth:
	case <-time.After(wait):
		t.Fatal("OnUnauthorized not called")
	}
	deadline := time.After(wait)
	for {
		select {
		case err := <-polls:
			if errors.Is(err, bot.ErrorUnauthorized) {
				_, merr := w.e.Mute(context.Background(), group.ID, 1)
				if merr == nil {
					t.Fatal("Mute with a revoked token succeeded")
				}
				return
			}
		case <-deadline:
			t.Fatal("OnPoll never reported the 401")
		}
	}
}

// Warnings beyond rate_per_group_per_minute wait in the group's queue (restricts do
// not); a user's newer warning replaces their queued one; a higher rate releases it.
func TestGroupWarningQueue(t *testing.T) {
	w, group, _ := newFansWorld(t)
	w.start(false)
	w.e.SetGroupRate(2)

	var users []telegramtest.User
	for _, name := range []string{"Ann", "Ben", "Cat"} {
		u := w.tg.AddUser(name)
		users = append(users, u)
		mustV[telegramtest.Message](t)(w.tg.Join(group.ID, u))
	}
	w.pump()
	if n := len(w.tg.Calls("restrictChatMember")); n != 3 {
		t.Fatalf("restricts = %d, want 3 (not held back)", n)
	}
	w.tg.WaitFor(t, wait, func() bool { return len(w.warnings(group.ID)) == 2 })
	cat := users[2]
	if !w.e.HasWarning(group.ID, cat.ID) {
		t.Fatal("the third warning is not queued")
	}
	w.e.Warn(group.ID, cat.ID, "second warning for Cat")
	queued := w.e.QueuedWarnings(group.ID)
	if queued != 1 {
		t.Fatalf("queued = %d, want 1 (replaced)", queued)
	}
	w.e.SetGroupRate(3)
	w.tg.WaitFor(t, wait, func() bool { return len(w.warnings(group.ID)) == 3 })
	if last := w.warnings(group.ID)[2]; last.Text != "second warning for Cat" {
		t.Fatalf("third warning = %q, want the replacement", last.Text)
	}
}

// Engines given one Config.Shared handle no more updates at once than its capacity,
// all together: while the process's only slot is taken, a join waits (at Telegram's
// side nothing is called); once it is free, the join is handled.
func TestSharedHandlingBound(t *testing.T) {
	shared := make(chan struct{}, 1)
	w, group, _ := newFansWorld(t)
	w.start(true, func(cfg *gatekeeper.Config) { cfg.Shared = shared })
	shared <- struct{}{} // another bot's update, being handled
	alice := w.tg.AddUser("Alice")
	mustV[telegramtest.Message](t)(w.tg.Join(group.ID, alice))
	if w.tg.Await(500*time.Millisecond, func() bool { return len(w.callsFor("getChatMember", alice.ID)) > 0 }) {
		t.Fatal("the join was handled while the shared bound was full")
	}
	<-shared
	w.tg.WaitCall(t, wait, func(call telegramtest.Call) bool {
		return call.Method == "restrictChatMember" && call.Int("user_id") == alice.ID
	})
	w.tg.WaitFor(t, wait, func() bool { return len(shared) == 0 }) // given back after the join
}
