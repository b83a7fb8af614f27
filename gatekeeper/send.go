package gatekeeper

import (
	"context"
	"html"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/nezuko/nezuko/telegram"
)

// send sends an HTML message into a chat and returns its id; userID is the person
// it is about (for api_call_log).
func (e *Engine) send(ctx context.Context, chatID, userID int64, text string, markup *models.InlineKeyboardMarkup) (int, error) {
	return e.sendIn(ctx, chatID, 0, userID, text, markup)
}

// sendIn is send into a forum topic (thread, the message_thread_id; 0 = none); when
// Telegram no longer knows the topic (deleted meanwhile), the message goes to General.
func (e *Engine) sendIn(ctx context.Context, chatID int64, thread int, userID int64, text string, markup *models.InlineKeyboardMarkup) (int, error) {
	b, err := e.api()
	if err != nil {
		return 0, err
	}
	return telegram.SendHTML(ctx, b, chatID, thread, userID, text, markup)
}

// esc escapes user-supplied text (names, titles, arguments) for Telegram HTML.
func esc(s string) string { return html.EscapeString(s) }

// ms is a duration in milliseconds (the log rows' latency_ms).
func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
