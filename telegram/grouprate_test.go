package telegram_test

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/nezuko/nezuko/telegram"
)

// A group gets perMinute slots in any minute (held a minute and a second); a rate
// change wakes a Pause; Wait takes the next free slot. Groups are independent.
func TestGroupLimiterWindow(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ev := &sink{}
		l := telegram.NewGroupLimiter(ev)
		if l.PerMinute() != telegram.DefaultPerMinute {
			t.Fatalf("default rate = %d", l.PerMinute())
		}
		l.SetRate(2)
		start := time.Now()
		for range 2 {
			if wait, _ := l.Reserve(-1, start); wait != 0 {
				t.Fatalf("slot within the rate waits %v", wait)
			}
		}
		wait, changed := l.Reserve(-1, start)
		if wait != time.Minute+time.Second {
			t.Fatalf("third slot waits %v, want 1m1s", wait)
		}
		if w, _ := l.Reserve(-2, start); w != 0 {
			t.Fatal("another group shares the window")
		}
		go l.SetRate(3)
		if err := l.Pause(context.Background(), wait, changed); err != nil || time.Since(start) != 0 {
			t.Fatalf("Pause after a rate change: %v after %v", err, time.Since(start))
		}
		if err := l.Wait(context.Background(), -1); err != nil || time.Since(start) != 0 {
			t.Fatalf("third slot at 3/min: %v after %v", err, time.Since(start))
		}
		if err := l.Wait(context.Background(), -1); err != nil || time.Since(start) != time.Minute+time.Second {
			t.Fatalf("fourth slot: %v after %v, want 1m1s", err, time.Since(start))
		}
		l.Reserve(-1, time.Now())
		l.Reserve(-1, time.Now()) // the window is full again
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if err := l.Wait(ctx, -1); err == nil {
			t.Fatal("Wait ignores its context")
		}
		if ev.waits != 3 {
			t.Fatalf("RateLimitWait events = %d, want 3", ev.waits)
		}
	})
}
