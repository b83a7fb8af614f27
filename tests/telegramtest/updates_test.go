package telegramtest_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/nezuko/nezuko/tests/telegramtest"
)

// A join sends both the service message and the chat_member update.
func TestJoinSendsServiceMessageAndChatMember(t *testing.T) {
	w := newWorld(t)
	_, updates := poller(t, w.tg, w.bot)
	alice := w.tg.AddUser("Alice")
	msg, err := w.tg.Join(w.group.ID, alice)
	if err != nil || len(msg.NewChatMembers) != 1 {
		t.Fatalf("Join = %+v, %v", msg, err)
	}

	cm := next(t, updates, func(u *models.Update) bool { return u.ChatMember != nil })
	if cm.ChatMember.Chat.ID != w.group.ID || cm.ChatMember.From.ID != alice.ID ||
		cm.ChatMember.OldChatMember.Type != models.ChatMemberTypeLeft ||
		cm.ChatMember.NewChatMember.Type != models.ChatMemberTypeMember || cm.ChatMember.NewChatMember.Member.User.ID != alice.ID {
		t.Fatalf("chat_member = %+v", cm.ChatMember)
	}
	sm := next(t, updates, func(u *models.Update) bool { return u.Message != nil })
	m := sm.Message
	if m.Chat.ID != w.group.ID || m.Chat.Type != models.ChatTypeSupergroup || len(m.NewChatMembers) != 1 ||
		m.NewChatMembers[0].ID != alice.ID || m.From.ID != alice.ID || m.Date == 0 || sm.ID <= cm.ID {
		t.Fatalf("service message = %+v (update %d after %d)", m, sm.ID, cm.ID)
	}
	if w.group.ID > -1000000000000 {
		t.Fatalf("supergroup id %d is not -100…", w.group.ID)
	}
}

// Without chat_member in allowed_updates (the default), only the service message comes.
func TestDefaultAllowedUpdatesLeaveOutChatMember(t *testing.T) {
	w := newWorld(t)
	_, _ = w.tg.Join(w.group.ID, w.tg.AddUser("Dan"))
	if ups := drain(t, w.tg, w.bot.Token); len(ups) != 1 || ups[0].Message == nil {
		t.Fatalf("updates = %+v", ups)
	}
}

// Channel joins and leaves go only to bots that are admins there.
func TestChannelJoinReachesOnlyAdminBots(t *testing.T) {
	w := newWorld(t)
	other := w.tg.AddBot("plain_bot")
	must(t, w.tg.SetMember(w.channel.ID, other.ID, telegramtest.Member{Status: telegramtest.StatusMember}))
	w.tg.SetAllowedUpdates(other.ID, []string{"chat_member", "message", "channel_post"})
	_, updates := poller(t, w.tg, w.bot)
	bob := w.tg.AddUser("Bob")
	if _, err := w.tg.Join(w.channel.ID, bob); err != nil {
		t.Fatal(err)
	}
	if _, err := w.tg.Leave(w.channel.ID, bob); err != nil {
		t.Fatal(err)
	}
	u := next(t, updates, func(u *models.Update) bool {
		return u.ChatMember != nil && u.ChatMember.NewChatMember.Type == models.ChatMemberTypeLeft
	})
	if u.ChatMember.Chat.Type != models.ChatTypeChannel || u.ChatMember.OldChatMember.Type != models.ChatMemberTypeMember {
		t.Fatalf("leave = %+v", u.ChatMember)
	}
	if n := w.tg.Pending(other.ID); n != 0 {
		t.Fatalf("non-admin bot got %d channel updates", n)
	}
	if msgs := w.tg.Messages(w.channel.ID); len(msgs) != 0 {
		t.Fatalf("channel joins made messages: %+v", msgs)
	}
}

// Privacy mode: a plain member bot sees commands for it and service
// messages, not chatter; /cmd@otherbot is not for it.
func TestPrivacyModeAndCommands(t *testing.T) {
	w := newWorld(t)
	plain := w.tg.AddBot("plain_bot")
	must(t, w.tg.SetMember(w.group.ID, plain.ID, telegramtest.Member{Status: telegramtest.StatusMember}))
	alice := w.tg.AddUser("Alice")
	must(t, w.tg.SetMember(w.group.ID, alice.ID, telegramtest.Member{Status: telegramtest.StatusMember}))
	for _, text := range []string{"just chatting", "/status@gate_bot", "/help"} {
		if _, err := w.tg.Send(w.group.ID, alice, text); err != nil {
			t.Fatal(err)
		}
	}
	ups := drain(t, w.tg, plain.Token)
	if len(ups) != 1 || ups[0].Message.Text != "/help" {
		t.Fatalf("plain bot updates = %+v", ups)
	}
	e := ups[0].Message.Entities
	if len(e) != 1 || e[0].Type != models.MessageEntityTypeBotCommand || e[0].Offset != 0 || e[0].Length != 5 {
		t.Fatalf("entities = %+v", e)
	}
	ups = drain(t, w.tg, w.bot.Token)
	if len(ups) != 3 || ups[1].Message.Entities[0].Length != len("/status@gate_bot") {
		t.Fatalf("admin bot updates = %+v", ups)
	}
}

