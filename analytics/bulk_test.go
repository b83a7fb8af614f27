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
	"github.com/nezuko/nezuko/tests/testutil"
)

// rollupDump is every row of the verification and api_call_log rollups (ids aside),
// sorted, one line a row.
func rollupDump(tb testing.TB, app core.App) string {
	tb.Helper()
	var out []string
	for _, table := range []string{c.RollupVerificationHourly, c.RollupGroupHourly, c.RollupLatencyHourly,
		c.RollupLatencyDaily, c.RollupUsers, c.RollupNewUsersHourly, c.RollupAPIHourly} {
		col, err := app.FindCollectionByNameOrId(table)
		if err != nil {
			tb.Fatal(err)
		}
		var cols []string
		for _, f := range col.Fields {
			if f.GetName() != c.FieldID {
				cols = append(cols, "quote(`"+f.GetName()+"`)")
			}
		}
		var rows []string
		if err := app.DB().NewQuery("SELECT '" + table + " ' || " + strings.Join(cols, " || ' ' || ") +
			" AS r FROM `" + table + "` ORDER BY r").Column(&rows); err != nil {
			tb.Fatal(err)
		}
		out = append(out, rows...)
	}
	return strings.Join(out, "\n")
}

// TestBulkRollupMatchesSync: the one-pass rollup of a large backlog (bulk.go) leaves
// the same rollup rows, and so the same answers, as Sync's steps — from scratch, and on
// top of rollups already holding rows, with late rows (earlier first sightings of known
// users, hours already rolled up), rows without latency and latencies that are not whole
// milliseconds.
func TestBulkRollupMatchesSync(t *testing.T) {
	base := mustTime("2026-11-24T19:27:13.250Z")
	clocks := []time.Time{base, mustTime("2026-11-24T00:00:00Z"), base.Add(3 * time.Hour)}
	for seed := uint64(1); seed <= 3; seed++ {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			dumps := map[bool]string{}
			answered := map[bool]map[string]string{}
			for _, bulk := range []bool{false, true} {
				r := rand.New(rand.NewPCG(seed, 23))
				app := testutil.NewApp(t)
				insertGroup(t, app, -1, "One", true)
				least := int64(0) // steps only
				if bulk {
					least = 1
				}
				svc := analytics.New(app, analytics.WithBulkMin(least))
				for round := range 3 { // from scratch, then twice on top
					rows := randomRows(r, base, 400)
					for len(rows) > 0 {
						k := min(len(rows), 1+r.IntN(120))
						insertVerifications(t, app, rows[:k]...)
						insertAPICalls(t, app, base.Add(-time.Duration(r.IntN(9*24))*time.Hour),
							"getChatMember", "restrictChatMember", "getChatMember", "sendMessage")
						rows = rows[k:]
					}
					if err := svc.Sync(context.Background()); err != nil {
						t.Fatalf("round %d: %v", round, err)
					}
				}
				var bulkIDs int64 // ids the bulk path gives (bulk.go): it did run
				if err := app.DB().NewQuery("SELECT count(*) FROM " + c.RollupVerificationHourly +
					" WHERE " + c.FieldID + " LIKE 'b%'").Row(&bulkIDs); err != nil {
					t.Fatal(err)
				}
				if (bulkIDs > 0) != bulk {
					t.Fatalf("bulk=%v: %d rollup rows with the bulk path's ids", bulk, bulkIDs)
				}
				dumps[bulk] = rollupDump(t, app)
				answered[bulk] = map[string]string{}
				for _, now := range clocks {
					for k, v := range answers(t, analytics.New(app, clock(now))) {
						answered[bulk][now.Format(time.RFC3339)+" "+k] = v
					}
				}
			}
			if dumps[false] != dumps[true] {
				t.Errorf("rollup rows differ\n steps:\n%s\n bulk:\n%s", dumps[false], dumps[true])
			}
			for k, want := range answered[false] {
				if got := answered[true][k]; got != want {
					t.Errorf("%s\n steps %s\n  bulk %s", k, want, got)
				}
			}
		})
	}
}
