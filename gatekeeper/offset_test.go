package gatekeeper_test

import (
	"context"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper"
	"github.com/nezuko/nezuko/telegramtest"
)

// The offset tracker's watermark only passes updates that are all done.
func TestOffsetWatermark(t *testing.T) {
	o := gatekeeper.NewOffsetTracker(10)
	if o.Begin(10) || o.Begin(3) {
		t.Fatal("an update at or below the saved offset was accepted")
	}
	for _, id := range []int64{11, 12, 13} {
		if !o.Begin(id) {
			t.Fatalf("update %d refused", id)
		}
	}
	if o.Begin(12) {
		t.Fatal("an update in flight was accepted twice")
	}
	o.Finish(12)
	if o.Last() != 10 || o.Begin(12) {
		t.Fatalf("watermark %d after finishing 12 with 11 in flight; or 12 accepted again", o.Last())
	}
	o.Finish(11)
	if o.Last() != 12 {
		t.Fatalf("watermark = %d, want 12", o.Last())
	}
	o.Finish(13)
	if o.Last() != 13 || o.Begin(12) || o.Begin(13) {
		t.Fatalf("watermark = %d, want 13", o.Last())
	}
}

// Webhook redelivery and a restart never handle an update twice, and the restarted
// bot resumes after the saved offset.
func TestRestartDoesNotHandleAnUpdateTwice(t *testing.T) {
	w := newWorld(t)
	group := w.supergroup("Fans")
	news := w.channel("News", "news")
	w.protect(w.botRec, true, group, news)
	w.start(false)

	alice := w.tg.AddUser("Alice")
	mustV[telegramtest.Message](t)(w.tg.Join(group.ID, alice))
	updates := w.pump() // fetched but not confirmed: the fake still holds them
	for _, u := range updates {
		w.e.Handle(context.Background(), w.b, u) // a webhook redelivery
	}
	if n := len(w.callsFor("restrictChatMember", alice.ID)); n != 1 {
		t.Fatalf("restricts = %d, want 1", n)
	}
	last := updates[len(updates)-1].ID
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	must(t, w.e.Close(ctx))
	rec, err := w.app.FindFirstRecordByData(c.BotOffsets, c.FieldBotID, w.gate.ID)
	must(t, err)
	if got := c.Wrap(&c.BotOffset{}, rec).LastUpdateID(); got != last {
		t.Fatalf("saved offset = %d, want %d", got, last)
	}

	w.start(true) // a new engine for the same bot, polling from the saved offset
	if w.e.LastUpdateID() < last {
		t.Fatalf("restarted at %d, want %d or later", w.e.LastUpdateID(), last)
	}
	for _, u := range updates {
		w.e.Handle(context.Background(), w.b, u)
	}
	bob := w.tg.AddUser("Bob")
	mustV[telegramtest.Message](t)(w.tg.Join(group.ID, bob))
	w.tg.WaitCall(t, wait, func(call telegramtest.Call) bool {
		return call.Method == "restrictChatMember" && call.Int("user_id") == bob.ID
	})
	if n := len(w.callsFor("restrictChatMember", alice.ID)); n != 1 {
		t.Fatalf("restricts of alice after restart = %d, want 1", n)
	}
}

// Stopping the poller and closing the engine right after a burst of joins loses
// nothing: every join is decided exactly once (by this engine or, for updates it did
// not take, by the next one) and every row is written.
func TestNothingLostOnShutdown(t *testing.T) {
	w := newWorld(t)
	group := w.supergroup("Fans")
	news := w.channel("News", "news")
	w.protect(w.botRec, true, group, news)
	w.setConfig(c.ConfigRatePerGroup, 1000) // Close sends every queued warning

	e, err := gatekeeper.New(gatekeeper.Config{App: w.app, Logs: w.logs, BotRecordID: w.botRec, BotID: w.gate.ID,
		Username: w.gate.Username, APIURL: w.tg.URL, PollTimeout: 5 * time.Second})
	must(t, err)
	b := mustV[*bot.Bot](t)(bot.New(w.gate.Token, e.BotOptions()...))
	e.Bind(b)
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { b.Start(ctx); close(done) }()
	w.tg.WaitFor(t, wait, func() bool { return w.tg.Polling(w.gate.ID) })

	const n = 30
	users := make([]telegramtest.User, n)
	for i := range users {
		users[i] = w.tg.AddUser("User")
		mustV[telegramtest.Message](t)(w.tg.Join(group.ID, users[i]))
	}
	w.tg.WaitCall(t, wait, telegramtest.Method("restrictChatMember")) // mid-burst
	stop()
	<-done
	cctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	must(t, e.Close(cctx))

	w.start(true) // the next run takes what the first did not
	w.tg.WaitFor(t, wait, func() bool { return len(w.tg.Calls("restrictChatMember")) >= n })
	w.tg.WaitFor(t, wait, func() bool { return w.tg.Pending(w.gate.ID) == 0 })
	for _, u := range users {
		if k := len(w.callsFor("restrictChatMember", u.ID)); k != 1 {
			t.Fatalf("user %d restricted %d times, want 1", u.ID, k)
		}
	}
	w.flush()
	rows, err := w.app.FindAllRecords(c.VerificationLog)
	must(t, err)
	if len(rows) != n {
		t.Fatalf("verification rows = %d, want %d", len(rows), n)
	}
	calls, err := w.app.FindAllRecords(c.APICallLog)
	must(t, err)
	if want := len(w.tg.Calls("")) - len(w.tg.Calls("getUpdates")); len(calls) != want-1 {
		// every call but getUpdates has its row (the test's own getMe excepted)
		t.Fatalf("api_call_log rows = %d, fake saw %d calls", len(calls), want)
	}
}

// Handle ignores nil updates and updates after Close.
func TestHandleAfterClose(t *testing.T) {
	w := newWorld(t)
	w.start(false)
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	must(t, w.e.Close(ctx))
	w.e.Handle(ctx, w.b, nil)
	w.e.Handle(ctx, w.b, &models.Update{ID: 99, Message: &models.Message{}})
	if w.e.LastUpdateID() != 0 {
		t.Fatal("an update was handled after Close")
	}
	if _, err := w.e.Mute(ctx, 1, 2); err == nil {
		t.Fatal("Mute after Close succeeded")
	}
}
