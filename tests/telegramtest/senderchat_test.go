package telegramtest_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/nezuko/nezuko/tests/telegramtest"
)

// A member writes "as" their own channel: sender_chat is the channel, from the
// Channel_Bot placeholder. Banning the sender chat needs the restrict right, works in
// supergroups only, and refuses the owner's later messages as any of their channels.
func TestSendAsChannelAndBanSenderChat(t *testing.T) {
	w := newWorld(t)
	b, updates := poller(t, w.tg, w.bot)
	ctx := context.Background()
	mallory := w.tg.AddUser("Mallory")
	must(t, w.tg.SetMember(w.group.ID, mallory.ID, telegramtest.Member{Status: telegramtest.StatusMember}))
	own := w.tg.AddChannel("Mallory Ads", "")
	second := w.tg.AddChannel("Mallory More", "")
	for _, ch := range []telegramtest.Chat{own, second} { // Mallory owns both
		must(t, w.tg.SetMember(ch.ID, w.tg.Owner(ch.ID).ID, telegramtest.Member{Status: telegramtest.StatusLeft}))
		must(t, w.tg.SetMember(ch.ID, mallory.ID, telegramtest.Member{Status: telegramtest.StatusCreator}))
	}
	if _, err := w.tg.SendAsChannel(w.group.ID, w.channel.ID, mallory, "not mine"); err == nil {
		t.Fatal("a user posted as a channel they do not administer")
	}
	sent, err := w.tg.SendAsChannel(w.group.ID, own.ID, mallory, "buy now")
	must(t, err)
	u := next(t, updates, func(u *models.Update) bool { return u.Message != nil && u.Message.Text == "buy now" })
	m := u.Message
	if m.SenderChat == nil || m.SenderChat.ID != own.ID || m.SenderChat.Type != models.ChatTypeChannel ||
		m.From == nil || m.From.ID != 136817688 || !m.From.IsBot || m.From.Username != "Channel_Bot" || m.ID != sent.MessageID {
		t.Fatalf("message as channel = %+v from %+v", m, m.From)
	}

	// Rights: a bot without can_restrict_members, and a basic group, are refused.
	weak := w.tg.AddBot("weak_bot")
	must(t, w.tg.SetMember(w.group.ID, weak.ID, telegramtest.Admin(telegramtest.AdminRights{CanDeleteMessages: true})))
	_, err = client(t, w.tg, weak).BanChatSenderChat(ctx, &bot.BanChatSenderChatParams{ChatID: w.group.ID, SenderChatID: int(own.ID)})
	if !errors.Is(err, bot.ErrorBadRequest) || !strings.Contains(err.Error(), "not enough rights to restrict/unrestrict chat member") {
		t.Fatalf("ban without the right: %v", err)
	}
	basic := w.tg.AddGroup("Basic")
	must(t, w.tg.SetMember(basic.ID, w.bot.ID, telegramtest.Admin(gateRights)))
	_, err = b.BanChatSenderChat(ctx, &bot.BanChatSenderChatParams{ChatID: basic.ID, SenderChatID: int(own.ID)})
	if !errors.Is(err, bot.ErrorBadRequest) || !strings.Contains(err.Error(), "can't ban chats in basic groups") {
		t.Fatalf("ban in a basic group: %v", err)
	}
	if w.tg.BannedSenderChat(w.group.ID, own.ID) {
		t.Fatal("a refused ban took effect")
	}

	if ok, err := b.BanChatSenderChat(ctx, &bot.BanChatSenderChatParams{ChatID: w.group.ID, SenderChatID: int(own.ID)}); !ok || err != nil {
		t.Fatalf("ban: %v %v", ok, err)
	}
	if !w.tg.BannedSenderChat(w.group.ID, own.ID) {
		t.Fatal("not banned")
	}
	for _, ch := range []telegramtest.Chat{own, second} {
		if _, err := w.tg.SendAsChannel(w.group.ID, ch.ID, mallory, "again"); err == nil {
			t.Fatalf("the owner of a banned channel posted as %s", ch.Title)
		}
	}
	if _, err := w.tg.Send(w.group.ID, mallory, "as myself"); err != nil {
		t.Fatalf("the ban of a channel stopped its owner writing as themselves: %v", err)
	}
	if ok, err := b.UnbanChatSenderChat(ctx, &bot.UnbanChatSenderChatParams{ChatID: w.group.ID, SenderChatID: int(own.ID)}); !ok || err != nil {
		t.Fatalf("unban: %v %v", ok, err)
	}
	if _, err := w.tg.SendAsChannel(w.group.ID, own.ID, mallory, "back"); err != nil {
		t.Fatalf("after unban: %v", err)
	}
}