// The bot's own status changes come as my_chat_member.
func TestMyChatMemberOnPromoteAndRemove(t *testing.T) {
	tg := telegramtest.NewServer(t)
	bt := tg.AddBot("new_bot")
	group := tg.AddSupergroup("G")
	owner := tg.Owner(group.ID)
	_, updates := poller(t, tg, bt)
	if _, err := tg.ChangeMember(group.ID, bt.ID, telegramtest.Member{Status: telegramtest.StatusMember}, owner); err != nil {
		t.Fatal(err)
	}
	u := next(t, updates, func(u *models.Update) bool { return u.MyChatMember != nil })
	if u.MyChatMember.OldChatMember.Type != models.ChatMemberTypeLeft || u.MyChatMember.NewChatMember.Type != models.ChatMemberTypeMember || u.MyChatMember.From.ID != owner.ID {
		t.Fatalf("added = %+v", u.MyChatMember)
	}
	added := next(t, updates, func(u *models.Update) bool { return u.Message != nil })
	if added.Message.NewChatMembers[0].ID != bt.ID || added.Message.From.ID != owner.ID {
		t.Fatalf("service message = %+v", added.Message)
	}
	_, _ = tg.ChangeMember(group.ID, bt.ID, telegramtest.Admin(telegramtest.AdminRights{CanRestrictMembers: true}), owner)
	u = next(t, updates, func(u *models.Update) bool { return u.MyChatMember != nil })
	if a := u.MyChatMember.NewChatMember.Administrator; a == nil || !a.CanRestrictMembers || a.CanDeleteMessages {
		t.Fatalf("promoted = %+v", u.MyChatMember.NewChatMember)
	}
	_, _ = tg.ChangeMember(group.ID, bt.ID, telegramtest.Member{Status: telegramtest.StatusKicked}, owner)
	u = next(t, updates, func(u *models.Update) bool { return u.MyChatMember != nil })
	if u.MyChatMember.NewChatMember.Type != models.ChatMemberTypeBanned {
		t.Fatalf("removed = %+v", u.MyChatMember.NewChatMember)
	}
	_, err := client(t, tg, bt).SendMessage(context.Background(), &bot.SendMessageParams{ChatID: group.ID, Text: "hi"})
	if !errors.Is(err, bot.ErrorForbidden) || !strings.HasSuffix(err.Error(), "Forbidden: bot was kicked from the supergroup chat") {
		t.Fatalf("send after kick: %v", err)
	}
}

func TestJoinRequestApproval(t *testing.T) {
	w := newWorld(t)
	b, updates := poller(t, w.tg, w.bot)
	ctx := context.Background()
	link, err := b.CreateChatInviteLink(ctx, &bot.CreateChatInviteLinkParams{ChatID: w.group.ID, CreatesJoinRequest: true})
	if err != nil {
		t.Fatal(err)
	}
	eve := w.tg.AddUser("Eve")
	if _, err := w.tg.JoinByLink(w.group.ID, eve, link.InviteLink); err != nil {
		t.Fatal(err)
	}
	u := next(t, updates, func(u *models.Update) bool { return u.ChatJoinRequest != nil })
	if r := u.ChatJoinRequest; r.UserChatID != eve.ID || r.From.ID != eve.ID || r.InviteLink == nil || !r.InviteLink.CreatesJoinRequest {
		t.Fatalf("join request = %+v", r)
	}
	if ok, err := b.ApproveChatJoinRequest(ctx, &bot.ApproveChatJoinRequestParams{ChatID: w.group.ID, UserID: eve.ID}); !ok || err != nil {
		t.Fatalf("approve = %v %v", ok, err)
	}
	cm := next(t, updates, func(u *models.Update) bool { return u.ChatMember != nil })
	if l := cm.ChatMember.InviteLink; l == nil || l.InviteLink != link.InviteLink || cm.ChatMember.NewChatMember.Type != models.ChatMemberTypeMember {
		t.Fatalf("chat_member = %+v", cm.ChatMember)
	}
	_, err = b.DeclineChatJoinRequest(ctx, &bot.DeclineChatJoinRequestParams{ChatID: w.group.ID, UserID: eve.ID})
	if err == nil || !strings.Contains(err.Error(), "USER_ALREADY_PARTICIPANT") {
		t.Fatalf("decline after approve: %v", err)
	}
}

