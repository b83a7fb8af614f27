package updateids_test

import (
	"testing"
	"time"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper/updateids"
)

// ranges are the remembered ranges (Snapshot's).
func ranges(o *updateids.Tracker) []c.UpdateRange {
	_, r, _ := o.Snapshot()
	return r
}

// The tracker skips exactly the updates handled or in flight, in any order, forgets
// them after Telegram's 24 h, and follows a numbering restart seen by polling.
func TestTrackerByID(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	clock := func() time.Time { return now }
	o := updateids.New(10, []c.UpdateRange{{From: 1, To: 10, At: now.Unix()}}, clock) // every id up to 10 handled
	if o.Begin(10) || o.Begin(3) {
		t.Fatal("an update handled before the restart was accepted")
	}
	for _, id := range []int64{13, 11, 12} { // webhook order
		if !o.Begin(id) {
			t.Fatalf("update %d refused", id)
		}
	}
	if o.Begin(12) {
		t.Fatal("an update in flight was accepted twice")
	}
	o.Finish(13)
	if o.Begin(13) || o.Last() != 13 {
		t.Fatalf("13 accepted again, or last = %d", o.Last())
	}
	o.Finish(11)
	o.Finish(12)
	if r := ranges(o); len(r) != 1 || r[0].From != 1 || r[0].To != 13 {
		t.Fatalf("ranges = %+v, want one 1..13", r)
	}
	if !o.Begin(20) { // a gap is fine: 14..19 may come later
		t.Fatal("20 refused")
	}
	o.Finish(20)
	if !o.Begin(15) {
		t.Fatal("15, lower than the handled 20, refused")
	}
	o.Finish(15)

	// Polling: getUpdates ascending, then a lower id = a new numbering.
	o.FromPoll(20)
	if o.FromPoll(5) != 20 || !o.Begin(5) || !o.Begin(12) {
		t.Fatal("after a numbering restart, the new ids must be taken")
	}
	o.Finish(5)
	o.Finish(12)
	if o.Last() != 12 || o.Begin(5) {
		t.Fatalf("last = %d after the restart, want 12; or 5 taken twice", o.Last())
	}

	// Webhook: a week later every remembered id has expired, so any id is new.
	now = now.Add(7 * 24 * time.Hour)
	if !o.Begin(12) {
		t.Fatal("12 refused a week after it was handled")
	}
	o.Finish(12)
	if o.Last() != 12 || len(ranges(o)) != 1 {
		t.Fatalf("last = %d, ranges %+v", o.Last(), ranges(o))
	}
}

// A saved record is taken as it was, minus what is older than Telegram's 24 h; a
// change shows in the next Snapshot only, and again after a failed save (Unsave).
func TestTrackerFromSavedAndSnapshot(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	clock := func() time.Time { return now }
	old := now.Add(-updateids.HandledTTL - time.Minute).Unix()
	o := updateids.New(30, []c.UpdateRange{{From: 1, To: 9, At: old}, {From: 20, To: 30, At: now.Unix()}}, clock)
	if !o.Begin(5) || o.Begin(25) {
		t.Fatal("an expired range still skipped, or a fresh one not")
	}
	if _, r, changed := o.Snapshot(); !changed || len(r) != 1 || r[0].From != 20 {
		t.Fatalf("Snapshot = %+v, changed %v; want the fresh range only, changed", r, changed)
	}
	if _, _, changed := o.Snapshot(); changed {
		t.Fatal("a second Snapshot without a change says changed")
	}
	o.Unsave()
	if _, _, changed := o.Snapshot(); !changed {
		t.Fatal("Snapshot after Unsave says unchanged")
	}
	if updateids.New(0, nil, clock).Last() != 0 {
		t.Fatal("a new tracker has a last id")
	}
}
