package telegramtest_test

import (
	"context"
	"fmt"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/nezuko/nezuko/tests/telegramtest"
)

// A join → mute → button → unmute story: a tiny gatekeeper written with
// go-telegram/bot runs against the fake, which plays Alice. (In a test,
// telegramtest.NewServer(t) replaces New/Start/Close, and WaitCall,
// WaitMessage and WaitFor replace Await.)
func Example() {
	tg := telegramtest.New()
	tg.Start()
	defer tg.Close()

	gate := tg.AddBot("gate_bot")
	group, channel := tg.AddSupergroup("Fans"), tg.AddChannel("News", "news")
	_ = tg.SetMember(group.ID, gate.ID, telegramtest.Admin(telegramtest.AdminRights{CanRestrictMembers: true, CanDeleteMessages: true}))
	_ = tg.SetMember(channel.ID, gate.ID, telegramtest.Admin(telegramtest.AdminRights{}))
	defer runGatekeeper(tg, gate, group.ID, channel.ID)()

	alice := tg.AddUser("Alice")
	tg.Join(group.ID, alice) // the service message and the chat_member update
	tg.Await(5*time.Second, func() bool { return len(warnings(tg, group.ID)) == 1 })
	warning := warnings(tg, group.ID)[0]
	fmt.Println(tg.Member(group.ID, alice.ID).Status, "-", warning.Text)

	tg.Join(channel.ID, alice)
	tg.Press(alice, warning, "I have joined")
	tg.Await(5*time.Second, func() bool { return len(warnings(tg, group.ID)) == 0 })
	fmt.Println(tg.Member(group.ID, alice.ID).Status, "-", len(tg.Calls("restrictChatMember")), "restrict calls")
	// Output:
	// restricted - Alice, please join @news first.
	// member - 2 restrict calls
}

// warnings are the bot's messages with buttons in a chat.
func warnings(tg *telegramtest.Server, chatID int64) []telegramtest.Message {
	var out []telegramtest.Message
	for _, m := range tg.Messages(chatID) {
		if m.ReplyMarkup != nil {
			out = append(out, m)
		}
	}
	return out
}

// runGatekeeper polls for bt until the returned stop is called: it mutes
// joiners of groupID who are not in channelID and unmutes them when they
// press "I have joined" after joining.
func runGatekeeper(tg *telegramtest.Server, bt telegramtest.Bot, groupID, channelID int64) (stop func()) {
	inChannel := func(ctx context.Context, b *bot.Bot, userID int64) bool {
		m, err := b.GetChatMember(ctx, &bot.GetChatMemberParams{ChatID: channelID, UserID: userID})
		return err == nil && m.Type != models.ChatMemberTypeLeft && m.Type != models.ChatMemberTypeBanned
	}
	handle := func(ctx context.Context, b *bot.Bot, u *models.Update) {
		if cm := u.ChatMember; cm != nil && cm.Chat.ID == groupID && cm.OldChatMember.Type == models.ChatMemberTypeLeft {
			user := cm.NewChatMember.Member.User
			if inChannel(ctx, b, user.ID) {
				return
			}
			_, _ = b.RestrictChatMember(ctx, &bot.RestrictChatMemberParams{ChatID: groupID, UserID: user.ID, Permissions: &models.ChatPermissions{}})
			_, _ = b.SendMessage(ctx, &bot.SendMessageParams{ChatID: groupID, Text: user.FirstName + ", please join @news first.",
				ReplyMarkup: &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{
					{{Text: "I have joined", CallbackData: fmt.Sprint("verify:", user.ID)}}}}})
		}
		if q := u.CallbackQuery; q != nil {
			if !inChannel(ctx, b, q.From.ID) {
				_, _ = b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: q.ID, Text: "Join first", ShowAlert: true})
				return
			}
			// "Pass True for all permissions to lift restrictions from a user"
			all := &models.ChatPermissions{CanSendMessages: true, CanSendAudios: true, CanSendDocuments: true,
				CanSendPhotos: true, CanSendVideos: true, CanSendVideoNotes: true, CanSendVoiceNotes: true,
				CanSendPolls: true, CanSendOtherMessages: true, CanAddWebPagePreviews: true, CanChangeInfo: true,
				CanInviteUsers: true, CanPinMessages: true, CanManageTopics: true}
			_, _ = b.RestrictChatMember(ctx, &bot.RestrictChatMemberParams{ChatID: groupID, UserID: q.From.ID, Permissions: all})
			_, _ = b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: q.ID})
			_, _ = b.DeleteMessage(ctx, &bot.DeleteMessageParams{ChatID: groupID, MessageID: q.Message.Message.ID})
		}
	}
	b, err := bot.New(bt.Token, bot.WithServerURL(tg.URL), bot.WithDefaultHandler(handle),
		bot.WithAllowedUpdates(bot.AllowedUpdates{"message", "callback_query", "chat_member"}))
	if err != nil {
		panic(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { b.Start(ctx); close(done) }()
	tg.Await(5*time.Second, func() bool { return tg.Polling(bt.ID) }) // allowed_updates registered
	return func() { cancel(); <-done }
}
