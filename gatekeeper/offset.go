package gatekeeper

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
)

// offsetSaveEvery is how often, at most, the handled offset is written to bot_offsets.
const offsetSaveEvery = time.Second

// offsetTracker knows which updates are handled: the watermark (every update_id up to
// it is handled), the ones in flight, and the ones done above the watermark.
type offsetTracker struct {
	mu        sync.Mutex // guards everything below
	watermark int64
	maxSeen   int64
	inflight  []int64 // ascending: updates arrive in order
	doneAbove map[int64]struct{}
	saved     int64 // watermark last written to bot_offsets
}

func newOffsetTracker(saved int64) *offsetTracker {
	return &offsetTracker{watermark: saved, maxSeen: saved, saved: saved, doneAbove: map[int64]struct{}{}}
}

// begin registers an update; false means it was handled (or is being handled) already.
func (t *offsetTracker) begin(id int64) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if id <= t.watermark {
		return false
	}
	if _, done := t.doneAbove[id]; done {
		return false
	}
	i, found := slices.BinarySearch(t.inflight, id)
	if found {
		return false
	}
	t.inflight = slices.Insert(t.inflight, i, id)
	t.maxSeen = max(t.maxSeen, id)
	return true
}

// finish marks an update handled and advances the watermark as far as it can.
func (t *offsetTracker) finish(id int64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if i, found := slices.BinarySearch(t.inflight, id); found {
		t.inflight = slices.Delete(t.inflight, i, i+1)
	}
	next := t.maxSeen
	if len(t.inflight) > 0 {
		next = t.inflight[0] - 1
		if id > next {
			t.doneAbove[id] = struct{}{}
		}
	}
	if next > t.watermark {
		t.watermark = next
		for d := range t.doneAbove {
			if d <= next {
				delete(t.doneAbove, d)
			}
		}
	}
}

// last is the watermark.
func (t *offsetTracker) last() int64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.watermark
}

// unsaved returns the watermark and whether it differs from what was saved.
func (t *offsetTracker) unsaved() (int64, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.watermark, t.watermark != t.saved
}

func (t *offsetTracker) markSaved(v int64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.saved = max(t.saved, v)
}

// loadOffset reads the bot's saved offset (0 when it has none).
func loadOffset(app core.App, botID int64) (int64, error) {
	rec, err := app.FindFirstRecordByData(c.BotOffsets, c.FieldBotID, botID)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("gatekeeper: read offset of bot %d: %w", botID, err)
	}
	return c.Wrap(&c.BotOffset{}, rec).LastUpdateID(), nil
}

// saveOffset writes the watermark to bot_offsets if it moved.
func (e *Engine) saveOffset(ctx context.Context) error {
	v, dirty := e.offsets.unsaved()
	if !dirty {
		return nil
	}
	app := e.cfg.App
	rec, err := app.FindFirstRecordByData(c.BotOffsets, c.FieldBotID, e.cfg.BotID)
	var o *c.BotOffset
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if o, err = c.NewBotOffset(app, e.cfg.BotID); err != nil {
			return err
		}
	case err != nil:
		return fmt.Errorf("gatekeeper: read offset: %w", err)
	default:
		o = c.Wrap(&c.BotOffset{}, rec)
		if o.LastUpdateID() >= v {
			e.offsets.markSaved(v)
			return nil
		}
	}
	o.SetLastUpdateID(v)
	if err := app.SaveWithContext(ctx, o); err != nil {
		return fmt.Errorf("gatekeeper: save offset %d: %w", v, err)
	}
	e.offsets.markSaved(v)
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
