package analytics_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/nezuko/nezuko/analytics"
	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/logwriter"
	"github.com/nezuko/nezuko/tests/testutil"
)

// randomRows makes n verification rows spread over the 100 days before now (a few in
// the future), with repeating users and groups, every status, some rows without a
// latency and latencies that are not whole milliseconds.
func randomRows(r *rand.Rand, now time.Time, n int) []vrow {
	statuses := []string{c.Verified, c.Verified, c.Verified, c.Restricted, c.VerifyErr}
	rows := make([]vrow, n)
	for i := range rows {
		lat := float64(r.IntN(1500)) + float64(r.IntN(4))/4 // quarters add up exactly
		if r.IntN(5) == 0 {
			lat = 0
		}
		age := time.Duration(r.Int64N(int64(100*24*time.Hour))) - 2*time.Hour
		if r.IntN(4) == 0 { // crowd the last day, where the 24h buckets are
			age = time.Duration(r.Int64N(int64(26 * time.Hour)))
		}
		rows[i] = vrow{user: int64(1 + r.IntN(60)), group: -int64(1 + r.IntN(12)),
			status: statuses[r.IntN(len(statuses))], latency: lat, cached: r.IntN(3) == 0,
			at: now.Add(-age).Truncate(time.Millisecond)}
	}
	return rows
}

// paramSets are the parameter combinations each kind of function is called with.
var (
	periodSets = []analytics.Params{nil, {"p_period": "24h"}, {"p_period": "7d"}, {"p_period": "30d"}, {"p_period": "90d"}}
	granSets   = append(append([]analytics.Params{}, periodSets...), analytics.Params{"p_period": "24h", "p_granularity": "day"},
		analytics.Params{"p_period": "90d", "p_granularity": "hour"}, analytics.Params{"p_period": "30d", "p_granularity": "week"})
	paramSets = map[string][]analytics.Params{
		"get_chart_data": periodSets, "get_cache_hit_rate_trend": periodSets, "get_latency_trend": periodSets,
		"get_verification_trends": granSets, "get_user_growth": granSets,
		"get_top_groups": {nil, {"p_limit": 3}},
	}
)

// answers calls every function with its parameter sets and returns the JSON by call.
func answers(tb testing.TB, svc *analytics.Service) map[string]string {
	tb.Helper()
	out := map[string]string{}
	for _, name := range analytics.Functions() {
		sets, ok := paramSets[name]
		if !ok {
			sets = []analytics.Params{nil}
		}
		for _, p := range sets {
			out[fmt.Sprint(name, p)] = call(tb, svc, name, p)
		}
	}
	return out
}

// TestRollupsAgreeWithFullScans: random rows inserted in random order (late rows
// included) in batches, with syncs in between; at several clocks (mid-hour, on an hour,
// at midnight) every function answers from the rollups exactly what it answers from full
// scans of the raw rows.
func TestRollupsAgreeWithFullScans(t *testing.T) {
	base := mustTime("2026-11-24T19:27:13.250Z")
	clocks := []time.Time{base, base.Add(-27*time.Minute - 13250*time.Millisecond),
		mustTime("2026-11-24T00:00:00Z"), base.Add(-90 * time.Minute), base.Add(3 * time.Hour)}
	for seed := uint64(1); seed <= 3; seed++ {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 99))
			app := testutil.NewApp(t)
			insertGroup(t, app, -1, "One", true)
			insertGroup(t, app, -2, "", true) // a group without a title
			rows := randomRows(r, base, 700)
			svc := analytics.New(app)
			for len(rows) > 0 {
				k := min(len(rows), 1+r.IntN(150))
				insertVerifications(t, app, rows[:k]...)
				insertAPICalls(t, app, base.Add(-time.Duration(r.IntN(9*24))*time.Hour),
					"getChatMember", "restrictChatMember", "getChatMember", "sendMessage")
				rows = rows[k:]
				if r.IntN(2) == 0 {
					if err := svc.Sync(context.Background()); err != nil {
						t.Fatal(err)
					}
				}
			}
			// One long-lived Service (its p95 cache carries over) against fresh scans;
			// then late rows arrive and everything must still agree.
			var cur time.Time
			rolling := analytics.New(app, analytics.WithClock(func() time.Time { return cur }))
			compare := func(round string) {
				for _, now := range clocks {
					cur = now
					fromRollups := answers(t, rolling)
					fromScans := answers(t, analytics.New(app, clock(now), analytics.WithScanSource()))
					for k, want := range fromScans {
						if got := fromRollups[k]; got != want {
							t.Errorf("%s now=%s %s\nrollups %s\n  scans %s", round, now.Format(time.RFC3339), k, got, want)
						}
					}
				}
			}
			compare("first")
			insertVerifications(t, app, randomRows(r, base, 60)...)
			compare("after late rows")
		})
	}
}

