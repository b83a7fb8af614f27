package telegramtest_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot"

	"github.com/nezuko/nezuko/tests/telegramtest"
)

func TestInjectedFaultsSurfaceAsClientErrors(t *testing.T) {
	w := newWorld(t)
	b := client(t, w.tg, w.bot)
	ctx := context.Background()
	send := func() error {
		_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: w.group.ID, Text: "hi"})
		return err
	}
	cases := []struct {
		fault telegramtest.Fault
		check func(error) bool
	}{
		{telegramtest.Fault{Kind: telegramtest.FaultTooManyRequests, RetryAfter: 7}, func(err error) bool {
			var flood *bot.TooManyRequestsError
			return errors.As(err, &flood) && flood.RetryAfter == 7 && strings.Contains(err.Error(), "Too Many Requests: retry after 7")
		}},
		{telegramtest.Fault{Kind: telegramtest.FaultServerError}, func(err error) bool {
			return err != nil && strings.Contains(err.Error(), "500 Internal Server Error")
		}},
		{telegramtest.Fault{Kind: telegramtest.FaultServerError, Status: 502}, func(err error) bool {
			return err != nil && strings.Contains(err.Error(), "502 Bad Gateway")
		}},
		{telegramtest.Fault{Kind: telegramtest.FaultMalformed}, func(err error) bool {
			return err != nil && strings.Contains(err.Error(), "error decode response body")
		}},
		{telegramtest.Fault{Kind: telegramtest.FaultDrop}, func(err error) bool {
			return err != nil && strings.Contains(err.Error(), "error do request")
		}},
		{telegramtest.Fault{Kind: telegramtest.FaultDelay, Delay: 20 * time.Millisecond}, func(err error) bool {
			return err == nil
		}},
	}
	for _, c := range cases {
		c.fault.Method = "sendMessage"
		w.tg.InjectFault(c.fault)
		if err := send(); !c.check(err) {
			t.Errorf("fault %d: err = %v", c.fault.Kind, err)
		}
		if err := send(); err != nil {
			t.Errorf("after fault %d: %v", c.fault.Kind, err)
		}
	}
	calls := w.tg.Calls("sendMessage")
	if len(calls) != 2*len(cases) || calls[0].Fault != telegramtest.FaultTooManyRequests || calls[0].RetryAfter != 7 || calls[1].Fault != telegramtest.FaultNone {
		t.Fatalf("recorded = %v", calls)
	}
	if n := len(w.tg.Messages(w.group.ID)); n != len(cases)+1 {
		t.Fatalf("messages = %d, want %d (the delayed one is delivered)", n, len(cases)+1)
	}
}

// A fault can target one bot and hit several calls.
func TestFaultPerBotAndTimes(t *testing.T) {
	w := newWorld(t)
	other := w.tg.AddBot("other_bot")
	w.tg.InjectFault(telegramtest.Fault{Token: w.bot.Token, Method: "getChat", Kind: telegramtest.FaultServerError, Times: 2})
	ctx := context.Background()
	ob := client(t, w.tg, other)
	if _, err := ob.GetChat(ctx, &bot.GetChatParams{ChatID: "@news"}); err != nil {
		t.Fatalf("other bot hit: %v", err)
	}
	b := client(t, w.tg, w.bot)
	for i := range 3 {
		_, err := b.GetChat(ctx, &bot.GetChatParams{ChatID: w.group.ID})
		if (err != nil) != (i < 2) {
			t.Fatalf("call %d: %v", i, err)
		}
	}
}

// Flood limits answer 429 with the wait until a slot frees up, on the
// injected clock.
func TestFloodLimits(t *testing.T) {
	var mu sync.Mutex
	now := time.Unix(1_800_000_000, 0)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	w := newWorld(t, telegramtest.WithClock(clock))
	w.tg.SetFloodLimits(telegramtest.FloodLimits{PerBotPerSecond: 30, PerChatPerMinute: 3})
	b := client(t, w.tg, w.bot)
	ctx := context.Background()
	send := func(chat any) error {
		_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: chat, Text: "spam"})
		return err
	}
	for range 3 {
		must(t, send(w.group.ID))
		advance(10 * time.Second)
	}
	var flood *bot.TooManyRequestsError
	if err := send(w.group.ID); !errors.As(err, &flood) || flood.RetryAfter != 30 {
		t.Fatalf("4th message in a minute: %v", err)
	}
	must(t, send(w.channel.ID)) // another chat has its own window
	advance(31 * time.Second)
	must(t, send(w.group.ID))

	w.tg.SetFloodLimits(telegramtest.FloodLimits{PerBotPerSecond: 2})
	must(t, send(w.group.ID))
	must(t, send(w.channel.ID))
	if err := send(w.group.ID); !errors.As(err, &flood) || flood.RetryAfter != 1 {
		t.Fatalf("3rd message in a second: %v", err)
	}
	w.tg.SetFloodLimits(telegramtest.FloodLimits{})
	must(t, send(w.group.ID))
}

// Edits share a group's flood window with sends, as on Telegram ("For bots the
// limits for message editing are the same as for message sending", tdlib/td#2592);
// an edit that changes nothing is refused and uses no slot.
func TestFloodLimitsCountEdits(t *testing.T) {
	var mu sync.Mutex
	now := time.Unix(1_800_000_000, 0)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	w := newWorld(t, telegramtest.WithClock(clock))
	w.tg.SetFloodLimits(telegramtest.FloodLimits{PerBotPerSecond: 30, PerChatPerMinute: 3})
	b := client(t, w.tg, w.bot)
	ctx := context.Background()
	m, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: w.group.ID, Text: "one"})
	must(t, err)
	edit := func(text string) error {
		_, err := b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: w.group.ID, MessageID: m.ID, Text: text})
		return err
	}
	must(t, edit("two"))
	advance(10 * time.Second)
	if err := edit("two"); err == nil || !strings.Contains(err.Error(), "message is not modified") {
		t.Fatalf("edit changing nothing: %v", err)
	}
	must(t, edit("three")) // the third slot: the refused edit used none
	var flood *bot.TooManyRequestsError
	if err := edit("four"); !errors.As(err, &flood) || flood.RetryAfter != 50 {
		t.Fatalf("4th send or edit in a minute: %v", err)
	}
	if _, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: w.group.ID, Text: "five"}); !errors.As(err, &flood) {
		t.Fatalf("a send after three sends and edits: %v", err)
	}
	advance(51 * time.Second)
	must(t, edit("four"))
}