func TestAnonymousAdminAndAutomaticForward(t *testing.T) {
	w := newWorld(t)
	w.tg.LinkChat(w.group.ID, w.channel.ID)
	_, updates := poller(t, w.tg, w.bot)
	if _, err := w.tg.SendAsChat(w.group.ID, "from the admins"); err != nil {
		t.Fatal(err)
	}
	u := next(t, updates, func(u *models.Update) bool { return u.Message != nil })
	if m := u.Message; m.SenderChat == nil || m.SenderChat.ID != w.group.ID || m.From.Username != "GroupAnonymousBot" {
		t.Fatalf("anonymous = %+v", m)
	}
	if _, err := w.tg.AutoForward(w.channel.ID, "news!"); err != nil {
		t.Fatal(err)
	}
	post := next(t, updates, func(u *models.Update) bool { return u.ChannelPost != nil })
	fwd := next(t, updates, func(u *models.Update) bool { return u.Message != nil })
	m := fwd.Message
	if !m.IsAutomaticForward || m.SenderChat.ID != w.channel.ID || m.From.ID != 777000 || m.Chat.ID != w.group.ID ||
		m.ForwardOrigin == nil || m.ForwardOrigin.MessageOriginChannel.MessageID != post.ChannelPost.ID {
		t.Fatalf("automatic forward = %+v", m)
	}
}

// Updates reach a webhook as JSON with the secret header; failures are retried.
func TestWebhookDeliveryWithRetry(t *testing.T) {
	w := newWorld(t, telegramtest.WithLocalMode()) // the receiver is plain http on loopback
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var mu sync.Mutex
	var secrets []string
	failures := 2
	got := make(chan *models.Update, 16)
	b := client(t, w.tg, w.bot, bot.WithWebhookSecretToken("s3cret"), bot.WithNotAsyncHandlers(),
		bot.WithDefaultHandler(func(_ context.Context, _ *bot.Bot, u *models.Update) { got <- u }))
	hook := b.WebhookHandler()
	recv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		mu.Lock()
		secrets = append(secrets, r.Header.Get("X-Telegram-Bot-Api-Secret-Token"))
		fail := failures > 0
		failures--
		mu.Unlock()
		if fail || r.Header.Get("Content-Type") != "application/json" {
			io.Copy(io.Discard, r.Body)
			rw.WriteHeader(500)
			return
		}
		hook(rw, r)
	}))
	defer recv.Close()
	go b.StartWebhook(ctx)
	if _, err := b.SetWebhook(ctx, &bot.SetWebhookParams{URL: recv.URL, SecretToken: "s3cret",
		AllowedUpdates: []string{"message", "chat_member"}}); err != nil {
		t.Fatal(err)
	}
	_, _ = w.tg.Join(w.group.ID, w.tg.AddUser("Frank"))
	first := next(t, got, func(*models.Update) bool { return true })
	second := next(t, got, func(*models.Update) bool { return true })
	// The two updates of a join are in different delivery queues (the user's, the
	// chat's), so, as from Telegram, they may come in either order.
	if (first.ChatMember == nil || second.Message == nil) && (first.Message == nil || second.ChatMember == nil) {
		t.Fatalf("webhook updates: %+v and %+v, want a chat_member and a message", first, second)
	}
	w.tg.WaitFor(t, wait, func() bool { return w.tg.Pending(w.bot.ID) == 0 })
	info, err := b.GetWebhookInfo(ctx)
	if err != nil || info.URL != recv.URL || info.PendingUpdateCount != 0 || !strings.Contains(info.LastErrorMessage, "500") {
		t.Fatalf("webhook info = %+v, %v", info, err)
	}
	mu.Lock()
	defer mu.Unlock()
	for _, s := range secrets {
		if s != "s3cret" {
			t.Fatalf("secret header = %q", s)
		}
	}
	if len(secrets) < 4 {
		t.Fatalf("deliveries = %d, want retries", len(secrets))
	}
}
