package analytics

import (
	"context"
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
)

// pruneChunk is the most raw rows one retention transaction deletes.
const pruneChunk = 5_000

// cronSync is the per-minute rollup job. A tick that fires while the app shuts down
// (its database closed) does nothing.
func (s *Service) cronSync() {
	if !s.app.IsBootstrapped() {
		return
	}
	if err := s.Sync(context.Background()); err != nil {
		s.app.Logger().Error("analytics rollup failed", "error", err)
	}
}

// cronPrune is the daily retention job (nothing while the app shuts down).
func (s *Service) cronPrune() {
	if !s.app.IsBootstrapped() {
		return
	}
	n, err := s.Prune(context.Background())
	if err != nil {
		s.app.Logger().Error("log retention failed", "error", err)
		return
	}
	if n > 0 {
		s.app.Logger().Info("log retention deleted old raw log rows", "rows", n)
	}
}

// RetentionDays reads admin_config log_retention_days (0 = keep raw rows forever).
func (s *Service) RetentionDays() (int, error) {
	rec, err := s.app.FindFirstRecordByFilter(c.AdminConfig, c.FieldKey+" = {:key}",
		dbx.Params{"key": c.ConfigLogRetentionDays})
	if err != nil {
		return 0, nil // no row: the default, keep forever
	}
	var days float64
	if err := c.Wrap(&c.ConfigEntry{}, rec).Decode(&days); err != nil {
		return 0, fmt.Errorf("%s: %w", c.ConfigLogRetentionDays, err)
	}
	return int(days), nil
}

// prunedLogs are the logs whose raw rows retention deletes: the three of the original
// system and the conversion funnel's gate_events and channel_joins (issue 20).
var prunedLogs = []string{c.VerificationLog, c.APICallLog, c.AdminLogs, c.GateEvents, c.ChannelJoins}

// Prune deletes raw rows of the prunedLogs older than log_retention_days (when > 0),
// cut at a whole hour, and returns how many it deleted.
// The rollups keep counting them: before each chunk is deleted, every row not yet rolled
// up is, in the same transaction; the log's raw floor records the cut so the RPCs read
// windows reaching before it from the rollups only.
func (s *Service) Prune(ctx context.Context) (int64, error) {
	days, err := s.RetentionDays()
	if err != nil || days <= 0 {
		return 0, err
	}
	cutoff := unitHour.floor(s.now().Add(-time.Duration(days) * 24 * time.Hour))
	s.syncMu.Lock()
	defer s.syncMu.Unlock()
	if err := s.syncLocked(ctx); err != nil { // in chunks, so each prune transaction stays small
		return 0, err
	}
	var total int64
	for _, name := range prunedLogs {
		var rolled *rolledLog
		for _, l := range rolledLogs {
			if l.name == name {
				rolled = l
			}
		}
		for {
			var n int64
			err := s.app.RunInTransaction(func(tx core.App) error {
				var err error
				n, err = pruneStep(ctx, tx, name, rolled, cutoff)
				return err
			})
			if err != nil {
				return total, err
			}
			total += n
			if n < pruneChunk {
				break
			}
		}
		delete(s.seen, name)
	}
	return total, nil
}

// pruneStep deletes one chunk of the log's rows older than cutoff inside tx.
func pruneStep(ctx context.Context, tx core.App, log string, rolled *rolledLog, cutoff time.Time) (int64, error) {
	db := tx.DB()
	if rolled != nil {
		if _, err := rolled.step(ctx, tx, 0); err != nil {
			return 0, err
		}
	}
	res, err := db.NewQuery("DELETE FROM " + quote(log) + " WHERE rowid IN (SELECT rowid FROM " + quote(log) +
		" WHERE " + quote(c.FieldTimestamp) + " < {:cutoff} LIMIT {:n})").
		Bind(dbx.Params{"cutoff": dbTime(cutoff), "n": pruneChunk}).WithContext(ctx).Execute()
	if err != nil {
		return 0, fmt.Errorf("prune %s: %w", log, err)
	}
	n, _ := res.RowsAffected()
	if rolled == nil {
		return n, nil
	}
	// If the newest rows went too, new rows will reuse their rowids: step's clamp moves
	// the watermark down on the next call; do it now, while no writer can interleave.
	if _, err := rolled.step(ctx, tx, 0); err != nil {
		return 0, err
	}
	_, err = db.NewQuery("UPDATE " + quote(c.RollupState) + " SET " + quote(c.FieldRawFloor) + " = {:cutoff}" +
		" WHERE " + quote(c.FieldKey) + " = {:k} AND " + quote(c.FieldRawFloor) + " < {:cutoff}").
		Bind(dbx.Params{"cutoff": dbTime(cutoff), "k": log}).WithContext(ctx).Execute()
	return n, err
}
