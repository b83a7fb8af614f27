package gatekeeper_test

import (
	"encoding/json"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper"
	"github.com/nezuko/nezuko/tests/telegramtest"
)

// raidWait is the generous deadline of a raid's warnings: combined warnings go out
// at an even pace within the group's 20 messages a minute.
const raidWait = 3 * time.Minute

// raidWorld is a protected supergroup with one channel, the fake's flood limits on
// (Telegram's: 30 messages a second per bot, 20 a minute per group, edits included).
func raidWorld(t *testing.T) (*world, telegramtest.Chat, telegramtest.Chat) {
	w := newWorld(t)
	w.tg.SetFloodLimits(telegramtest.TelegramFloodLimits)
	group, news := w.supergroup("Fans"), w.channel("News", "news")
	w.protect(w.botRec, true, group, news)
	return w, group, news
}

// joinAll makes users with these names join the group, and handles the updates.
func (w *world) joinAll(group telegramtest.Chat, names ...string) []telegramtest.User {
	w.t.Helper()
	users := make([]telegramtest.User, len(names))
	for i, name := range names {
		users[i] = w.tg.AddUser(name)
		mustV[telegramtest.Message](w.t)(w.tg.Join(group.ID, users[i]))
	}
	for len(w.pump()) > 0 {
	}
	return users
}

// userNames are n plain first names.
func userNames(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = "User" + strconv.Itoa(i+1)
	}
	return out
}

var mentionRE = regexp.MustCompile(`tg://user\?id=(\d+)`)

// warningCalls are the sends and edits of the bot into the group that Telegram
// accepted.
func (w *world) warningCalls(groupID int64) []telegramtest.Call {
	var out []telegramtest.Call
	for _, call := range w.tg.CallsFor(w.gate.Token, "") {
		if (call.Method == "sendMessage" || call.Method == "editMessageText") && call.OK && call.Int("chat_id") == groupID {
			out = append(out, call)
		}
	}
	return out
}

// namedUsers are the users some accepted send or edit into the group mentioned.
func (w *world) namedUsers(groupID int64) map[int64]bool {
	named := map[int64]bool{}
	for _, call := range w.warningCalls(groupID) {
		for _, m := range mentionRE.FindAllStringSubmatch(call.Params["text"], -1) {
			id, _ := strconv.ParseInt(m[1], 10, 64)
			named[id] = true
		}
	}
	return named
}

// mentioned are the users a message mentions.
func mentioned(m telegramtest.Message) []int64 {
	var out []int64
	for _, e := range m.Entities {
		if e.Type == "text_mention" && e.User != nil {
			out = append(out, e.User.ID)
		}
	}
	return out
}

// combinedWarnings are the group's live messages with a combined "I have joined".
func (w *world) combinedWarnings(groupID int64) []telegramtest.Message {
	var out []telegramtest.Message
	for _, m := range w.warnings(groupID) {
		for _, row := range m.ReplyMarkup.InlineKeyboard {
			for _, b := range row {
				if strings.HasPrefix(b.CallbackData, gatekeeper.CombinedButtonPrefix) {
					out = append(out, m)
				}
			}
		}
	}
	return out
}

// waitNamed waits until every user was mentioned in a warning.
func (w *world) waitNamed(groupID int64, users []telegramtest.User) {
	w.t.Helper()
	w.tg.WaitFor(w.t, raidWait, func() bool {
		named := w.namedUsers(groupID)
		for _, u := range users {
			if !named[u.ID] {
				return false
			}
		}
		return true
	})
}

// noFloods fails the test if Telegram answered any call with 429, or if more than 20
// sends and edits went into the group within any minute.
func (w *world) noFloods(groupID int64) {
	w.t.Helper()
	for _, call := range w.tg.Calls("") {
		if call.ErrorCode == 429 {
			w.t.Fatalf("429: %v", call)
		}
	}
	calls := w.warningCalls(groupID)
	for i := range calls {
		n := 0
		for _, c := range calls[i:] {
			if c.Time.Sub(calls[i].Time) < time.Minute {
				n++
			}
		}
		if n > 20 {
			w.t.Fatalf("%d sends and edits within a minute from %v", n, calls[i].Time)
		}
	}
}

