// Package updateids owns the record of which Telegram updates a bot has handled, by
// update_id, as ranges remembered for 25 h, without assuming that ids only grow.
//
// Telegram restarts the numbering at a random, possibly lower, id after a week
// without updates, and webhook deliveries arrive out of order over parallel
// connections; it keeps an unconfirmed update at most 24 h. So a Tracker skips
// exactly the ids handled (or in flight) in the last 25 h, in any order, and treats
// an id from getUpdates lower than the one before it as a numbering restart: the old
// ids are forgotten, and an update of the old numbering still in flight is not
// recorded when it finishes. The caller persists Snapshot (the engine: to
// bot_offsets).
//
//	t := updateids.New(last, ranges, savedAt, time.Now)
//	if t.Begin(u.ID) { defer t.Finish(u.ID); handle(u) }
package updateids

import (
	"cmp"
	"slices"
	"sync"
	"time"

	c "github.com/nezuko/nezuko/collections"
)

// HandledTTL is how long a handled update_id is remembered. Telegram keeps an update
// it has not seen confirmed for at most 24 hours (getUpdates docs: "they will not be
// kept longer than 24 hours"), so it can never send one again after that; an hour of
// margin covers clock skew. It is also far below the week of silence after which
// Telegram restarts the numbering, so remembered ids never shadow new ones.
const HandledTTL = 25 * time.Hour

// maxRanges bounds the remembered ranges; the least recently extended go first.
const maxRanges = 512

// Tracker knows which updates are handled, by update_id, without assuming that ids
// only grow: Telegram restarts the numbering at a random, possibly lower, id after a
// week without updates, and webhook deliveries arrive out of order over parallel
// connections. It remembers the ids handled within HandledTTL as ranges (ids are
// mostly consecutive), for the caller to persist (Snapshot), and the ids in flight.
type Tracker struct {
	now func() time.Time

	mu       sync.Mutex // guards everything below
	handled  []c.UpdateRange
	inflight map[int64]int // update_id → numbering epoch it began in
	epoch    int           // bumped when a numbering restart is seen
	last     int64         // highest handled update_id of the current numbering
	polled   int64         // last update_id getUpdates gave this run
	dirty    bool          // changed since the last Snapshot
}

// New starts a tracker from what was saved: last, the highest handled id, and the
// handled ranges. Ranges older than HandledTTL are forgotten at once; now is the
// clock.
func New(last int64, handled []c.UpdateRange, now func() time.Time) *Tracker {
	t := &Tracker{now: now, handled: slices.Clone(handled), inflight: map[int64]int{}, last: last}
	t.prune()
	return t
}

// Begin registers an update; false means it was handled (or is being handled) already.
func (t *Tracker) Begin(id int64) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if _, busy := t.inflight[id]; busy || t.isHandled(id) {
		return false
	}
	t.inflight[id] = t.epoch
	return true
}

// isHandled reports whether id is in a range still remembered. Callers hold t.mu.
func (t *Tracker) isHandled(id int64) bool {
	since := t.now().Add(-HandledTTL).Unix()
	i, _ := slices.BinarySearchFunc(t.handled, id, func(r c.UpdateRange, id int64) int { return cmp.Compare(r.To, id) })
	return i < len(t.handled) && t.handled[i].From <= id && t.handled[i].At >= since
}

// Finish marks an update handled.
func (t *Tracker) Finish(id int64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	epoch, ok := t.inflight[id]
	delete(t.inflight, id)
	if !ok || epoch != t.epoch {
		return // an update of the numbering before a restart: Telegram never sends it again
	}
	t.prune()
	if len(t.handled) == 0 {
		t.last = 0 // nothing remembered: a new numbering may have begun (webhook mode)
	}
	t.add(id, t.now().Unix())
	t.last = max(t.last, id)
	t.dirty = true
}

// add puts id into the sorted, disjoint ranges, merging neighbours. Callers hold t.mu.
func (t *Tracker) add(id, at int64) {
	i, _ := slices.BinarySearchFunc(t.handled, id, func(r c.UpdateRange, id int64) int { return cmp.Compare(r.To, id) })
	joinLeft := i > 0 && t.handled[i-1].To == id-1
	joinRight := i < len(t.handled) && t.handled[i].From == id+1
	switch {
	case i < len(t.handled) && t.handled[i].From <= id: // already inside (an expired range)
		t.handled[i].At = at
	case joinLeft && joinRight:
		t.handled[i-1].To, t.handled[i-1].At = t.handled[i].To, at
		t.handled = slices.Delete(t.handled, i, i+1)
	case joinLeft:
		t.handled[i-1].To, t.handled[i-1].At = id, at
	case joinRight:
		t.handled[i].From, t.handled[i].At = id, at
	default:
		t.handled = slices.Insert(t.handled, i, c.UpdateRange{From: id, To: id, At: at})
	}
}

// prune forgets ranges older than HandledTTL and, beyond maxRanges, the least
// recently extended ones. Callers hold t.mu (or own t alone).
func (t *Tracker) prune() {
	since := t.now().Add(-HandledTTL).Unix()
	n := len(t.handled)
	t.handled = slices.DeleteFunc(t.handled, func(r c.UpdateRange) bool { return r.At < since })
	for len(t.handled) > maxRanges {
		oldest := 0
		for i, r := range t.handled {
			if r.At < t.handled[oldest].At {
				oldest = i
			}
		}
		t.handled = slices.Delete(t.handled, oldest, oldest+1)
	}
	t.dirty = t.dirty || len(t.handled) != n
}

// FromPoll is told every update_id getUpdates returns, in order, but for the button
// presses (the client hands them over first in their batch). getUpdates answers
// in ascending order after the offset it was given, so an id lower than the one
// before means Telegram restarted the numbering: the remembered ids belong to the old
// numbering (all confirmed, never sent again) and are forgotten. It returns the id the
// numbering restarted from, or 0.
func (t *Tracker) FromPoll(id int64) (restartedBelow int64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	prev := t.polled
	t.polled = id
	if prev == 0 || id >= prev {
		return 0
	}
	t.epoch++
	t.handled, t.last, t.dirty = nil, 0, true
	return prev
}

// Last is the highest handled update_id of the current numbering.
func (t *Tracker) Last() int64 {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.last
}

// Snapshot returns what to save, and whether it changed since the last Snapshot.
func (t *Tracker) Snapshot() (last int64, handled []c.UpdateRange, changed bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.prune()
	changed = t.dirty
	t.dirty = false
	return t.last, slices.Clone(t.handled), changed
}

// Unsave marks the tracker changed again after a failed save.
func (t *Tracker) Unsave() {
	t.mu.Lock()
	t.dirty = true
	t.mu.Unlock()
}
