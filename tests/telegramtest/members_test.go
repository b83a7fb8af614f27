package telegramtest_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/nezuko/nezuko/tests/telegramtest"
)

// Restricting sends permissions the way go-telegram/bot encodes them
// (multipart, permissions as JSON with false values omitted) and is seen in
// getChatMember and as chat_member updates.
func TestRestrictAndUnrestrict(t *testing.T) {
	w := newWorld(t)
	b, updates := poller(t, w.tg, w.bot)
	ctx := context.Background()
	alice := w.tg.AddUser("Alice")
	_, _ = w.tg.Join(w.group.ID, alice)
	next(t, updates, func(u *models.Update) bool { return u.Message != nil })

	until := time.Now().Add(time.Hour).Unix()
	ok, err := b.RestrictChatMember(ctx, &bot.RestrictChatMemberParams{ChatID: w.group.ID, UserID: alice.ID,
		Permissions: &models.ChatPermissions{CanInviteUsers: true}, UseIndependentChatPermissions: true, UntilDate: int(until)})
	if !ok || err != nil {
		t.Fatalf("restrict = %v %v", ok, err)
	}
	call := w.tg.Calls("restrictChatMember")[0]
	var sent map[string]any
	if call.Decode("permissions", &sent) != nil || sent["can_send_messages"] != nil || sent["can_invite_users"] != true {
		t.Fatalf("permissions as sent = %v", call.Params["permissions"])
	}

	m, err := b.GetChatMember(ctx, &bot.GetChatMemberParams{ChatID: w.group.ID, UserID: alice.ID})
	if err != nil || m.Type != models.ChatMemberTypeRestricted {
		t.Fatalf("getChatMember = %+v, %v", m, err)
	}
	r := m.Restricted
	if !r.IsMember || r.CanSendMessages || r.CanSendPhotos || !r.CanInviteUsers || int64(r.UntilDate) != until || r.User.ID != alice.ID {
		t.Fatalf("restricted = %+v", r)
	}
	u := next(t, updates, func(u *models.Update) bool { return u.ChatMember != nil && u.ChatMember.From.ID == w.bot.ID })
	if u.ChatMember.NewChatMember.Type != models.ChatMemberTypeRestricted || u.ChatMember.OldChatMember.Type != models.ChatMemberTypeMember {
		t.Fatalf("restrict update = %+v", u.ChatMember)
	}

	// can_send_other_messages implies the rest unless permissions are independent
	_, _ = b.RestrictChatMember(ctx, &bot.RestrictChatMemberParams{ChatID: w.group.ID, UserID: alice.ID,
		Permissions: &models.ChatPermissions{CanSendOtherMessages: true}})
	if got := w.tg.Member(w.group.ID, alice.ID); !got.Permissions.CanSendMessages || !got.Permissions.CanSendPhotos {
		t.Fatalf("implied permissions = %+v", got.Permissions)
	}

	// restricting to the chat's defaults keeps a restricted user; every permission
	// true makes a plain member again
	chat, err := b.GetChat(ctx, &bot.GetChatParams{ChatID: w.group.ID})
	if err != nil || chat.Permissions == nil || !chat.Permissions.CanSendMessages {
		t.Fatalf("getChat = %+v, %v", chat, err)
	}
	_, err = b.RestrictChatMember(ctx, &bot.RestrictChatMemberParams{ChatID: w.group.ID, UserID: alice.ID, Permissions: chat.Permissions})
	if got := w.tg.Member(w.group.ID, alice.ID); err != nil || got.Status != telegramtest.StatusRestricted || got.Permissions != telegramtest.DefaultPermissions {
		t.Fatalf("restricted to the defaults: %v, member %+v", err, got)
	}
	all := models.ChatPermissions{CanSendMessages: true, CanSendAudios: true, CanSendDocuments: true, CanSendPhotos: true,
		CanSendVideos: true, CanSendVideoNotes: true, CanSendVoiceNotes: true, CanSendPolls: true, CanSendOtherMessages: true,
		CanAddWebPagePreviews: true, CanChangeInfo: true, CanInviteUsers: true, CanPinMessages: true, CanManageTopics: true}
	_, err = b.RestrictChatMember(ctx, &bot.RestrictChatMemberParams{ChatID: w.group.ID, UserID: alice.ID, Permissions: &all})
	if err != nil || w.tg.Member(w.group.ID, alice.ID).Status != telegramtest.StatusMember {
		t.Fatalf("unrestrict: %v, member %+v", err, w.tg.Member(w.group.ID, alice.ID))
	}
	u = next(t, updates, func(u *models.Update) bool {
		return u.ChatMember != nil && u.ChatMember.NewChatMember.Type == models.ChatMemberTypeMember
	})
	if u.ChatMember.OldChatMember.Type != models.ChatMemberTypeRestricted {
		t.Fatalf("unrestrict update = %+v", u.ChatMember)
	}
}

