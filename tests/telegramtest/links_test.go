package telegramtest_test

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/nezuko/nezuko/tests/telegramtest"
)

// A join through a bot's named link: the name is cut to 32 characters (TDLib cuts,
// it does not refuse), and the channel's chat_member carries the link — in full for
// the bot that made it, with its hash replaced by "…" for another admin bot.
func TestChannelJoinCarriesTheInviteLink(t *testing.T) {
	w := newWorld(t)
	must(t, w.tg.SetMember(w.channel.ID, w.bot.ID, telegramtest.Admin(telegramtest.AdminRights{CanInviteUsers: true})))
	other := w.tg.AddBot("other_bot")
	must(t, w.tg.SetMember(w.channel.ID, other.ID, telegramtest.Admin(telegramtest.AdminRights{CanInviteUsers: true})))
	b, updates := poller(t, w.tg, w.bot)
	_, otherUpdates := poller(t, w.tg, other)
	ctx := context.Background()
	long := strings.Repeat("Ü", 40)
	link, err := b.CreateChatInviteLink(ctx, &bot.CreateChatInviteLinkParams{ChatID: w.channel.ID, Name: long})
	if err != nil || link.Name != strings.Repeat("Ü", 32) || !utf8.ValidString(link.Name) {
		t.Fatalf("create = %+v %v, want the name cut to 32 characters", link, err)
	}
	eve := w.tg.AddUser("Eve")
	if _, err := w.tg.JoinByLink(w.channel.ID, eve, link.InviteLink); err != nil {
		t.Fatal(err)
	}
	cm := next(t, updates, func(u *models.Update) bool { return u.ChatMember != nil })
	if l := cm.ChatMember.InviteLink; l == nil || l.InviteLink != link.InviteLink || l.Creator.ID != w.bot.ID {
		t.Fatalf("creator's chat_member invite_link = %+v", l)
	}
	cm = next(t, otherUpdates, func(u *models.Update) bool { return u.ChatMember != nil })
	if l := cm.ChatMember.InviteLink; l == nil || l.InviteLink == link.InviteLink || !strings.HasSuffix(l.InviteLink, "…") {
		t.Fatalf("another bot's chat_member invite_link = %+v, want the hash hidden", l)
	}
	// A plain join (by username) carries no link.
	bob := w.tg.AddUser("Bob")
	if _, err := w.tg.Join(w.channel.ID, bob); err != nil {
		t.Fatal(err)
	}
	cm = next(t, updates, func(u *models.Update) bool { return u.ChatMember != nil })
	if cm.ChatMember.InviteLink != nil {
		t.Fatalf("join without a link carries %+v", cm.ChatMember.InviteLink)
	}
}