// 200 accounts join within a second or two: every one is muted at once, and every
// one is named in a warning, in a handful of messages within the group's budget
// (sends and edits), with no 429 from Telegram. A name with HTML in it is shown as
// it is.
func TestRaidCombinesWarnings(t *testing.T) {
	w, group, _ := raidWorld(t)
	w.start(false)
	names := userNames(200)
	names[150] = `<b>Evil</b> & "co"`
	users := w.joinAll(group, names...)
	for _, u := range users {
		if got := w.tg.Member(group.ID, u.ID); got.Status != telegramtest.StatusRestricted {
			t.Fatalf("%s not muted: %+v", u.FirstName, got)
		}
	}
	w.waitNamed(group.ID, users)
	w.noFloods(group.ID)
	calls := w.warningCalls(group.ID)
	if len(calls) > 20 {
		t.Fatalf("%d sends and edits for 200 joiners, want at most the minute's 20", len(calls))
	}
	combined := w.combinedWarnings(group.ID)
	if len(combined) != 1 {
		t.Fatalf("combined warnings = %d, want 1 (edited as users came)", len(combined))
	}
	if !strings.Contains(combined[0].Text, "others") || !strings.Contains(combined[0].Text, "@news") {
		t.Fatalf("combined warning = %q", combined[0].Text)
	}
	if len(w.tg.Calls("editMessageText")) == 0 {
		t.Fatal("the combined warning was never edited")
	}
	if !w.shownAnywhere(group.ID, `<b>Evil</b> & "co"`) {
		t.Fatal("the name with HTML was not shown as it is")
	}
}

// shownAnywhere reports whether the text of some accepted send or edit, as Telegram
// shows it, contains s.
func (w *world) shownAnywhere(groupID int64, s string) bool {
	for _, call := range w.warningCalls(groupID) {
		var m telegramtest.Message
		if json.Unmarshal(call.Result, &m) == nil && strings.Contains(m.Text, s) {
			return true
		}
	}
	return false
}

// answer waits for the bot's answer to a callback query.
func (w *world) answer(q string) telegramtest.CallbackAnswer {
	w.t.Helper()
	w.answered(q)
	a, _ := w.tg.CallbackAnswer(q)
	return a
}

// The one "I have joined" of a combined warning checks whoever presses it: someone
// it is not for gets an alert and nothing changes; a user on it who has not joined
// is told what is missing; one who has is unmuted and taken off the list (an edit);
// when nobody is left the warning is deleted.
func TestCombinedWarningButtonWorksForEachNamedUser(t *testing.T) {
	w, group, news := raidWorld(t)
	w.start(false)
	users := w.joinAll(group, "Ann", "Ben", "Cat") // no burst yet: warned one by one
	w.tg.WaitFor(t, wait, func() bool { return len(w.warnings(group.ID)) == 3 })
	users = append(users, w.joinAll(group, userNames(17)...)...)
	w.waitNamed(group.ID, users)
	w.tg.WaitFor(t, raidWait, func() bool { return len(w.combinedWarnings(group.ID)) == 1 })
	msg := w.combinedWarnings(group.ID)[0]
	onIt := mentioned(msg)
	if len(onIt) < 2 {
		t.Fatalf("combined warning names %v", onIt)
	}
	single := users[0] // warned on her own before the burst
	if slices.Contains(onIt, single.ID) {
		t.Fatalf("%s is on the combined warning", single.FirstName)
	}
	outsider := w.tg.AddUser("Outsider")
	w.member(outsider, group)
	edits := len(w.tg.Calls("editMessageText"))
	for _, u := range []telegramtest.User{outsider, single} {
		q := mustV[string](t)(w.tg.Press(u, msg, "I have joined"))
		w.pump()
		if a := w.answer(q); a.Text != gatekeeper.AnswerNotYours || !a.ShowAlert {
			t.Fatalf("%s pressing: %+v", u.FirstName, a)
		}
	}
	if got := w.tg.Member(group.ID, single.ID); got.Status != telegramtest.StatusRestricted {
		t.Fatalf("a press of someone it is not for unmuted them: %+v", got)
	}

	byID := map[int64]telegramtest.User{}
	for _, u := range users {
		byID[u.ID] = u
	}
	first, second := byID[onIt[0]], byID[onIt[1]]
	q := mustV[string](t)(w.tg.Press(first, msg, "I have joined"))
	w.pump()
	if a := w.answer(q); a.Text != gatekeeper.AnswerMissing+"@news" {
		t.Fatalf("a user on it who has not joined: %+v", a)
	}
	if n := len(w.tg.Calls("editMessageText")); n != edits {
		t.Fatalf("presses that changed nothing edited the warning (%d edits, want %d)", n, edits)
	}

	w.member(second, news)
	q = mustV[string](t)(w.tg.Press(second, msg, "I have joined"))
	w.pump()
	if a := w.answer(q); a.Text != gatekeeper.AnswerVerified {
		t.Fatalf("a user on it who joined: %+v", a)
	}
	if got := w.tg.Member(group.ID, second.ID); got.Status != telegramtest.StatusMember {
		t.Fatalf("after joining and pressing: %+v", got)
	}
	w.tg.WaitFor(t, raidWait, func() bool {
		cur := w.combinedWarnings(group.ID)
		return len(cur) == 1 && !slices.Contains(mentioned(cur[0]), second.ID) && slices.Contains(mentioned(cur[0]), first.ID)
	})
	if got := w.tg.Member(group.ID, first.ID); got.Status != telegramtest.StatusRestricted {
		t.Fatalf("another user's press unmuted %s: %+v", first.FirstName, got)
	}

	for _, id := range onIt {
		if id == second.ID {
			continue
		}
		u := byID[id]
		w.member(u, news)
		q := mustV[string](t)(w.tg.Press(u, msg, "I have joined"))
		w.pump()
		if a := w.answer(q); a.Text != gatekeeper.AnswerVerified {
			t.Fatalf("%s: %+v", u.FirstName, a)
		}
	}
	w.tg.WaitFor(t, raidWait, func() bool { return len(w.combinedWarnings(group.ID)) == 0 })
	w.noFloods(group.ID)
}

