package analytics_test

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/nezuko/nezuko/analytics"
	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/tests/testutil"
)

// insertRandomFunnel writes n users' funnel rows over the 60 days before now: each is
// checked in group A or B; 60 % are muted, 40 % of those join the group's channel
// (by its link, or another's) within 3 days, 80 % of those are then unmuted.
func insertRandomFunnel(tb testing.TB, app core.App, r *rand.Rand, now time.Time, n int) {
	tb.Helper()
	for u := int64(1); u <= int64(n); u++ {
		group, channel := groupA, channelA
		if r.IntN(2) == 0 {
			group, channel = groupB, channelB
		}
		at := now.Add(-time.Duration(r.Int64N(int64(60 * 24 * time.Hour))))
		insertGate(tb, app, group, u, c.GateChecked, at)
		if r.IntN(10) >= 6 {
			continue
		}
		insertGate(tb, app, group, u, c.GateMuted, at)
		sub := at.Add(time.Duration(r.Int64N(int64(72 * time.Hour))))
		if r.IntN(10) >= 4 || sub.After(now) {
			continue
		}
		by := group
		if r.IntN(4) == 0 {
			by = c.NoGroup
		}
		insertJoin(tb, app, channel, u, by, c.JoinViaMember, sub)
		if r.IntN(10) < 8 {
			insertGate(tb, app, group, u, c.GateUnmuted, sub.Add(time.Second))
		}
	}
}

// TestFunnelRetention: with log_retention_days = 30, Prune deletes the raw gate_events
// and channel_joins rows older than the cut (a whole hour) and keeps the newer ones;
// the funnel answers the same for every period and group (a 90-day window starting
// mid-hour, before the cut, reads its first hour whole from the rollups).
func TestFunnelRetention(t *testing.T) {
	for _, now := range []time.Time{mustTime("2026-11-24T19:00:00Z"), mustTime("2026-11-24T19:27:13.250Z")} {
		t.Run(now.Format(time.TimeOnly), func(t *testing.T) {
			app := testutil.NewApp(t)
			seedFunnelChats(t, app)
			insertRandomFunnel(t, app, rand.New(rand.NewPCG(7, 7)), now, 400)
			svc := analytics.New(app, clock(now))
			var sets []analytics.Params
			for _, p := range []string{"24h", "7d", "30d", "90d"} {
				sets = append(sets, analytics.Params{"p_period": p}, analytics.Params{"p_period": p, "p_group_id": groupA})
			}
			before := make([]string, len(sets))
			for i, p := range sets {
				before[i] = call(t, svc, analytics.FunnelName, p)
			}
			setRetention(t, app, 30)
			if n, err := svc.Prune(context.Background()); err != nil || n == 0 {
				t.Fatalf("pruned %d rows (%v), want some", n, err)
			}
			cut := dbx.Params{"cut": dbTime(now.Add(-30 * 24 * time.Hour).Truncate(time.Hour))}
			for _, table := range []string{c.GateEvents, c.ChannelJoins} {
				if n := countRows(t, app, table, c.FieldTimestamp+" < {:cut}", cut); n != 0 {
					t.Errorf("%s: %d rows older than the cut remain", table, n)
				}
				if n := countRows(t, app, table, c.FieldTimestamp+" >= {:cut}", cut); n == 0 {
					t.Errorf("%s: recent rows were deleted too", table)
				}
			}
			for i, p := range sets {
				if got := call(t, svc, analytics.FunnelName, p); got != before[i] {
					t.Errorf("%v changed by pruning\nbefore %s\n after %s", p, before[i], got)
				}
			}
		})
	}
}

// TestFunnelRetentionOff: the default 0 keeps every funnel row.
func TestFunnelRetentionOff(t *testing.T) {
	now := mustTime("2026-11-24T19:27:00Z")
	app := testutil.NewApp(t)
	insertGate(t, app, groupA, 1, c.GateChecked, now.Add(-400*24*time.Hour))
	insertJoin(t, app, channelA, 1, groupA, c.JoinViaMember, now.Add(-400*24*time.Hour))
	n, err := analytics.New(app, clock(now)).Prune(context.Background())
	if err != nil || n != 0 || countRows(t, app, c.GateEvents, "", nil) != 1 || countRows(t, app, c.ChannelJoins, "", nil) != 1 {
		t.Fatalf("deleted %d (%v), want nothing", n, err)
	}
}
