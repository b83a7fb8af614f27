package gatekeeper_test

import (
	"encoding/json"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper"
	"github.com/nezuko/nezuko/tests/telegramtest"
)

// setParams changes a protected group's params as the API would.
func (w *world) setParams(group telegramtest.Chat, change func(p *c.GroupParams)) {
	w.t.Helper()
	rec, err := w.app.FindFirstRecordByData(c.ProtectedGroups, c.FieldGroupID, group.ID)
	must(w.t, err)
	pg := c.Wrap(&c.ProtectedGroup{}, rec)
	p, err := pg.Params()
	must(w.t, err)
	change(&p)
	pg.SetParams(p)
	must(w.t, w.app.Save(pg))
}

// params reads a protected group's params.
func (w *world) params(group telegramtest.Chat) c.GroupParams {
	w.t.Helper()
	rec, err := w.app.FindFirstRecordByData(c.ProtectedGroups, c.FieldGroupID, group.ID)
	must(w.t, err)
	p, err := c.Wrap(&c.ProtectedGroup{}, rec).Params()
	must(w.t, err)
	return p
}

// health reads a protected group's health.
func (w *world) health(group telegramtest.Chat) c.GroupHealth {
	w.t.Helper()
	rec, err := w.app.FindFirstRecordByData(c.ProtectedGroups, c.FieldGroupID, group.ID)
	must(w.t, err)
	h, _ := c.Wrap(&c.ProtectedGroup{}, rec).Health()
	return h
}

// sentTexts are the HTML texts the bot sent to a chat (sendMessage parameters).
func (w *world) sentTexts(chatID int64) []string {
	var out []string
	for _, call := range w.tg.Calls("sendMessage") {
		if call.Int("chat_id") == chatID && call.OK {
			out = append(out, call.Params["text"])
		}
	}
	return out
}

// botTexts are the rendered texts of every message the bot sent to a chat, deleted
// ones included (from the recorded sendMessage results).
func (w *world) botTexts(chatID int64) []string {
	var out []string
	for _, call := range w.tg.Calls("sendMessage") {
		var m telegramtest.Message
		if call.OK && call.Int("chat_id") == chatID && json.Unmarshal(call.Result, &m) == nil {
			out = append(out, m.Text)
		}
	}
	return out
}

// command sends a text as a user and handles the updates; it returns the bot's
// replies that followed, waiting until one contains want.
func (w *world) command(chat telegramtest.Chat, from telegramtest.User, text, want string) []string {
	w.t.Helper()
	before := len(w.botTexts(chat.ID))
	mustV[telegramtest.Message](w.t)(w.tg.Send(chat.ID, from, text))
	w.pump()
	var got []string
	if !w.tg.Await(wait, func() bool { got = w.botTexts(chat.ID)[before:]; return contains(got, want) }) {
		w.t.Fatalf("%q → %q, want a reply containing %q", text, got, want)
	}
	return got
}

// clock is a settable clock for Config.Now.
type clock struct{ offset atomic.Int64 }

func (k *clock) now() time.Time          { return time.Now().Add(time.Duration(k.offset.Load())) }
func (k *clock) advance(d time.Duration) { k.offset.Add(int64(d)) }
func withClock(k *clock) func(*gatekeeper.Config) {
	return func(cfg *gatekeeper.Config) { cfg.Now = k.now }
}

// buttonTexts lists the texts of a message's buttons.
func buttonTexts(m telegramtest.Message) string {
	var out []string
	if m.ReplyMarkup != nil {
		for _, row := range m.ReplyMarkup.InlineKeyboard {
			for _, b := range row {
				out = append(out, b.Text)
			}
		}
	}
	return strings.Join(out, " | ")
}

// eventually polls database state (which has no event to wait on) every 20 ms until
// cond holds, failing after the generous deadline.
func eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting: %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
