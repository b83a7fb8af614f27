package gatekeeper

import (
	"context"
	"database/sql"
	"errors"
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
	rec, err := e.cfg.App.FindFirstRecordByData(c.BotOffsets, c.FieldBotID, e.cfg.BotID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("gatekeeper: read recent joins of bot %d: %w", e.cfg.BotID, err)
	}
	joins, err := c.Wrap(&c.BotOffset{}, rec).RecentJoins()
	if err != nil {
		return fmt.Errorf("gatekeeper: read recent joins of bot %d: %w", e.cfg.BotID, err)
	}
	e.joins.restore(joins)
	return nil
}

// saveRecentJoins writes the joins decided in the last minute to bot_offsets (at
// Close), so the other update of a join handled before the stop is not decided again.
func (e *Engine) saveRecentJoins(ctx context.Context) error {
	joins := e.joins.snapshot(time.Now())
	o, err := e.offsetRecord()
	if err != nil {
		return err
	}
	if o.IsNew() && len(joins) == 0 {
		return nil
	}
	o.SetRecentJoins(joins)
	if err := e.cfg.App.SaveWithContext(ctx, o); err != nil {
		return fmt.Errorf("gatekeeper: save recent joins: %w", err)
	}
	return nil
}
