package telegramtest_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/nezuko/nezuko/tests/telegramtest"
)

// An inline keyboard sent by go-telegram/bot comes back in the result, is
// stored on the message, and pressing it sends a callback_query.
func TestInlineKeyboardAndCallbackQuery(t *testing.T) {
	w := newWorld(t)
	b, updates := poller(t, w.tg, w.bot)
	ctx := context.Background()
	kb := &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{
		{{Text: "Join News", URL: "https://t.me/news"}},
		{{Text: "I have joined", CallbackData: "verify:1"}},
	}}
	sent, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: w.group.ID, Text: "<b>Hi</b> there, join first", ParseMode: models.ParseModeHTML, ReplyMarkup: kb})
	if err != nil {
		t.Fatal(err)
	}
	if sent.Text != "Hi there, join first" || len(sent.Entities) != 1 || sent.Entities[0].Type != models.MessageEntityTypeBold || sent.Entities[0].Length != 2 {
		t.Fatalf("sent = %q %+v", sent.Text, sent.Entities)
	}
	if sent.From.ID != w.bot.ID || sent.Chat.ID != w.group.ID || sent.ReplyMarkup == nil ||
		sent.ReplyMarkup.InlineKeyboard[1][0].CallbackData != "verify:1" || sent.ReplyMarkup.InlineKeyboard[0][0].URL != "https://t.me/news" {
		t.Fatalf("sent = %+v", sent)
	}

	alice := w.tg.AddUser("Alice")
	stored := w.tg.WaitMessage(t, wait, w.group.ID, func(m telegramtest.Message) bool { return m.ReplyMarkup != nil })
	if _, err := w.tg.Press(alice, stored, "Join News"); err == nil {
		t.Fatal("a URL button made a callback")
	}
	qid, err := w.tg.Press(alice, stored, "I have joined")
	if err != nil {
		t.Fatal(err)
	}
	u := next(t, updates, func(u *models.Update) bool { return u.CallbackQuery != nil })
	q := u.CallbackQuery
	if q.ID != qid || q.Data != "verify:1" || q.From.ID != alice.ID || q.Message.Message == nil ||
		q.Message.Message.ID != sent.ID || q.Message.Message.ReplyMarkup.InlineKeyboard[1][0].Text != "I have joined" || q.ChatInstance == "" {
		t.Fatalf("callback_query = %+v", q)
	}
	if ok, err := b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: qid, Text: "Not yet!", ShowAlert: true}); !ok || err != nil {
		t.Fatalf("answer = %v %v", ok, err)
	}
	if a, ok := w.tg.CallbackAnswer(qid); !ok || a.Text != "Not yet!" || !a.ShowAlert || a.UserID != alice.ID {
		t.Fatalf("answer = %+v %v", a, ok)
	}
	_, err = b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: qid})
	if !errors.Is(err, bot.ErrorBadRequest) || !strings.Contains(err.Error(), "query is too old") {
		t.Fatalf("second answer: %v", err)
	}
}

func TestEditAndDelete(t *testing.T) {
	w := newWorld(t)
	b := client(t, w.tg, w.bot)
	ctx := context.Background()
	kb := &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "A", CallbackData: "a"}}}}
	sent, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: w.group.ID, Text: "one", ReplyMarkup: kb})
	if err != nil {
		t.Fatal(err)
	}
	edited, err := b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: w.group.ID, MessageID: sent.ID, Text: "two", ReplyMarkup: kb})
	if err != nil || edited.Text != "two" || edited.EditDate == 0 || edited.ReplyMarkup == nil {
		t.Fatalf("edit = %+v %v", edited, err)
	}
	_, err = b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: w.group.ID, MessageID: sent.ID, Text: "two", ReplyMarkup: kb})
	if err == nil || !strings.Contains(err.Error(), "message is not modified") {
		t.Fatalf("same edit: %v", err)
	}
	if ok, err := b.DeleteMessage(ctx, &bot.DeleteMessageParams{ChatID: w.group.ID, MessageID: sent.ID}); !ok || err != nil {
		t.Fatalf("delete = %v %v", ok, err)
	}
	if len(w.tg.Messages(w.group.ID)) != 0 {
		t.Fatal("deleted message still listed")
	}
	_, err = b.DeleteMessage(ctx, &bot.DeleteMessageParams{ChatID: w.group.ID, MessageID: sent.ID})
	if !errors.Is(err, bot.ErrorBadRequest) || !strings.HasSuffix(err.Error(), "Bad Request: message to delete not found") {
		t.Fatalf("second delete: %v", err)
	}
}

