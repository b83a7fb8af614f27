package gatekeeper_test

import (
	"strings"
	"testing"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper"
	"github.com/nezuko/nezuko/gatekeeper/groups"
	"github.com/nezuko/nezuko/tests/telegramtest"
)

// ownChannel makes a channel that u owns (and may write as).
func (w *world) ownChannel(u telegramtest.User, title string) telegramtest.Chat {
	w.t.Helper()
	ch := w.tg.AddChannel(title, "")
	must(w.t, w.tg.SetMember(ch.ID, w.tg.Owner(ch.ID).ID, telegramtest.Member{Status: telegramtest.StatusLeft}))
	must(w.t, w.tg.SetMember(ch.ID, u.ID, telegramtest.Member{Status: telegramtest.StatusCreator}))
	return ch
}

// live reports whether a message is still in the chat.
func (w *world) live(chatID int64, msgID int) bool {
	for _, m := range w.tg.Messages(chatID) {
		if m.MessageID == msgID {
			return true
		}
	}
	return false
}

// A member who writes as their own channel is treated as a non-member: the message
// is deleted, the channel banned from writing in the group, and a warning names it and
// tells how to write as oneself after joining. The group itself (anonymous admins), the
// required channels and the linked channel (its posts and automatic forwards) may
// write as themselves.
func TestMessageSentAsOwnChannelIsNotExempt(t *testing.T) {
	w := newWorld(t)
	group := w.supergroup("Fans")
	news := w.channel("News", "news")
	blog := w.channel("Fans Blog", "fansblog") // the group's linked discussion channel, not required
	w.tg.LinkChat(group.ID, blog.ID)
	w.protect(w.botRec, true, group, news)
	w.start(false)

	mallory := w.tg.AddUser("Mallory")
	w.member(mallory, group)
	ads := w.ownChannel(mallory, "Cheap <Ads>")
	spam := mustV[telegramtest.Message](t)(w.tg.SendAsChannel(group.ID, ads.ID, mallory, "buy now"))
	w.pump()
	if w.live(group.ID, spam.MessageID) {
		t.Fatal("message sent as a foreign channel not deleted")
	}
	if !w.tg.BannedSenderChat(group.ID, ads.ID) {
		t.Fatalf("channel not banned; calls: %v", w.tg.Calls("banChatSenderChat"))
	}
	w.tg.WaitFor(t, wait, func() bool { return len(w.warnings(group.ID)) == 1 })
	warn := w.warnings(group.ID)[0]
	want := gatekeeper.Text("en", "warn_sender_chat_banned", "chat", "Cheap <Ads>", "channels", "@news")
	if warn.Text != want {
		t.Fatalf("warning = %q, want %q", warn.Text, want)
	}
	// The fake records a call once it has answered it: wait for the record.
	w.tg.WaitFor(t, wait, func() bool { return contains(w.sentTexts(group.ID), "Cheap &lt;Ads&gt;") })
	if b := warn.ReplyMarkup.InlineKeyboard; len(b) != 1 || b[0][0].URL != w.groupLink(group.ID, news.ID) {
		t.Fatalf("warning buttons = %+v, want the join button only", b)
	}
	if _, err := w.tg.SendAsChannel(group.ID, ads.ID, mallory, "again"); err == nil {
		t.Fatal("the banned channel could still write")
	}
	if rows := w.verifications(ads.ID); len(rows) != 0 {
		t.Fatalf("verification rows for a chat = %d, want none", len(rows))
	}

	// Allowed: the group itself, the required channel, the linked channel.
	w.member(w.tg.Owner(news.ID), group)
	w.member(w.tg.Owner(blog.ID), group)
	allowed := []telegramtest.Message{
		mustV[telegramtest.Message](t)(w.tg.SendAsChat(group.ID, "anonymous admin")),
		mustV[telegramtest.Message](t)(w.tg.SendAsChannel(group.ID, news.ID, w.tg.Owner(news.ID), "as the required channel")),
		mustV[telegramtest.Message](t)(w.tg.SendAsChannel(group.ID, blog.ID, w.tg.Owner(blog.ID), "as the linked channel")),
		mustV[telegramtest.Message](t)(w.tg.AutoForward(blog.ID, "a post")),
	}
	w.pump()
	for _, m := range allowed {
		if !w.live(group.ID, m.MessageID) {
			t.Fatalf("allowed message %q deleted", m.Text)
		}
	}
	if n := len(w.tg.Calls("banChatSenderChat")); n != 1 {
		t.Fatalf("banChatSenderChat calls = %d, want 1", n)
	}
}

// Under action delete the message goes but the channel is not banned; in observe mode
// nothing is done at all.
func TestMessageSentAsChannelUnderDeleteAndObserve(t *testing.T) {
	w, group, _ := newFansWorld(t)
	w.setParams(group, func(p *c.GroupParams) { p.Action = groups.ActionDelete; p.Language = "de" })
	w.start(false)

	mallory := w.tg.AddUser("Mallory")
	w.member(mallory, group)
	ads := w.ownChannel(mallory, "Ads")
	m := mustV[telegramtest.Message](t)(w.tg.SendAsChannel(group.ID, ads.ID, mallory, "buy"))
	w.pump()
	if w.live(group.ID, m.MessageID) || w.tg.BannedSenderChat(group.ID, ads.ID) || len(w.tg.Calls("banChatSenderChat")) != 0 {
		t.Fatal("action delete: want the message deleted and no ban")
	}
	w.tg.WaitFor(t, wait, func() bool { return len(w.warnings(group.ID)) == 1 })
	if got, want := w.warnings(group.ID)[0].Text, gatekeeper.Text("de", "warn_sender_chat", "chat", "Ads", "channels", "@news"); got != want {
		t.Fatalf("warning = %q, want %q", got, want)
	}

	w.setParams(group, func(p *c.GroupParams) { p.Mode = groups.ModeObserve })
	w.e.ForgetGroup(group.ID)
	other := w.ownChannel(mallory, "Other")
	m = mustV[telegramtest.Message](t)(w.tg.SendAsChannel(group.ID, other.ID, mallory, "buy more"))
	w.pump()
	if !w.live(group.ID, m.MessageID) || w.tg.BannedSenderChat(group.ID, other.ID) {
		t.Fatal("observe mode acted on a message sent as a channel")
	}
	if n := len(w.warnings(group.ID)); n != 1 {
		t.Fatalf("warnings = %d, observe mode warned", n)
	}
	if strings.Contains(strings.Join(w.sentTexts(group.ID), "\n"), "Other") {
		t.Fatal("observe mode named the channel")
	}
}
