package telegramtest_test

import (
	"context"
	"errors"
	"strconv"
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/nezuko/nezuko/tests/telegramtest"
)

// A basic group refuses restrictions (even to an admin bot with every right) and
// unbans; banning works. Upgraded to a supergroup, it has a new -100… id, the same
// members, a service message on each side, and the old id answers 400 with
// parameters.migrate_to_chat_id to every method.
func TestBasicGroupAndMigration(t *testing.T) {
	tg := telegramtest.NewServer(t)
	bt := tg.AddBot("gate_bot")
	tg.SetAllowedUpdates(bt.ID, allUpdates)
	g := tg.AddGroup("Club")
	owner, alice := tg.Owner(g.ID), tg.AddUser("Alice")
	must(t, tg.SetMember(g.ID, bt.ID, telegramtest.Admin(gateRights)))
	must(t, tg.SetMember(g.ID, alice.ID, telegramtest.Member{Status: telegramtest.StatusMember}))
	if g.Type != telegramtest.ChatGroup || g.ID <= -1000000000000 {
		t.Fatalf("basic group = %+v", g)
	}
	user := strconv.FormatInt(alice.ID, 10)
	for method, want := range map[string]string{
		"restrictChatMember": "Bad Request: method is available only for supergroups",
		"unbanChatMember":    "Bad Request: method is available for supergroup and channel chats only",
	} {
		code, body := raw(t, tg, bt.Token, method, formType, form("chat_id", strconv.FormatInt(g.ID, 10), "user_id", user, "permissions", `{}`))
		if code != 400 || body["description"] != want {
			t.Fatalf("%s in a basic group = %d %v, want 400 %q", method, code, body, want)
		}
	}

	sg, err := tg.MigrateToSupergroup(g.ID, owner)
	must(t, err)
	if sg.Type != telegramtest.ChatSupergroup || sg.ID > -1000000000000 || sg.Title != "Club" {
		t.Fatalf("supergroup = %+v", sg)
	}
	if tg.Member(sg.ID, alice.ID).Status != telegramtest.StatusMember || tg.Member(sg.ID, owner.ID).Status != telegramtest.StatusCreator ||
		!tg.Member(sg.ID, bt.ID).InChat() {
		t.Fatal("memberships did not move to the supergroup")
	}
	var to, from *models.Message
	for _, u := range drain(t, tg, bt.Token) {
		switch {
		case u.Message == nil:
		case u.Message.MigrateToChatID != 0:
			to = u.Message
		case u.Message.MigrateFromChatID != 0:
			from = u.Message
		}
	}
	if to == nil || to.Chat.ID != g.ID || to.MigrateToChatID != sg.ID || from == nil || from.Chat.ID != sg.ID ||
		from.Chat.Type != models.ChatTypeSupergroup || from.MigrateFromChatID != g.ID {
		t.Fatalf("service messages: to %+v, from %+v", to, from)
	}

	code, body := raw(t, tg, bt.Token, "sendMessage", formType, form("chat_id", strconv.FormatInt(g.ID, 10), "text", "hi"))
	params, _ := body["parameters"].(map[string]any)
	if code != 400 || body["description"] != "Bad Request: group chat was upgraded to a supergroup chat" ||
		params["migrate_to_chat_id"] != float64(sg.ID) {
		t.Fatalf("sendMessage to the old id = %d %v", code, body)
	}
	b := client(t, tg, bt)
	_, err = b.GetChatMember(context.Background(), &bot.GetChatMemberParams{ChatID: g.ID, UserID: alice.ID})
	var mig *bot.MigrateError
	if !errors.As(err, &mig) || int64(mig.MigrateToChatID) != sg.ID {
		t.Fatalf("getChatMember of the old id: %v", err)
	}
	if calls := tg.Calls("getChatMember"); calls[len(calls)-1].MigrateToChatID != sg.ID {
		t.Fatalf("recorded call = %+v", calls[len(calls)-1])
	}
	if _, err := b.RestrictChatMember(context.Background(), &bot.RestrictChatMemberParams{ChatID: sg.ID, UserID: alice.ID,
		Permissions: &models.ChatPermissions{}}); err != nil {
		t.Fatalf("restrict in the supergroup: %v", err)
	}
	if _, err := tg.MigrateToSupergroup(g.ID, owner); err == nil {
		t.Fatal("a migrated group migrated again")
	}
}

// getChatMember can answer 400 for a user never seen in the chat, as real Telegram
// at times does for non-members; members are answered as usual.
func TestUnseenMemberError(t *testing.T) {
	w := newWorld(t)
	alice, bob := w.tg.AddUser("Alice"), w.tg.AddUser("Bob")
	must(t, w.tg.SetMember(w.channel.ID, alice.ID, telegramtest.Member{Status: telegramtest.StatusMember}))
	w.tg.SetUnseenMemberError(w.channel.ID, "PARTICIPANT_ID_INVALID")
	b := client(t, w.tg, w.bot)
	ctx := context.Background()
	if m, err := b.GetChatMember(ctx, &bot.GetChatMemberParams{ChatID: w.channel.ID, UserID: alice.ID}); err != nil || m.Type != models.ChatMemberTypeMember {
		t.Fatalf("member: %v %v", m, err)
	}
	_, err := b.GetChatMember(ctx, &bot.GetChatMemberParams{ChatID: w.channel.ID, UserID: bob.ID})
	if !errors.Is(err, bot.ErrorBadRequest) || err.Error() != "bad request, Bad Request: PARTICIPANT_ID_INVALID" {
		t.Fatalf("stranger: %v", err)
	}
	w.tg.SetUnseenMemberError(w.channel.ID, "")
	if m, err := b.GetChatMember(ctx, &bot.GetChatMemberParams{ChatID: w.channel.ID, UserID: bob.ID}); err != nil || m.Type != models.ChatMemberTypeLeft {
		t.Fatalf("stranger after reset: %v %v", m, err)
	}
}
