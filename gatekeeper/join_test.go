package gatekeeper_test

import (
	"strconv"
	"testing"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper"
	"github.com/nezuko/nezuko/tests/telegramtest"
)

// A join checked against three channels: the user is muted, warned about exactly the
// two missing channels, and each channel gets its own row — once, although Telegram
// sends two updates for the join.
func TestJoinWarnsAboutEachMissingChannelOnce(t *testing.T) {
	w := newWorld(t)
	group := w.supergroup("Fans")
	news, tech, art := w.channel("News", "news"), w.channel("Tech", "tech"), w.channel("Art", "art")
	w.protect(w.botRec, true, group, news, tech, art)
	w.start(false)

	alice := w.tg.AddUser("Alice")
	w.member(alice, tech)
	mustV[telegramtest.Message](t)(w.tg.Join(group.ID, alice))
	if n := len(w.pump()); n != 2 {
		t.Fatalf("updates for one join = %d, want 2 (service message and chat_member)", n)
	}

	if got := w.tg.Member(group.ID, alice.ID); got.Status != telegramtest.StatusRestricted || got.Permissions.CanSendMessages {
		t.Fatalf("alice after join = %+v, want restricted without send rights", got)
	}
	if n := len(w.callsFor("restrictChatMember", alice.ID)); n != 1 {
		t.Fatalf("restrict calls = %d, want 1 (one decision)", n)
	}
	w.tg.WaitFor(t, wait, func() bool { return len(w.warnings(group.ID)) == 1 })
	warn := w.warnings(group.ID)[0]
	var joins []string
	var verify string
	for _, row := range warn.ReplyMarkup.InlineKeyboard {
		for _, b := range row {
			if b.URL != "" {
				joins = append(joins, b.URL)
			}
			if b.CallbackData != "" {
				verify = b.CallbackData
			}
		}
	}
	// Each button is the group's own link into that channel (made once, stored).
	if len(joins) != 2 || joins[0] != w.groupLink(group.ID, news.ID) || joins[1] != w.groupLink(group.ID, art.ID) {
		t.Fatalf("join buttons = %v, want the group's links into news and art", joins)
	}
	if verify != "nzv:"+strconv.FormatInt(alice.ID, 10) {
		t.Fatalf("verify button data = %q", verify)
	}

	rows := w.verifications(alice.ID)
	if len(rows) != 3 {
		t.Fatalf("verification rows = %d, want 3", len(rows))
	}
	want := map[int64]string{news.ID: c.Restricted, tech.ID: c.Verified, art.ID: c.Restricted}
	for _, r := range rows {
		ch := r.GetInt(c.FieldChannelID)
		if r.GetString(c.FieldStatus) != want[int64(ch)] || r.GetBool(c.FieldCached) ||
			r.GetInt(c.FieldGroupID) != int(group.ID) || int64(r.GetInt(c.FieldBotInstance)) != w.gate.ID {
			t.Fatalf("row %v: status %s cached %v group %d bot %d", ch, r.GetString(c.FieldStatus),
				r.GetBool(c.FieldCached), r.GetInt(c.FieldGroupID), r.GetInt(c.FieldBotInstance))
		}
	}
}

// Someone else's button changes nothing; the warned user's button, after joining,
// restores the group's default permissions and deletes the warning.
func TestOnlyTheWarnedUserCanUseTheButton(t *testing.T) {
	w, group, news := newFansWorld(t)
	w.start(false)

	alice, bob := w.tg.AddUser("Alice"), w.tg.AddUser("Bob")
	w.member(bob, group, news)
	mustV[telegramtest.Message](t)(w.tg.Join(group.ID, alice))
	w.pump()
	w.tg.WaitFor(t, wait, func() bool { return len(w.warnings(group.ID)) == 1 })
	warn := w.warnings(group.ID)[0]

	q := mustV[string](t)(w.tg.Press(bob, warn, "I have joined"))
	w.pump()
	if a, ok := w.tg.CallbackAnswer(q); !ok || !a.ShowAlert || a.Text != gatekeeper.AnswerNotYours {
		t.Fatalf("answer to bob = %+v, %v", a, ok)
	}
	if w.tg.Member(group.ID, alice.ID).Status != telegramtest.StatusRestricted || len(w.callsFor("restrictChatMember", bob.ID)) != 0 {
		t.Fatal("someone else's press changed a membership")
	}

	q = mustV[string](t)(w.tg.Press(alice, warn, "I have joined")) // not in the channel yet
	w.pump()
	if a, _ := w.tg.CallbackAnswer(q); !a.ShowAlert || a.Text != gatekeeper.AnswerMissing+"@news" {
		t.Fatalf("answer before joining = %+v", a)
	}

	mustV[telegramtest.Message](t)(w.tg.Join(news.ID, alice))
	q = mustV[string](t)(w.tg.Press(alice, warn, "I have joined"))
	w.pump()
	if a, _ := w.tg.CallbackAnswer(q); a.ShowAlert || a.Text != gatekeeper.AnswerVerified {
		t.Fatalf("answer after joining = %+v", a)
	}
	if got := w.tg.Member(group.ID, alice.ID); got.Status != telegramtest.StatusMember {
		t.Fatalf("alice after verifying = %+v, want member (default permissions)", got)
	}
	if len(w.warnings(group.ID)) != 0 {
		t.Fatal("warning not deleted")
	}
	fresh := 0 // the two presses bypass the cache (joining the channel re-checks from it)
	for _, r := range w.verifications(alice.ID)[1:] {
		if !r.GetBool(c.FieldCached) {
			fresh++
		}
	}
	if fresh != 2 {
		t.Fatalf("%d fresh re-checks, want one per press (2)", fresh)
	}
}

