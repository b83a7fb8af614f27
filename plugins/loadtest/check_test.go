package loadtest

import (
	"testing"

	c "github.com/nezuko/nezuko/collections"
)

// TestSweepExplainsOnlyItsOwnRows: extra rows count as the re-check sweep's only
// when the sweep can have made them — "restricted" of a user the load muted,
// "verified" of a user the load unmutes (who joined before pressing) — never of a
// user the load neither mutes nor unmutes.
func TestSweepExplainsOnlyItsOwnRows(t *testing.T) {
	muted, unmuted, plain := pair{-1, 1}, pair{-1, 2}, pair{-1, 3}
	wantMutes := map[pair]int{muted: 1, unmuted: 1}
	wantUnmutes := map[pair]int{unmuted: 1}
	for _, tc := range []struct {
		p      pair
		status string
		want   bool
	}{
		{muted, c.Restricted, true}, {muted, c.Verified, false},
		{unmuted, c.Verified, true}, {unmuted, c.Restricted, true},
		{plain, c.Verified, false}, {plain, c.Restricted, false}, {unmuted, c.VerifyErr, false},
	} {
		k := rowKey{group: tc.p.chat, user: tc.p.id, channel: -100, status: tc.status}
		if got := (&runner{}).sweepable(k, wantMutes, wantUnmutes); got != tc.want {
			t.Errorf("sweepable(user %d, %s) = %v, want %v", tc.p.id, tc.status, got, tc.want)
		}
	}
}