// A join-request link of a channel: chat_join_request goes to the bot with the link;
// a withdrawn request sends no update and is gone (approving it fails); an approved
// one makes a member whose chat_member carries the link.
func TestChannelJoinRequestThroughALink(t *testing.T) {
	w := newWorld(t)
	must(t, w.tg.SetMember(w.channel.ID, w.bot.ID, telegramtest.Admin(telegramtest.AdminRights{CanInviteUsers: true})))
	b, updates := poller(t, w.tg, w.bot)
	ctx := context.Background()
	link, err := b.CreateChatInviteLink(ctx, &bot.CreateChatInviteLinkParams{ChatID: w.channel.ID, Name: "Fans", CreatesJoinRequest: true})
	if err != nil {
		t.Fatal(err)
	}
	eve, bob := w.tg.AddUser("Eve"), w.tg.AddUser("Bob")
	for _, u := range []telegramtest.User{eve, bob} {
		if _, err := w.tg.JoinByLink(w.channel.ID, u, link.InviteLink); err != nil {
			t.Fatal(err)
		}
		r := next(t, updates, func(u *models.Update) bool { return u.ChatJoinRequest != nil }).ChatJoinRequest
		if r.Chat.ID != w.channel.ID || r.From.ID != u.ID || r.InviteLink == nil || r.InviteLink.InviteLink != link.InviteLink {
			t.Fatalf("chat_join_request = %+v", r)
		}
	}
	must(t, w.tg.WithdrawRequest(w.channel.ID, eve.ID))
	if w.tg.PendingRequest(w.channel.ID, eve.ID) {
		t.Fatal("withdrawn request still pending")
	}
	if _, err := b.ApproveChatJoinRequest(ctx, &bot.ApproveChatJoinRequestParams{ChatID: w.channel.ID, UserID: eve.ID}); err == nil ||
		!strings.Contains(err.Error(), "HIDE_REQUESTER_MISSING") {
		t.Fatalf("approve a withdrawn request: %v", err)
	}
	carol := w.tg.AddUser("Carol")
	if _, err := w.tg.JoinByLink(w.channel.ID, carol, link.InviteLink); err != nil {
		t.Fatal(err)
	}
	next(t, updates, func(u *models.Update) bool { return u.ChatJoinRequest != nil && u.ChatJoinRequest.From.ID == carol.ID })
	if ok, err := b.DeclineChatJoinRequest(ctx, &bot.DeclineChatJoinRequestParams{ChatID: w.channel.ID, UserID: carol.ID}); !ok || err != nil ||
		w.tg.PendingRequest(w.channel.ID, carol.ID) {
		t.Fatalf("decline in a channel = %v %v", ok, err)
	}
	must(t, w.tg.ApproveRequest(w.channel.ID, bob.ID))
	cm := next(t, updates, func(u *models.Update) bool { return u.ChatMember != nil })
	if l := cm.ChatMember.InviteLink; l == nil || l.InviteLink != link.InviteLink || cm.ChatMember.NewChatMember.Type != models.ChatMemberTypeMember {
		t.Fatalf("approved chat_member = %+v", cm.ChatMember)
	}
}

// revokeChatInviteLink answers the link revoked; a revoked link no longer lets anyone
// in and cannot be edited. A link revoked in the app sends no update.
func TestRevokeChatInviteLink(t *testing.T) {
	w := newWorld(t)
	must(t, w.tg.SetMember(w.channel.ID, w.bot.ID, telegramtest.Admin(telegramtest.AdminRights{CanInviteUsers: true})))
	b := client(t, w.tg, w.bot)
	ctx := context.Background()
	link, err := b.CreateChatInviteLink(ctx, &bot.CreateChatInviteLinkParams{ChatID: w.channel.ID, Name: "Fans"})
	if err != nil {
		t.Fatal(err)
	}
	edited, err := b.EditChatInviteLink(ctx, &bot.EditChatInviteLinkParams{ChatID: w.channel.ID, InviteLink: link.InviteLink, Name: "Fans 2"})
	if err != nil || edited.Name != "Fans 2" || edited.IsRevoked {
		t.Fatalf("edit = %+v %v", edited, err)
	}
	revoked, err := b.RevokeChatInviteLink(ctx, &bot.RevokeChatInviteLinkParams{ChatID: w.channel.ID, InviteLink: link.InviteLink})
	if err != nil || !revoked.IsRevoked || revoked.InviteLink != link.InviteLink {
		t.Fatalf("revoke = %+v %v", revoked, err)
	}
	if _, err := w.tg.JoinByLink(w.channel.ID, w.tg.AddUser("Eve"), link.InviteLink); err == nil {
		t.Fatal("joined through a revoked link")
	}
	if _, err := b.EditChatInviteLink(ctx, &bot.EditChatInviteLinkParams{ChatID: w.channel.ID, InviteLink: link.InviteLink, Name: "x"}); err == nil {
		t.Fatal("edited a revoked link")
	}
	second, _ := b.CreateChatInviteLink(ctx, &bot.CreateChatInviteLinkParams{ChatID: w.channel.ID})
	must(t, w.tg.RevokeLink(w.channel.ID, second.InviteLink))
	if _, err := w.tg.JoinByLink(w.channel.ID, w.tg.AddUser("Bob"), second.InviteLink); err == nil {
		t.Fatal("joined through a link revoked in the app")
	}
}