// Leaving a channel mutes and warns the user in every linked group of this bot where
// they are a member and the bot has seen them (joining, writing, or changed by an
// admin). In a group where the bot has never seen them it makes no call at all (at
// 100 groups a channel it would look the user up in each): there they are checked,
// and muted, at their first message, like any member the bot has not seen yet.
func TestLeavingAChannelMutesInEveryLinkedGroup(t *testing.T) {
	w := newWorld(t)
	g1, g2, g3, g4 := w.supergroup("One"), w.supergroup("Two"), w.supergroup("Three"), w.supergroup("Four")
	news := w.channel("News", "news")
	for _, g := range []telegramtest.Chat{g1, g2, g3, g4} {
		w.protect(w.botRec, true, g, news) // alice is not in Three; silent in Four
	}
	w.start(false)

	alice := w.tg.AddUser("Alice")
	w.member(alice, news, g4)
	mustV[telegramtest.Message](t)(w.tg.Join(g1.ID, alice))
	w.member(alice, g2)
	mustV[telegramtest.Message](t)(w.tg.Send(g2.ID, alice, "hello"))
	w.pump()
	if n := len(w.callsFor("restrictChatMember", alice.ID)); n != 0 {
		t.Fatalf("alice, in the channel, restricted %d times", n)
	}
	before := len(w.tg.Calls("getChatMember"))
	mustV[telegramtest.Message](t)(w.tg.Leave(news.ID, alice))
	w.pump()

	for _, g := range []telegramtest.Chat{g1, g2} {
		if got := w.tg.Member(g.ID, alice.ID); got.Status != telegramtest.StatusRestricted {
			t.Fatalf("alice in %s = %+v, want restricted", g.Title, got)
		}
		w.tg.WaitFor(t, wait, func() bool { return len(w.warnings(g.ID)) == 1 })
	}
	if n := len(w.callsFor("restrictChatMember", alice.ID)); n != 2 {
		t.Fatalf("restrict calls = %d, want 2", n)
	}
	for _, call := range w.tg.Calls("getChatMember")[before:] {
		if chat := call.Params["chat_id"]; chat == strconv.FormatInt(g3.ID, 10) || chat == strconv.FormatInt(g4.ID, 10) {
			t.Fatalf("looked alice up in a group the bot never saw her in: %+v", call.Params)
		}
	}
	if got := w.tg.Member(g3.ID, alice.ID); got.Status != telegramtest.StatusLeft {
		t.Fatalf("alice in a group she is not in = %+v", got)
	}
	if got := w.tg.Member(g4.ID, alice.ID); got.Status != telegramtest.StatusMember {
		t.Fatalf("alice in Four before writing = %+v", got)
	}
	mustV[telegramtest.Message](t)(w.tg.Send(g4.ID, alice, "still here"))
	w.pump()
	if got := w.tg.Member(g4.ID, alice.ID); got.Status != telegramtest.StatusRestricted {
		t.Fatalf("alice in Four after writing = %+v, want restricted", got)
	}

	// Left a group: not looked up there when she leaves the channel again.
	mustV[telegramtest.Message](t)(w.tg.Join(news.ID, alice))
	w.pump()
	mustV[telegramtest.Message](t)(w.tg.Leave(g1.ID, alice))
	w.pump()
	before = len(w.tg.Calls("getChatMember"))
	mustV[telegramtest.Message](t)(w.tg.Leave(news.ID, alice))
	w.pump()
	for _, call := range w.tg.Calls("getChatMember")[before:] {
		if call.Params["chat_id"] == strconv.FormatInt(g1.ID, 10) {
			t.Fatalf("looked alice up in a group she left: %+v", call.Params)
		}
	}
}