func TestSendMessageErrors(t *testing.T) {
	w := newWorld(t)
	b := client(t, w.tg, w.bot)
	ctx := context.Background()
	for text, want := range map[string]string{
		"<b>unclosed":             `Bad Request: can't parse entities: Can't find end tag corresponding to start tag "b"`,
		"a <foo>b</foo>":          `Bad Request: can't parse entities: Unsupported start tag "foo" at byte offset 2`,
		"<b>x</i>":                `Bad Request: can't parse entities: Unmatched end tag at byte offset 4, expected "</b>", found "</i>"`,
		"   ":                     "Bad Request: message text is empty",
		strings.Repeat("x", 4097): "Bad Request: message is too long",
	} {
		_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: w.group.ID, Text: text, ParseMode: models.ParseModeHTML})
		if !errors.Is(err, bot.ErrorBadRequest) || !strings.HasSuffix(err.Error(), want) {
			t.Errorf("%.20q: err = %v, want %q", text, err, want)
		}
	}
	_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: w.group.ID, Text: "x",
		ReplyMarkup: &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "big", CallbackData: strings.Repeat("d", 65)}}}}})
	if err == nil || !strings.HasSuffix(err.Error(), "BUTTON_DATA_INVALID") {
		t.Errorf("long callback data: %v", err)
	}
	if len(w.tg.Messages(w.group.ID)) != 0 {
		t.Fatal("a failed send left a message")
	}
}

func TestPrivateChatsAndCommands(t *testing.T) {
	tg := telegramtest.NewServer(t)
	bt := tg.AddBot("hello_bot")
	b := client(t, tg, bt)
	ctx := context.Background()
	alice := tg.AddUser("Alice")
	in, err := tg.SendPrivate(bt, alice, "/start")
	if err != nil || in.Chat.Type != telegramtest.ChatPrivate || in.Chat.ID != alice.ID || in.Entities[0].Type != "bot_command" {
		t.Fatalf("private = %+v %v", in, err)
	}
	out, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: alice.ID, Text: "welcome",
		ReplyParameters: &models.ReplyParameters{MessageID: in.MessageID}})
	if err != nil || out.Chat.ID != alice.ID || out.ReplyToMessage == nil || out.ReplyToMessage.Text != "/start" || out.ID != in.MessageID+1 {
		t.Fatalf("reply = %+v %v", out, err)
	}
	hi, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: alice.ID, ParseMode: models.ParseModeHTML,
		Text: fmt.Sprintf(`Hi <a href="tg://user?id=%d">you</a>`, alice.ID)})
	if err != nil || len(hi.Entities) != 1 || hi.Entities[0].Type != models.MessageEntityTypeTextMention || hi.Entities[0].User.FirstName != "Alice" {
		t.Fatalf("text_mention = %+v %v", hi, err)
	}
	cmds := []models.BotCommand{{Command: "start", Description: "Start the bot"}}
	if ok, err := b.SetMyCommands(ctx, &bot.SetMyCommandsParams{Commands: cmds, Scope: &models.BotCommandScopeAllPrivateChats{}}); !ok || err != nil {
		t.Fatalf("setMyCommands = %v %v", ok, err)
	}
	got, err := b.GetMyCommands(ctx, &bot.GetMyCommandsParams{Scope: &models.BotCommandScopeAllPrivateChats{}})
	if err != nil || len(got) != 1 || got[0].Command != "start" {
		t.Fatalf("getMyCommands = %+v %v", got, err)
	}
	_, err = b.SetMyCommands(ctx, &bot.SetMyCommandsParams{Commands: []models.BotCommand{{Command: "Bad Cmd", Description: "x"}}})
	if err == nil || !strings.HasSuffix(err.Error(), "BOT_COMMAND_INVALID") {
		t.Fatalf("bad command: %v", err)
	}
}

func TestInviteLinksAndLeave(t *testing.T) {
	w := newWorld(t)
	b, updates := poller(t, w.tg, w.bot)
	ctx := context.Background()
	link, err := b.ExportChatInviteLink(ctx, &bot.ExportChatInviteLinkParams{ChatID: w.group.ID})
	if err != nil || !strings.HasPrefix(link, "https://t.me/+") {
		t.Fatalf("export = %q %v", link, err)
	}
	chat, _ := b.GetChat(ctx, &bot.GetChatParams{ChatID: w.group.ID})
	if chat.InviteLink != link {
		t.Fatalf("getChat invite_link = %q", chat.InviteLink)
	}
	named, err := b.CreateChatInviteLink(ctx, &bot.CreateChatInviteLinkParams{ChatID: w.group.ID, Name: "promo", MemberLimit: 5})
	if err != nil || named.Name != "promo" || named.MemberLimit != 5 || named.Creator.ID != w.bot.ID || named.IsPrimary {
		t.Fatalf("create = %+v %v", named, err)
	}
	if ok, err := b.LeaveChat(ctx, &bot.LeaveChatParams{ChatID: w.group.ID}); !ok || err != nil {
		t.Fatalf("leave = %v %v", ok, err)
	}
	u := next(t, updates, func(u *models.Update) bool { return u.MyChatMember != nil })
	if u.MyChatMember.NewChatMember.Type != models.ChatMemberTypeLeft {
		t.Fatalf("my_chat_member = %+v", u.MyChatMember)
	}
	_, err = b.SendMessage(ctx, &bot.SendMessageParams{ChatID: w.group.ID, Text: "still here?"})
	if !errors.Is(err, bot.ErrorForbidden) || !strings.HasSuffix(err.Error(), "bot is not a member of the supergroup chat") {
		t.Fatalf("send after leave: %v", err)
	}
}