// Telegram keeps a restriction as it was set: frozen at its rights whatever the
// group's defaults become, kept when the user leaves (restricted, is_member false)
// and applied again when they come back, with its until_date reported and lifted
// when it passes.
func TestRestrictionsAsTelegramKeepsThem(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	w := newWorld(t, telegramtest.WithClock(func() time.Time { return now }))
	b := client(t, w.tg, w.bot)
	ctx := context.Background()
	bob := w.tg.AddUser("Bob")
	_, _ = w.tg.Join(w.group.ID, bob)
	owner := w.tg.Owner(w.group.ID)

	// an admin restricts Bob for 7 days to sending text only
	textOnly := telegramtest.Permissions{CanSendMessages: true}
	must(t, w.tg.RestrictFor(w.group.ID, bob, textOnly, 7*24*time.Hour, owner))
	until := now.Unix() + 7*86400
	m, err := b.GetChatMember(ctx, &bot.GetChatMemberParams{ChatID: w.group.ID, UserID: bob.ID})
	if err != nil || m.Type != models.ChatMemberTypeRestricted || !m.Restricted.IsMember ||
		int64(m.Restricted.UntilDate) != until || !m.Restricted.CanSendMessages || m.Restricted.CanSendPhotos {
		t.Fatalf("after RestrictFor: %+v %v", m.Restricted, err)
	}
	// the group's defaults change: Bob's own rights do not
	w.tg.SetPermissions(w.group.ID, telegramtest.AllPermissions)
	if got := w.tg.Member(w.group.ID, bob.ID); got.Permissions != textOnly {
		t.Fatalf("rights after a default change = %+v", got.Permissions)
	}
	// leaving keeps the restriction; coming back applies it again
	_, _ = w.tg.Leave(w.group.ID, bob)
	if got := w.tg.Member(w.group.ID, bob.ID); got.Status != telegramtest.StatusRestricted || got.IsMember || got.UntilDate != until {
		t.Fatalf("after leaving = %+v", got)
	}
	m, err = b.GetChatMember(ctx, &bot.GetChatMemberParams{ChatID: w.group.ID, UserID: bob.ID})
	if err != nil || m.Type != models.ChatMemberTypeRestricted || m.Restricted.IsMember {
		t.Fatalf("getChatMember of a restricted user who left = %+v %v", m, err)
	}
	_, _ = w.tg.Join(w.group.ID, bob)
	if got := w.tg.Member(w.group.ID, bob.ID); got.Status != telegramtest.StatusRestricted || !got.IsMember || got.Permissions != textOnly {
		t.Fatalf("after coming back = %+v", got)
	}
	// an approved join request brings the restriction back too
	_, _ = w.tg.Leave(w.group.ID, bob)
	must(t, w.tg.RequestJoin(w.group.ID, bob))
	if _, err := b.ApproveChatJoinRequest(ctx, &bot.ApproveChatJoinRequestParams{ChatID: w.group.ID, UserID: bob.ID}); err != nil {
		t.Fatal(err)
	}
	if got := w.tg.Member(w.group.ID, bob.ID); got.Status != telegramtest.StatusRestricted || !got.IsMember {
		t.Fatalf("after an approved join request = %+v", got)
	}
	// a read-only group silences plain members too
	carol := w.tg.AddUser("Carol")
	_, _ = w.tg.Join(w.group.ID, carol)
	w.tg.SetPermissions(w.group.ID, telegramtest.Permissions{})
	if _, err := w.tg.Send(w.group.ID, carol, "hi"); err == nil {
		t.Fatal("a member wrote in a read-only group")
	}
	w.tg.SetPermissions(w.group.ID, telegramtest.DefaultPermissions)
	// every permission true lifts it; the until_date passing lifts it too
	_, err = b.RestrictChatMember(ctx, &bot.RestrictChatMemberParams{ChatID: w.group.ID, UserID: carol.ID,
		Permissions: &models.ChatPermissions{}, UseIndependentChatPermissions: true})
	if err != nil || w.tg.Member(w.group.ID, carol.ID).Status != telegramtest.StatusRestricted {
		t.Fatalf("carol not muted: %v", err)
	}
	now = now.Add(8 * 24 * time.Hour)
	if got := w.tg.Member(w.group.ID, bob.ID); got.Status != telegramtest.StatusMember {
		t.Fatalf("bob after his until_date = %+v", got)
	}
	if got := w.tg.Member(w.group.ID, carol.ID); got.Status != telegramtest.StatusRestricted || got.UntilDate != 0 {
		t.Fatalf("carol's mute without until_date = %+v", got)
	}
}