// rolledUpTotal is how many verification rows the hourly rollup counts.
func rolledUpTotal(tb testing.TB, app core.App) int64 {
	tb.Helper()
	var n int64
	if err := app.DB().NewQuery("SELECT coalesce(sum(`" + c.FieldTotal + "`), 0) FROM " +
		c.RollupVerificationHourly).Row(&n); err != nil {
		tb.Fatal(err)
	}
	return n
}

// TestRollupRowidReuse: when the newest rows are deleted (through PocketBase), SQLite
// hands their rowids to the next rows; those rows must still be counted.
func TestRollupRowidReuse(t *testing.T) {
	app := testutil.NewApp(t)
	svc := analytics.Register(app, analytics.Config{})
	rows := randomRows(rand.New(rand.NewPCG(7, 7)), time.Now(), 10)
	insertVerifications(t, app, rows...)
	if err := svc.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	var newest []string
	if err := app.DB().NewQuery("SELECT " + c.FieldID + " FROM " + c.VerificationLog + " ORDER BY rowid DESC LIMIT 3").
		Column(&newest); err != nil {
		t.Fatal(err)
	}
	for _, id := range newest {
		r, err := app.FindRecordById(c.VerificationLog, id)
		if err != nil {
			t.Fatal(err)
		}
		if err := app.Delete(r); err != nil {
			t.Fatal(err)
		}
	}
	insertVerifications(t, app, rows[:5]...)
	if err := svc.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := rolledUpTotal(t, app); n != 15 {
		t.Fatalf("rolled up %d rows, want 15 (10 + 5; deleted rows stay counted)", n)
	}
}

// TestRollupRenumberedRowids: if the rowids are renumbered (VACUUM may do that), the
// watermark follows its row, so nothing is counted twice or missed.
func TestRollupRenumberedRowids(t *testing.T) {
	app := testutil.NewApp(t)
	svc := analytics.New(app)
	rows := randomRows(rand.New(rand.NewPCG(8, 8)), time.Now(), 10)
	insertVerifications(t, app, rows...)
	if err := svc.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := app.DB().NewQuery("UPDATE " + c.VerificationLog + " SET rowid = rowid + 1000").Execute(); err != nil {
		t.Fatal(err)
	}
	insertVerifications(t, app, rows[:4]...)
	if err := analytics.New(app).Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := rolledUpTotal(t, app); n != 14 {
		t.Fatalf("rolled up %d rows, want 14", n)
	}
}

// TestLogWriterRowsRollUp: rows committed by the log writer are rolled up right after
// its commit (Notify), without an RPC call, and an RPC then counts them.
func TestLogWriterRowsRollUp(t *testing.T) {
	app, services := testutil.NewAppWithServices(t)
	if services.Logs == nil {
		t.Fatal("no log writer")
	}
	now := time.Now()
	for i := range 3 {
		services.Logs.AddVerification(logwriter.Verification{UserID: int64(10 + i), GroupID: -1001,
			ChannelID: -100, BotID: 42, Status: c.Verified, LatencyMS: 12, At: now})
	}
	if err := services.Logs.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for rolledUpTotal(t, app) != 3 {
		if time.Now().After(deadline) {
			t.Fatalf("rollup holds %d rows, want 3", rolledUpTotal(t, app))
		}
		<-tick.C
	}
	got := call(t, analytics.New(app), "get_verification_distribution", nil)
	if got != `{"verified":3,"restricted":0,"error":0,"total":3}` {
		t.Fatalf("got %s", got)
	}
}

// TestLargeBacklogRollsUpInBackground: a backlog larger than the on-demand limit is not
// rolled up inside the call (which answers at once, lagging) but right after, in the
// background; the next call sees every row.
func TestLargeBacklogRollsUpInBackground(t *testing.T) {
	app := testutil.NewApp(t)
	svc := analytics.Register(app, analytics.Config{Options: []analytics.Option{analytics.WithOnDemandLimit(10)}})
	if err := svc.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close(context.Background()) })
	insertVerifications(t, app, randomRows(rand.New(rand.NewPCG(9, 9)), time.Now(), 25)...)
	call(t, svc, "get_analytics_overview", nil) // answers now; kicks the background sync
	deadline := time.Now().Add(10 * time.Second)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for rolledUpTotal(t, app) != 25 {
		if time.Now().After(deadline) {
			t.Fatalf("rollup holds %d rows, want 25", rolledUpTotal(t, app))
		}
		<-tick.C
	}
	if got := call(t, svc, "get_analytics_overview", nil); !strings.Contains(got, `"total_verifications":25,`) {
		t.Fatalf("got %s", got)
	}
	insertVerifications(t, app, randomRows(rand.New(rand.NewPCG(9, 10)), time.Now(), 5)...)
	if got := call(t, svc, "get_analytics_overview", nil); !strings.Contains(got, `"total_verifications":30,`) {
		t.Fatalf("a small backlog is rolled up before answering; got %s", got)
	}
}
