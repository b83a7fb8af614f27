package gatekeeper_test

import (
	"context"
	"log/slog"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/nezuko/nezuko/gatekeeper"
	"github.com/nezuko/nezuko/tests/telegramtest"
	"github.com/nezuko/nezuko/tests/testutil"
)

// answered waits for the bot's answer to a callback query and fails unless Telegram
// accepted it.
func (w *world) answered(q string) telegramtest.Call {
	w.t.Helper()
	call := w.tg.WaitCall(w.t, wait, func(c telegramtest.Call) bool {
		return c.Method == "answerCallbackQuery" && c.Params["callback_query_id"] == q
	})
	if !call.OK {
		w.t.Fatalf("answerCallbackQuery refused: %v", call)
	}
	return call
}

// With getChatMember slowed down far past Telegram's answer deadline, "I have joined"
// is still answered in time ("Checking…"), and the outcome follows: first a short
// message in the group naming the channel still missing, then, once joined, the
// unmute and the warning gone.
func TestSlowCheckStillAnswersTheButtonInTime(t *testing.T) {
	w, group, news := newFansWorld(t, telegramtest.WithCallbackDeadline(3*time.Second))
	w.start(false)

	alice := w.joinWarned(t, group, "Alice")
	warn := w.warnings(group.ID)[0]

	slow := telegramtest.Fault{Method: "getChatMember", Kind: telegramtest.FaultDelay, Delay: 5 * time.Second}
	w.tg.InjectFault(slow)
	q := mustV[string](t)(w.tg.Press(alice, warn, "I have joined"))
	w.pump()
	w.answered(q)
	if a, _ := w.tg.CallbackAnswer(q); a.Text != gatekeeper.AnswerChecking || a.ShowAlert {
		t.Fatalf("answer = %+v, want a short %q", a, gatekeeper.AnswerChecking)
	}
	late := w.tg.WaitMessage(t, wait, group.ID, func(m telegramtest.Message) bool {
		return m.From != nil && m.From.ID == w.gate.ID && strings.Contains(m.Text, gatekeeper.AnswerMissing+"@news")
	})
	if !strings.HasPrefix(late.Text, "Alice") {
		t.Fatalf("outcome message %q does not address Alice", late.Text)
	}
	if w.tg.Member(group.ID, alice.ID).Status != telegramtest.StatusRestricted || len(w.warnings(group.ID)) != 1 {
		t.Fatal("a press without joining changed something")
	}

	must(t, w.tg.SetMember(news.ID, alice.ID, telegramtest.Member{Status: telegramtest.StatusMember})) // no update: only the button tells
	w.tg.InjectFault(slow)
	q = mustV[string](t)(w.tg.Press(alice, warn, "I have joined"))
	w.pump()
	w.answered(q)
	if got := w.tg.Member(group.ID, alice.ID); got.Status != telegramtest.StatusMember {
		t.Fatalf("alice after joining and pressing = %+v, want member", got)
	}
	if len(w.warnings(group.ID)) != 0 {
		t.Fatal("warning not deleted")
	}
	if n := len(w.tg.Calls("answerCallbackQuery")); n != 2 {
		t.Fatalf("answers = %d, want one per press", n)
	}
}

// A quick outcome is the answer itself, and a button that is not the engine's is
// answered too (empty), so no spinner is left turning.
func TestEveryButtonIsAnswered(t *testing.T) {
	w, group, _ := newFansWorld(t)
	w.start(false)
	alice := w.joinWarned(t, group, "Alice")
	warn := w.warnings(group.ID)[0]
	q := mustV[string](t)(w.tg.Press(alice, warn, "I have joined"))
	w.pump()
	if a, _ := w.tg.CallbackAnswer(q); !a.ShowAlert || a.Text != gatekeeper.AnswerMissing+"@news" {
		t.Fatalf("quick answer = %+v", a)
	}

	kb := &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "Other", CallbackData: "other:1"}}}}
	sent := mustV[*models.Message](t)(w.b.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: group.ID, Text: "menu", ReplyMarkup: kb}))
	msg := w.tg.WaitMessage(t, wait, group.ID, func(m telegramtest.Message) bool { return m.MessageID == sent.ID })
	q = mustV[string](t)(w.tg.Press(alice, msg, "Other"))
	w.pump()
	if a, ok := w.tg.CallbackAnswer(q); !ok || a.Text != "" {
		t.Fatalf("answer to a foreign button = %+v, %v", a, ok)
	}
}

// A press fetched behind other updates in one getUpdates batch is handled before them
// (the Telegram client hands presses over first), so in a burst its answer is not held
// back by the joins ahead of it, past Telegram's 15 s window. One update at a time here,
// so the order of handling is the order of the calls.
func TestPressesGoFirstInTheirBatch(t *testing.T) {
	w, group, _ := newFansWorld(t)
	w.start(false)
	alice := w.joinWarned(t, group, "Alice")
	warn := w.warnings(group.ID)[0]
	w.pump() // confirms the updates handled so far
	w.stopEngine()

	var joiners []telegramtest.User
	for i := range 20 {
		u := w.tg.AddUser("Joiner " + strconv.Itoa(i))
		mustV[telegramtest.Message](t)(w.tg.Join(group.ID, u))
		joiners = append(joiners, u)
	}
	q := mustV[string](t)(w.tg.Press(alice, warn, "I have joined"))
	mustV[telegramtest.Message](t)(w.tg.Join(group.ID, w.tg.AddUser("Last"))) // the press is not the batch's last
	logs := &testutil.SyncBuffer{}
	w.start(true, func(cfg *gatekeeper.Config) {
		cfg.MaxConcurrent, cfg.Logger = 1, slog.New(slog.NewTextHandler(logs, nil))
	})
	w.answered(q)
	for _, u := range joiners {
		w.tg.WaitFor(t, wait, func() bool { return w.tg.Member(group.ID, u.ID).Status == telegramtest.StatusRestricted })
	}

	joiner := map[string]bool{}
	for _, u := range joiners {
		joiner[strconv.FormatInt(u.ID, 10)] = true
	}
	answeredAt, firstMute := -1, -1
	for i, c := range w.tg.CallsFor(w.gate.Token, "") {
		switch {
		case c.Method == "answerCallbackQuery" && c.Params["callback_query_id"] == q:
			answeredAt = i
		case c.Method == "restrictChatMember" && firstMute < 0 && joiner[c.Params["user_id"]]:
			firstMute = i
		}
	}
	if answeredAt < 0 || firstMute < 0 || answeredAt > firstMute {
		t.Fatalf("press answered at call %d, the first joiner's mute at call %d: the press waited behind the joins", answeredAt, firstMute)
	}
	if n := len(w.tg.Calls("answerCallbackQuery")); n != 1 {
		t.Fatalf("answers = %d, want 1", n)
	}
	if strings.Contains(logs.String(), "restarted the update numbering") { // the press's id came first
		t.Fatalf("a press out of id order was taken for Telegram restarting its numbering:\n%s", logs.String())
	}
}