func TestRestrictionExpires(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	clock := func() time.Time { return now }
	w := newWorld(t, telegramtest.WithClock(clock))
	alice := w.tg.AddUser("Alice")
	must(t, w.tg.SetMember(w.group.ID, alice.ID, telegramtest.Member{Status: telegramtest.StatusRestricted, IsMember: true, UntilDate: now.Unix() + 60}))
	if w.tg.Member(w.group.ID, alice.ID).Status != telegramtest.StatusRestricted {
		t.Fatal("not restricted")
	}
	now = now.Add(61 * time.Second)
	if got := w.tg.Member(w.group.ID, alice.ID); got.Status != telegramtest.StatusMember {
		t.Fatalf("after until_date: %+v", got)
	}
}

func TestBanAndUnban(t *testing.T) {
	w := newWorld(t)
	b := client(t, w.tg, w.bot)
	ctx := context.Background()
	bob := w.tg.AddUser("Bob")
	_, _ = w.tg.Join(w.group.ID, bob)
	if _, err := b.BanChatMember(ctx, &bot.BanChatMemberParams{ChatID: w.group.ID, UserID: bob.ID}); err != nil {
		t.Fatal(err)
	}
	if st := w.tg.Member(w.group.ID, bob.ID).Status; st != telegramtest.StatusKicked {
		t.Fatalf("status = %s", st)
	}
	msgs := w.tg.Messages(w.group.ID)
	if last := msgs[len(msgs)-1]; last.LeftChatMember == nil || last.LeftChatMember.ID != bob.ID || last.From.ID != w.bot.ID {
		t.Fatalf("service message = %+v", last)
	}
	if _, err := w.tg.Join(w.group.ID, bob); err == nil {
		t.Fatal("a banned user joined")
	}
	// only_if_banned leaves members alone; a plain unban removes them
	carol := w.tg.AddUser("Carol")
	_, _ = w.tg.Join(w.group.ID, carol)
	_, _ = b.UnbanChatMember(ctx, &bot.UnbanChatMemberParams{ChatID: w.group.ID, UserID: carol.ID, OnlyIfBanned: true})
	if st := w.tg.Member(w.group.ID, carol.ID).Status; st != telegramtest.StatusMember {
		t.Fatalf("only_if_banned changed a member: %s", st)
	}
	_, _ = b.UnbanChatMember(ctx, &bot.UnbanChatMemberParams{ChatID: w.group.ID, UserID: bob.ID, OnlyIfBanned: true})
	if st := w.tg.Member(w.group.ID, bob.ID).Status; st != telegramtest.StatusLeft {
		t.Fatalf("unbanned status = %s", st)
	}
	_, _ = b.UnbanChatMember(ctx, &bot.UnbanChatMemberParams{ChatID: w.group.ID, UserID: carol.ID})
	if st := w.tg.Member(w.group.ID, carol.ID).Status; st != telegramtest.StatusLeft {
		t.Fatalf("plain unban kept a member: %s", st)
	}
}

