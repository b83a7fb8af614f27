package telegram

import (
	"context"
	"strings"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// SendHTML sends an HTML message without link previews into a chat, in a forum topic
// when thread (message_thread_id) is not 0, and returns its id; userID is the person
// it is about (for the call log). When Telegram no longer knows the topic ("message
// thread not found": deleted meanwhile) the message goes to General rather than
// nowhere.
func SendHTML(ctx context.Context, b *bot.Bot, chatID int64, thread int, userID int64, text string, markup *models.InlineKeyboardMarkup) (int, error) {
	p := &bot.SendMessageParams{ChatID: chatID, MessageThreadID: thread, Text: text, ParseMode: models.ParseModeHTML,
		LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: bot.True()}}
	if markup != nil {
		p.ReplyMarkup = markup
	}
	m, err := b.SendMessage(WithCall(ctx, chatID, userID), p)
	if err != nil && thread != 0 && strings.Contains(err.Error(), "message thread not found") {
		p.MessageThreadID = 0
		m, err = b.SendMessage(WithCall(ctx, chatID, userID), p)
	}
	if err != nil {
		return 0, err
	}
	return m.ID, nil
}

// EditHTML replaces the text of a message with HTML (no link previews) and its
// buttons with markup (nil: none).
func EditHTML(ctx context.Context, b *bot.Bot, chatID int64, msgID int, text string, markup *models.InlineKeyboardMarkup) error {
	p := &bot.EditMessageTextParams{ChatID: chatID, MessageID: msgID, Text: text, ParseMode: models.ParseModeHTML,
		LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: bot.True()}}
	if markup != nil {
		p.ReplyMarkup = markup
	}
	_, err := b.EditMessageText(WithCall(ctx, chatID, 0), p)
	return err
}
