package telegramtest_test

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/nezuko/nezuko/tests/telegramtest"
)

// A callback query answered after Telegram's deadline is refused with Telegram's
// error, and the refused answer is recorded as failed.
func TestCallbackQueryExpires(t *testing.T) {
	var now atomic.Int64
	now.Store(time.Unix(1_800_000_000, 0).UnixNano())
	w := newWorld(t, telegramtest.WithClock(func() time.Time { return time.Unix(0, now.Load()) }))
	b := client(t, w.tg, w.bot)
	ctx := context.Background()
	kb := &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "I have joined", CallbackData: "v"}}}}
	_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: w.group.ID, Text: "join", ReplyMarkup: kb})
	must(t, err)
	msg := w.tg.Messages(w.group.ID)[0]
	alice := w.tg.AddUser("Alice")

	inTime, err := w.tg.Press(alice, msg, "I have joined")
	must(t, err)
	now.Add(int64(telegramtest.DefaultCallbackDeadline - time.Second))
	if ok, err := b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: inTime}); !ok || err != nil {
		t.Fatalf("answer within the deadline: %v %v", ok, err)
	}

	late, err := w.tg.Press(alice, msg, "I have joined")
	must(t, err)
	now.Add(int64(telegramtest.DefaultCallbackDeadline + time.Second))
	_, err = b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: late, Text: "too late"})
	if !errors.Is(err, bot.ErrorBadRequest) || !strings.Contains(err.Error(), "query is too old and response timeout expired or query ID is invalid") {
		t.Fatalf("late answer: %v", err)
	}
	if _, ok := w.tg.CallbackAnswer(late); ok {
		t.Fatal("a late answer was stored")
	}
	calls := w.tg.Calls("answerCallbackQuery")
	if len(calls) != 2 || !calls[0].OK || calls[1].OK || calls[1].ErrorCode != 400 {
		t.Fatalf("answerCallbackQuery calls = %v", calls)
	}
}

// WithCallbackDeadline shortens the deadline.
func TestCallbackDeadlineOption(t *testing.T) {
	var now atomic.Int64
	now.Store(time.Unix(1_800_000_000, 0).UnixNano())
	w := newWorld(t, telegramtest.WithClock(func() time.Time { return time.Unix(0, now.Load()) }),
		telegramtest.WithCallbackDeadline(2*time.Second))
	b := client(t, w.tg, w.bot)
	ctx := context.Background()
	kb := &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "ok", CallbackData: "v"}}}}
	_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: w.group.ID, Text: "join", ReplyMarkup: kb})
	must(t, err)
	q, err := w.tg.Press(w.tg.AddUser("Alice"), w.tg.Messages(w.group.ID)[0], "ok")
	must(t, err)
	now.Add(int64(3 * time.Second))
	if _, err := b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: q}); !errors.Is(err, bot.ErrorBadRequest) {
		t.Fatalf("answer after a 2 s deadline: %v", err)
	}
}