// Telegram's permission checks and their exact descriptions.
func TestPermissionErrors(t *testing.T) {
	w := newWorld(t)
	tg, ctx := w.tg, context.Background()
	b := client(t, tg, w.bot)
	weak := tg.AddBot("weak_bot")
	must(t, tg.SetMember(w.group.ID, weak.ID, telegramtest.Member{Status: telegramtest.StatusMember}))
	must(t, tg.SetMember(w.channel.ID, weak.ID, telegramtest.Member{Status: telegramtest.StatusMember}))
	wb := client(t, tg, weak)
	stranger := client(t, tg, tg.AddBot("stranger_bot"))
	alice, mod := tg.AddUser("Alice"), tg.AddUser("Mod")
	must(t, tg.SetMember(w.group.ID, alice.ID, telegramtest.Member{Status: telegramtest.StatusMember}))
	must(t, tg.SetMember(w.group.ID, mod.ID, telegramtest.Admin(telegramtest.AdminRights{CanDeleteMessages: true})))
	owner := tg.Owner(w.group.ID)
	msg, _ := tg.Send(w.group.ID, alice, "hello")
	mute := &models.ChatPermissions{}

	cases := []struct {
		name string
		call func() error
		want error
		desc string
	}{
		{"no rights", func() error {
			_, err := wb.RestrictChatMember(ctx, &bot.RestrictChatMemberParams{ChatID: w.group.ID, UserID: alice.ID, Permissions: mute})
			return err
		}, bot.ErrorBadRequest, "Bad Request: not enough rights to restrict/unrestrict chat member"},
		{"admin", func() error {
			_, err := b.RestrictChatMember(ctx, &bot.RestrictChatMemberParams{ChatID: w.group.ID, UserID: mod.ID, Permissions: mute})
			return err
		}, bot.ErrorBadRequest, "Bad Request: user is an administrator of the chat"},
		{"owner", func() error {
			_, err := b.BanChatMember(ctx, &bot.BanChatMemberParams{ChatID: w.group.ID, UserID: owner.ID})
			return err
		}, bot.ErrorBadRequest, "Bad Request: can't remove chat owner"},
		{"unknown user", func() error {
			_, err := b.GetChatMember(ctx, &bot.GetChatMemberParams{ChatID: w.group.ID, UserID: 42})
			return err
		}, bot.ErrorBadRequest, "Bad Request: user not found"},
		{"unknown chat", func() error {
			_, err := b.GetChat(ctx, &bot.GetChatParams{ChatID: -1009999999999})
			return err
		}, bot.ErrorBadRequest, "Bad Request: chat not found"},
		{"channel, not a member", func() error {
			_, err := stranger.GetChatMember(ctx, &bot.GetChatMemberParams{ChatID: "@news", UserID: alice.ID})
			return err
		}, bot.ErrorForbidden, "Forbidden: bot is not a member of the channel chat"},
		{"channel, plain member", func() error {
			_, err := wb.GetChatMember(ctx, &bot.GetChatMemberParams{ChatID: w.channel.ID, UserID: alice.ID})
			return err
		}, bot.ErrorBadRequest, "Bad Request: member list is inaccessible"},
		{"delete without rights", func() error {
			_, err := wb.DeleteMessage(ctx, &bot.DeleteMessageParams{ChatID: w.group.ID, MessageID: msg.MessageID})
			return err
		}, bot.ErrorBadRequest, "Bad Request: message can't be deleted"},
		{"delete unknown", func() error {
			_, err := b.DeleteMessage(ctx, &bot.DeleteMessageParams{ChatID: w.group.ID, MessageID: 9999})
			return err
		}, bot.ErrorBadRequest, "Bad Request: message to delete not found"},
		{"private chat not started", func() error {
			_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: alice.ID, Text: "hi"})
			return err
		}, bot.ErrorForbidden, "Forbidden: bot can't initiate conversation with a user"},
	}
	for _, c := range cases {
		err := c.call()
		if !errors.Is(err, c.want) || !strings.HasSuffix(err.Error(), c.desc) {
			t.Errorf("%s: err = %v, want %v %q", c.name, err, c.want, c.desc)
		}
	}
	// the admin bot may delete others' messages; the stranger may read public chats
	if ok, err := b.DeleteMessage(ctx, &bot.DeleteMessageParams{ChatID: w.group.ID, MessageID: msg.MessageID}); !ok || err != nil {
		t.Fatalf("delete = %v %v", ok, err)
	}
	if c, err := stranger.GetChat(ctx, &bot.GetChatParams{ChatID: "@news"}); err != nil || c.ID != w.channel.ID {
		t.Fatalf("public getChat = %+v %v", c, err)
	}
	if n, err := b.GetChatMemberCount(ctx, &bot.GetChatMemberCountParams{ChatID: w.group.ID}); err != nil || n != 5 {
		t.Fatalf("member count = %d %v", n, err)
	}
	admins, err := b.GetChatAdministrators(ctx, &bot.GetChatAdministratorsParams{ChatID: w.group.ID})
	if err != nil || len(admins) != 3 || admins[0].Type != models.ChatMemberTypeOwner {
		t.Fatalf("admins = %+v %v", admins, err)
	}
}
