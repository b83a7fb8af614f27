package telegram

import (
	"context"
	"slices"
	"sync"
	"time"
)

// DefaultPerMinute is the messages a bot may send into one group per minute
// (DESIGN.md: ≤ 20 messages/min per group).
const DefaultPerMinute = 20

// windowSlack keeps a slot taken a little longer than a minute: the slot is reserved
// before the call, Telegram counts it when the call arrives, a few ms later, so a
// slot freed exactly a minute on could still be over the limit there.
const windowSlack = time.Second

// GroupLimiter is Telegram's per-group message budget of one bot: at most PerMinute
// sends and edits into one group in any sliding minute (rate_per_group_per_minute).
// What to send while waiting is the caller's decision.
type GroupLimiter struct {
	ev Events

	mu        sync.Mutex // guards everything below
	perMinute int
	changed   chan struct{}         // closed and replaced when perMinute changes: waits re-evaluate
	windows   map[int64][]time.Time // per chat: sends and edits in the last minute, oldest first
}

// NewGroupLimiter returns a limiter of DefaultPerMinute; ev (nil = none) is told of
// every wait.
func NewGroupLimiter(ev Events) *GroupLimiter {
	if ev == nil {
		ev = noEvents{}
	}
	return &GroupLimiter{ev: ev, perMinute: DefaultPerMinute, changed: make(chan struct{}), windows: map[int64][]time.Time{}}
}

// SetRate sets the messages per minute per group (at least 1); a change wakes every
// Pause so that it re-evaluates.
func (l *GroupLimiter) SetRate(perMinute int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if perMinute = max(perMinute, 1); perMinute != l.perMinute {
		l.perMinute = perMinute
		close(l.changed)
		l.changed = make(chan struct{})
	}
}

// Rate is the messages per minute per group, and a channel closed when it changes.
func (l *GroupLimiter) Rate() (perMinute int, changed <-chan struct{}) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.perMinute, l.changed
}

// PerMinute is the messages per minute per group.
func (l *GroupLimiter) PerMinute() int {
	n, _ := l.Rate()
	return n
}

// Reserve takes a slot in the chat's window now (wait 0), or says how long to wait
// for one; changed is closed when the rate changes meanwhile.
func (l *GroupLimiter) Reserve(chatID int64, now time.Time) (wait time.Duration, changed <-chan struct{}) {
	l.mu.Lock()
	defer l.mu.Unlock()
	w := l.windows[chatID]
	// Drop the slots older than the window (oldest first).
	if i := slices.IndexFunc(w, func(t time.Time) bool { return now.Sub(t) < time.Minute+windowSlack }); i >= 0 {
		w = w[i:]
	} else {
		w = w[len(w):]
	}
	if len(w) >= l.perMinute {
		l.windows[chatID] = w
		return w[len(w)-l.perMinute].Add(time.Minute + windowSlack).Sub(now), l.changed
	}
	l.windows[chatID] = append(w, now)
	return 0, l.changed
}

// Pause waits d, until changed is closed, or until ctx ends (then ctx.Err()); the
// wait is reported to Events.RateLimitWait.
func (l *GroupLimiter) Pause(ctx context.Context, d time.Duration, changed <-chan struct{}) error {
	l.ev.RateLimitWait(d)
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-changed:
	case <-ctx.Done():
		return ctx.Err()
	}
	return nil
}

// Wait waits for a slot in the chat's window and takes it (replies and commands).
func (l *GroupLimiter) Wait(ctx context.Context, chatID int64) error {
	for {
		wait, changed := l.Reserve(chatID, time.Now())
		if wait <= 0 {
			return nil
		}
		if err := l.Pause(ctx, wait, changed); err != nil {
			return err
		}
	}
}