// Admins, anonymous admins, the linked channel's posts, automatic forwards and bots
// are never restricted; a non-member's message is deleted and the writer muted.
func TestExemptSendersAreNeverRestricted(t *testing.T) {
	w := newWorld(t)
	group := w.supergroup("Fans")
	news := w.channel("News", "news")
	w.tg.LinkChat(group.ID, news.ID)
	w.protect(w.botRec, true, group, news)
	w.start(false)

	admin, helper, mallory := w.tg.AddUser("Admin"), w.tg.AddBot("helper_bot"), w.tg.AddUser("Mallory")
	must(t, w.tg.SetMember(group.ID, admin.ID, telegramtest.Admin(telegramtest.AdminRights{})))
	w.member(helper.User, group)
	w.member(mallory, group)
	mustV[telegramtest.Message](t)(w.tg.Send(group.ID, admin, "hello from an admin"))
	mustV[telegramtest.Message](t)(w.tg.Send(group.ID, w.tg.Owner(group.ID), "hello from the creator"))
	mustV[telegramtest.Message](t)(w.tg.SendAsChat(group.ID, "hello from an anonymous admin"))
	mustV[telegramtest.Message](t)(w.tg.AutoForward(news.ID, "a channel post"))
	mustV[telegramtest.Message](t)(w.tg.Send(group.ID, helper.User, "hello from a bot"))
	w.pump()
	if n := len(w.tg.Calls("restrictChatMember")) + len(w.tg.Calls("deleteMessage")); n != 0 {
		t.Fatalf("exempt senders caused %d restrict/delete calls", n)
	}

	spam := mustV[telegramtest.Message](t)(w.tg.Send(group.ID, mallory, "spam"))
	w.pump()
	if got := w.tg.Member(group.ID, mallory.ID); got.Status != telegramtest.StatusRestricted {
		t.Fatalf("mallory = %+v, want restricted", got)
	}
	for _, m := range w.tg.Messages(group.ID) {
		if m.MessageID == spam.MessageID {
			t.Fatal("the non-member's message was not deleted")
		}
	}
}

// The second message of a member is answered from the cache, and logged as such.
func TestSecondMessageIsACacheHit(t *testing.T) {
	w, group, news := newFansWorld(t)
	w.start(false)

	alice := w.tg.AddUser("Alice")
	w.member(alice, group, news)
	mustV[telegramtest.Message](t)(w.tg.Send(group.ID, alice, "one"))
	mustV[telegramtest.Message](t)(w.tg.Send(group.ID, alice, "two"))
	w.pump()
	rows := w.verifications(alice.ID)
	if len(rows) != 2 || rows[0].GetBool(c.FieldCached) || !rows[1].GetBool(c.FieldCached) {
		t.Fatalf("rows = %d, want a miss then a hit", len(rows))
	}
	for _, r := range rows {
		if r.GetString(c.FieldStatus) != c.Verified {
			t.Fatalf("status = %s", r.GetString(c.FieldStatus))
		}
	}
	if n := len(w.callsFor("getChatMember", alice.ID)); n != 1 {
		t.Fatalf("getChatMember calls = %d, want 1", n)
	}
}

// A disabled group is not enforced (gap G20), and another bot's group is ignored.
func TestDisabledAndForeignGroupsAreNotEnforced(t *testing.T) {
	w := newWorld(t)
	off, foreign := w.supergroup("Off"), w.supergroup("Foreign")
	news := w.channel("News", "news")
	other := w.tg.AddBot("other_bot")
	w.protect(w.botRec, false, off, news)
	w.protect(w.addBotRecord(other), true, foreign, news)
	w.start(false)

	alice := w.tg.AddUser("Alice")
	mustV[telegramtest.Message](t)(w.tg.Join(off.ID, alice))
	mustV[telegramtest.Message](t)(w.tg.Join(foreign.ID, alice))
	mustV[telegramtest.Message](t)(w.tg.Send(off.ID, alice, "hi"))
	mustV[telegramtest.Message](t)(w.tg.Send(foreign.ID, alice, "hi"))
	if n := len(w.pump()); n < 4 {
		t.Fatalf("updates = %d", n)
	}
	if n := len(w.tg.Calls("restrictChatMember")) + len(w.tg.Calls("deleteMessage")) + len(w.tg.Calls("getChatMember")); n != 0 {
		t.Fatalf("%d enforcement calls in groups this bot must not enforce", n)
	}
}
