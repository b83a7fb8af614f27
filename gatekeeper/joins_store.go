package gatekeeper

import (
	"context"
	"fmt"
	"time"
)

// loadRecentJoins reads the joins the bot's previous run decided in its last minute.
func (e *Engine) loadRecentJoins() error {
	joins, err := e.store.RecentJoins()
	if err != nil {
		return fmt.Errorf("gatekeeper: recent joins of bot %d: %w", e.cfg.BotID, err)
	}
	e.joins.Restore(joins)
	return nil
}

// saveRecentJoins writes the joins decided in the last minute to bot_offsets (at
// Close), so the other update of a join handled before the stop is not decided again.
func (e *Engine) saveRecentJoins(ctx context.Context) error {
	if err := e.store.SaveRecentJoins(ctx, e.joins.Snapshot(time.Now())); err != nil {
		return fmt.Errorf("gatekeeper: %w", err)
	}
	return nil
}
