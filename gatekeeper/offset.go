package gatekeeper

import (
	"context"
	"fmt"
	"time"

	"github.com/nezuko/nezuko/gatekeeper/store"
	"github.com/nezuko/nezuko/gatekeeper/updateids"
)

// offsetSaveEvery is how often, at most, the handled updates are written to bot_offsets.
const offsetSaveEvery = time.Second

// loadOffsets reads the bot's handled updates (store.Offsets).
func loadOffsets(db *store.Store, now func() time.Time) (*updateids.Tracker, error) {
	last, ranges, err := db.Offsets()
	if err != nil {
		return nil, fmt.Errorf("gatekeeper: %w", err)
	}
	return updateids.New(last, ranges, now), nil
}

// saveOffset writes the handled updates to bot_offsets if they changed.
func (e *Engine) saveOffset(ctx context.Context) error {
	last, ranges, dirty := e.offsets.Snapshot()
	if !dirty {
		return nil
	}
	if err := e.store.SaveOffsets(ctx, last, ranges); err != nil {
		e.offsets.Unsave()
		return fmt.Errorf("gatekeeper: %w", err)
	}
	return nil
}

// persistLoop saves the offset at most once per offsetSaveEvery until Close.
func (e *Engine) persistLoop() {
	defer e.wg.Done()
	tick := time.NewTicker(offsetSaveEvery)
	defer tick.Stop()
	for {
		select {
		case <-e.stop:
			return
		case <-tick.C:
			if err := e.saveOffset(e.ctx); err != nil {
				e.log.Error("offset not saved", "error", err)
			}
		}
	}
}
