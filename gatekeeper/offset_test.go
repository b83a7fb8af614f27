package gatekeeper_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper"
	"github.com/nezuko/nezuko/tests/telegramtest"
)

// A webhook delivery of a lower update_id after a higher one (parallel connections,
// a retried delivery) is handled, not taken for a duplicate.
func TestOutOfOrderUpdatesAreHandled(t *testing.T) {
	w, group, _ := newFansWorld(t)
	w.start(false)
	alice, bob := w.tg.AddUser("Alice"), w.tg.AddUser("Bob")
	mustV[telegramtest.Message](t)(w.tg.Join(group.ID, alice))
	mustV[telegramtest.Message](t)(w.tg.Join(group.ID, bob))
	updates := fetch(t, w)
	slices.Reverse(updates)
	for _, u := range updates {
		w.e.Handle(context.Background(), w.b, u)
	}
	for _, u := range []telegramtest.User{alice, bob} {
		if n := len(w.callsFor("restrictChatMember", u.ID)); n != 1 {
			t.Fatalf("user %s restricted %d times, want 1", u.FirstName, n)
		}
	}
}

// After a week without updates Telegram numbers the next update randomly, here lower
// than before: a polling bot follows it, whether it keeps running or restarts.
func TestNumberingRestartIsFollowed(t *testing.T) {
	for _, restart := range []bool{false, true} {
		t.Run(fmt.Sprint("restart=", restart), func(t *testing.T) {
			w, group, _ := newFansWorld(t)
			w.start(true)
			alice := w.tg.AddUser("Alice")
			mustV[telegramtest.Message](t)(w.tg.Join(group.ID, alice))
			w.tg.WaitFor(t, wait, func() bool {
				return len(w.callsFor("restrictChatMember", alice.ID)) == 1 && w.tg.Pending(w.gate.ID) == 0
			})
			if restart {
				w.stopEngine()
			}
			_, err := w.tg.IdleWeek(w.gate.ID)
			must(t, err)
			bob := w.tg.AddUser("Bob")
			mustV[telegramtest.Message](t)(w.tg.Join(group.ID, bob))
			if restart {
				w.start(true)
			}
			w.tg.WaitCall(t, wait, func(call telegramtest.Call) bool {
				return call.Method == "restrictChatMember" && call.Int("user_id") == bob.ID
			})
			if n := len(w.callsFor("restrictChatMember", alice.ID)); n != 1 {
				t.Fatalf("alice restricted %d times, want 1", n)
			}
		})
	}
}

// fetch returns the bot's pending updates without confirming them.
func fetch(t *testing.T, w *world) []*models.Update {
	t.Helper()
	resp, err := http.PostForm(w.tg.URL+"/bot"+w.gate.Token+"/getUpdates", url.Values{"timeout": {"0"}})
	must(t, err)
	defer resp.Body.Close()
	var out struct {
		Result []*models.Update `json:"result"`
	}
	must(t, json.NewDecoder(resp.Body).Decode(&out))
	return out.Result
}

// Webhook redelivery and a restart never handle an update twice, and the restarted
// bot resumes after the saved offset.
func TestRestartDoesNotHandleAnUpdateTwice(t *testing.T) {
	w, group, _ := newFansWorld(t)
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
	w, group, _ := newFansWorld(t)
	w.setConfig(c.ConfigRatePerGroup, 1000) // Close sends every queued warning

	e, err := gatekeeper.New(gatekeeper.Config{App: w.app, Logs: w.logs, BotRecordID: w.botRec, BotID: w.gate.ID,
		Username: w.gate.Username, APIURL: w.tg.URL, PollTimeout: 5 * time.Second})
	must(t, err)
	must(t, e.Start(context.Background()))
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
	// Every call but getUpdates has its row (the test's own getMe excepted). Background
	// work (stored timers, the mute re-check) may still be calling: wait until the rows
	// catch up with the calls.
	var logged, want int
	w.tg.WaitFor(t, wait, func() bool {
		w.flush()
		calls, err := w.app.FindAllRecords(c.APICallLog)
		must(t, err)
		logged, want = len(calls), len(w.tg.Calls(""))-len(w.tg.Calls("getUpdates"))-1
		return logged == want
	})
	if logged != want {
		t.Fatalf("api_call_log rows = %d, want one per call: %d", logged, want)
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

// Telegram sends two updates for one join (the service message and chat_member). When
// the bot stops between them, the restarted bot makes no second decision about it:
// no second verification row, restrict or warning.
func TestJoinSplitByARestartIsDecidedOnce(t *testing.T) {
	w, group, _ := newFansWorld(t)
	w.start(false)
	alice := w.tg.AddUser("Alice")
	mustV[telegramtest.Message](t)(w.tg.Join(group.ID, alice))
	updates := fetch(t, w)
	if len(updates) != 2 {
		t.Fatalf("%d updates for one join, want 2 (service message and chat_member)", len(updates))
	}
	w.e.Handle(context.Background(), w.b, updates[0])
	w.stopEngine()
	w.start(false)
	w.e.Handle(context.Background(), w.b, updates[1])
	w.flush()
	if n := len(w.callsFor("restrictChatMember", alice.ID)); n != 1 {
		t.Fatalf("alice restricted %d times, want 1", n)
	}
	if rows := w.verifications(alice.ID); len(rows) != 1 {
		t.Fatalf("%d verification rows for one join, want 1", len(rows))
	}
}
