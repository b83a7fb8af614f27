package gatekeeper_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper"
	"github.com/nezuko/nezuko/tests/telegramtest"
)

// deletes counts the deleteMessage calls per message id in a chat.
func (w *world) deletes(chatID int64) map[int64]int {
	n := map[int64]int{}
	for _, call := range w.tg.Calls("deleteMessage") {
		if call.Int("chat_id") == chatID {
			n[call.Int("message_id")]++
		}
	}
	return n
}

// Join → warning → the user joins the channel and presses "I have joined" before the
// bot saw the join: the chat_member update removes the warning, and neither the press
// (which names the same message) nor the warning's auto-deletion deletes it again; its
// stored timer goes with the deletion, so a restart cannot either.
func TestEachMessageIsDeletedAtMostOnce(t *testing.T) {
	w, group, news := newFansWorld(t)
	w.setParams(group, func(p *c.GroupParams) { ttl := 600; p.WarningTTLSeconds = &ttl })
	w.start(false)

	alice := w.joinWarned(t, group, "Alice")
	warn := w.warnings(group.ID)[0]
	eventually(t, "the warning's auto-deletion stored", func() bool {
		rows, err := w.app.FindAllRecords(c.BotTimers)
		return err == nil && len(rows) == 1
	})

	mustV[telegramtest.Message](t)(w.tg.Join(news.ID, alice))
	q := mustV[string](t)(w.tg.Press(alice, warn, "I have joined"))
	w.pump() // the channel's chat_member update, then the press
	w.tg.WaitFor(t, wait, func() bool { _, ok := w.tg.CallbackAnswer(q); return ok })
	if a, _ := w.tg.CallbackAnswer(q); a.Text != gatekeeper.AnswerVerified {
		t.Fatalf("answer = %+v", a)
	}
	if len(w.warnings(group.ID)) != 0 {
		t.Fatal("warning not deleted")
	}
	eventually(t, "the auto-deletion dropped with the warning", func() bool {
		rows, err := w.app.FindAllRecords(c.BotTimers)
		return err == nil && len(rows) == 0
	})
	w.restart()
	for id, n := range w.deletes(group.ID) {
		if n > 1 {
			t.Errorf("message %d deleted %d times, want once", id, n)
		}
	}
	if n := w.deletes(group.ID)[int64(warn.MessageID)]; n != 1 {
		t.Errorf("warning deleted %d times, want 1", n)
	}
	for _, r := range w.apiCalls("deleteMessage") {
		if !r.GetBool(c.FieldSuccess) {
			t.Errorf("failed deleteMessage logged: %s", r.GetString(c.FieldErrorType))
		}
	}
}

// A message someone deleted first ("message to delete not found") is an expected
// refusal: its api_call_log row says so, with Telegram's reason, and it is not retried.
func TestADeleteOfAGoneMessageIsAnExpectedRefusal(t *testing.T) {
	w, group, news := newFansWorld(t)
	w.start(false)

	alice := w.joinWarned(t, group, "Alice")
	warn := w.warnings(group.ID)[0]
	// An admin's client deletes the warning (here through the same fake endpoint).
	resp, err := http.PostForm(w.tg.URL+"/bot"+w.gate.Token+"/deleteMessage", url.Values{
		"chat_id": {strconv.FormatInt(group.ID, 10)}, "message_id": {strconv.Itoa(warn.MessageID)}})
	must(t, err)
	resp.Body.Close()

	mustV[telegramtest.Message](t)(w.tg.Join(news.ID, alice))
	w.pump() // unmuted; the warning's deletion finds it gone
	var refused []string
	eventually(t, "the refused delete logged", func() bool {
		refused = refused[:0]
		for _, r := range w.apiCalls("deleteMessage") {
			if !r.GetBool(c.FieldSuccess) {
				refused = append(refused, r.GetString(c.FieldErrorType))
			}
		}
		return len(refused) > 0
	})
	if len(refused) != 1 || !strings.HasPrefix(refused[0], c.ExpectedRefusal) || !strings.Contains(refused[0], "message to delete not found") {
		t.Fatalf("refused deletes = %q, want one %q…", refused, c.ExpectedRefusal)
	}
}
