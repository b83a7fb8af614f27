package gatekeeper

import (
	"context"
	"fmt"
	"slices"
	"time"

	c "github.com/nezuko/nezuko/collections"
)

// maxSavedJoins bounds the joins written at Close (the newest are kept).
const maxSavedJoins = 5000

// snapshot returns the joins decided within recentJoinTTL before now.
func (r *recentJoins) snapshot(now time.Time) []c.RecentJoin {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]c.RecentJoin, 0, len(r.seen))
	for k, at := range r.seen {
		if now.Sub(at) < recentJoinTTL {
			out = append(out, c.RecentJoin{Group: k.channel, User: k.user, At: at.UnixMilli()})
		}
	}
	if len(out) > maxSavedJoins { // keep the newest
		slices.SortFunc(out, func(a, b c.RecentJoin) int { return cmpInt(b.At, a.At) })
		out = out[:maxSavedJoins]
	}
	return out
}

// restore remembers joins decided by an earlier run.
func (r *recentJoins) restore(joins []c.RecentJoin) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, j := range joins {
		r.seen[memberKey{user: j.User, channel: j.Group}] = time.UnixMilli(j.At)
	}
}

// loadRecentJoins reads the joins the bot's previous run decided in its last minute.
func (e *Engine) loadRecentJoins() error {
	joins, err := e.store.RecentJoins()
	if err != nil {
		return fmt.Errorf("gatekeeper: recent joins of bot %d: %w", e.cfg.BotID, err)
	}
	e.joins.restore(joins)
	return nil
}

// saveRecentJoins writes the joins decided in the last minute to bot_offsets (at
// Close), so the other update of a join handled before the stop is not decided again.
func (e *Engine) saveRecentJoins(ctx context.Context) error {
	if err := e.store.SaveRecentJoins(ctx, e.joins.snapshot(time.Now())); err != nil {
		return fmt.Errorf("gatekeeper: %w", err)
	}
	return nil
}
