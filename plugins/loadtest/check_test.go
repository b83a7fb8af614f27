package loadtest

import (
	"testing"

	c "github.com/nezuko/nezuko/collections"
)

// TestSweepExplainsOnlyItsOwnRows: extra rows count as the re-check sweep's only
// when the sweep can have made them — "restricted" or "verified" rows of a user the
// load muted (the sweep checks every channel of the group) — never rows of a user the
// load did not mute, nor error rows.
func TestSweepExplainsOnlyItsOwnRows(t *testing.T) {
	muted, plain := pair{-1, 1}, pair{-1, 3}
	wantMutes := map[pair]int{muted: 1}
	for _, tc := range []struct {
		p      pair
		status string
		want   bool
	}{
		{muted, c.Restricted, true}, {muted, c.Verified, true}, {muted, c.VerifyErr, false},
		{plain, c.Verified, false}, {plain, c.Restricted, false},
	} {
		k := rowKey{group: tc.p.chat, user: tc.p.id, channel: -100, status: tc.status}
		if got := (&runner{}).sweepable(k, wantMutes); got != tc.want {
			t.Errorf("sweepable(user %d, %s) = %v, want %v", tc.p.id, tc.status, got, tc.want)
		}
	}
}