// Without a burst nothing changes: each joiner gets their own warning, naming only
// them, with a button only they can use, and nothing is edited.
func TestNoBurstKeepsOneWarningPerUser(t *testing.T) {
	w, group, _ := raidWorld(t)
	w.start(false)
	users := w.joinAll(group, "Ann", "Ben", "Cat")
	w.tg.WaitFor(t, wait, func() bool { return len(w.warnings(group.ID)) == 3 })
	for i, m := range w.warnings(group.ID) {
		if got := mentioned(m); !slices.Equal(got, []int64{users[i].ID}) {
			t.Fatalf("warning %d mentions %v, want only %s", i, got, users[i].FirstName)
		}
		if data := m.ReplyMarkup.InlineKeyboard[len(m.ReplyMarkup.InlineKeyboard)-1][0].CallbackData; data != "nzv:"+strconv.FormatInt(users[i].ID, 10) {
			t.Fatalf("warning %d button data = %q", i, data)
		}
	}
	if n := len(w.tg.Calls("editMessageText")); n != 0 {
		t.Fatalf("edits = %d", n)
	}
}

// Combined warnings are deleted after warning_ttl_seconds like single ones (counted
// from their last edit), through bot_timers.
func TestCombinedWarningIsDeletedAfterTTL(t *testing.T) {
	w, group, _ := raidWorld(t)
	ttl := 4
	w.setParams(group, func(p *c.GroupParams) { p.WarningTTLSeconds = &ttl })
	w.start(false)
	users := w.joinAll(group, userNames(15)...)
	w.waitNamed(group.ID, users)
	if !slices.ContainsFunc(w.tg.Calls("sendMessage"), func(call telegramtest.Call) bool {
		return call.OK && strings.Contains(call.Params["reply_markup"], gatekeeper.CombinedButtonPrefix)
	}) {
		t.Fatal("no combined warning was sent")
	}
	w.tg.WaitFor(t, raidWait, func() bool { return len(w.warnings(group.ID)) == 0 })
	eventually(t, "no timer left in bot_timers", func() bool {
		rows, err := w.app.FindAllRecords(c.BotTimers)
		return err == nil && len(rows) == 0
	})
	for _, u := range users {
		if w.e.HasWarning(group.ID, u.ID) {
			t.Fatalf("%s still has a warning after it was deleted", u.FirstName)
		}
	}
}

// Long names stay within Telegram's 4096 characters: the combined warning names as
// many as fit and counts the rest, and names the rest in later edits.
func TestCombinedWarningFitsTelegramsLimits(t *testing.T) {
	w, group, _ := raidWorld(t)
	w.start(false)
	names := make([]string, 60)
	for i := range names {
		names[i] = strings.Repeat("😀", 60) + strconv.Itoa(i)
	}
	users := w.joinAll(group, names...)
	w.waitNamed(group.ID, users)
	for _, call := range w.tg.Calls("") {
		if !call.OK && (call.Method == "sendMessage" || call.Method == "editMessageText") {
			t.Fatalf("refused: %v", call)
		}
	}
	w.noFloods(group.ID)
}
