package analytics_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/nezuko/nezuko/analytics"
	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/tests/testutil"
)

func setRetention(tb testing.TB, app core.App, days int) {
	tb.Helper()
	rec, err := app.FindFirstRecordByFilter(c.AdminConfig, c.FieldKey+" = {:k}", dbx.Params{"k": c.ConfigLogRetentionDays})
	if err != nil {
		tb.Fatal(err)
	}
	rec.Set(c.FieldValue, days)
	if err := app.Save(rec); err != nil {
		tb.Fatal(err)
	}
}

func countRows(tb testing.TB, app core.App, table, where string, p dbx.Params) int64 {
	tb.Helper()
	var n int64
	q := "SELECT count(*) FROM " + table
	if where != "" {
		q += " WHERE " + where
	}
	if err := app.DB().NewQuery(q).Bind(p).Row(&n); err != nil {
		tb.Fatal(err)
	}
	return n
}

// TestRetention: with log_retention_days = 30, Prune deletes the older raw rows of the
// three logs (cut at a whole hour) and every answer stays the same: windows reaching
// before the cut are answered from the rollups.
func TestRetention(t *testing.T) {
	for _, now := range []time.Time{mustTime("2026-11-24T19:00:00Z"), mustTime("2026-11-24T19:27:13.250Z")} {
		t.Run(now.Format(time.TimeOnly), func(t *testing.T) {
			app := testutil.NewApp(t)
			r := rand.New(rand.NewPCG(5, 5))
			insertVerifications(t, app, randomRows(r, now, 800)...)
			for d := 0; d < 60; d += 3 {
				insertAPICalls(t, app, now.Add(-time.Duration(d)*24*time.Hour-time.Duration(r.IntN(3600))*time.Second),
					"getChatMember", "sendMessage")
			}
			old := now.Add(-40 * 24 * time.Hour)
			for _, at := range []time.Time{old, now} {
				insertRows(t, app, c.AdminLogs, dbx.Params{c.FieldTimestamp: dbTime(at), c.FieldLevel: c.LevelInfo,
					c.FieldLogger: "test", c.FieldMessage: "m"})
			}
			svc := analytics.New(app, clock(now))
			before := answers(t, svc)
			setRetention(t, app, 30)
			deleted, err := svc.Prune(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			cutoff := dbx.Params{"cut": dbTime(now.Add(-30 * 24 * time.Hour).Truncate(time.Hour))}
			for _, table := range []string{c.VerificationLog, c.APICallLog, c.AdminLogs} {
				if n := countRows(t, app, table, c.FieldTimestamp+" < {:cut}", cutoff); n != 0 {
					t.Errorf("%s: %d rows older than the cut remain", table, n)
				}
				if n := countRows(t, app, table, c.FieldTimestamp+" >= {:cut}", cutoff); n == 0 {
					t.Errorf("%s: recent rows were deleted too", table)
				}
			}
			if deleted == 0 {
				t.Fatal("nothing deleted")
			}
			after := answers(t, svc)
			onHour := now.Equal(now.Truncate(time.Hour))
			for k, want := range before {
				if !onHour && strings.Contains(k, "p_period:90d") {
					continue // the first, partial hour of 90 days is read whole from the rollup
				}
				if after[k] != want {
					t.Errorf("%s changed by pruning\nbefore %s\n after %s", k, want, after[k])
				}
			}
			// New rows after a prune are counted as usual.
			insertVerifications(t, app, vrow{999, -1, c.Verified, 5, true, now.Add(-time.Minute)})
			got := call(t, svc, "get_verification_distribution", nil)
			var v, rr, e, total int64
			fmt.Sscanf(before[fmt.Sprint("get_verification_distribution", analytics.Params(nil))], `{"verified":%d,"restricted":%d,"error":%d,"total":%d}`, &v, &rr, &e, &total)
			want := fmt.Sprintf(`{"verified":%d,"restricted":%d,"error":%d,"total":%d}`, v+1, rr, e, total+1)
			if got != want {
				t.Errorf("after a new row: got %s, want %s", got, want)
			}
		})
	}
}

// TestRetentionOff: the default 0 keeps every raw row.
func TestRetentionOff(t *testing.T) {
	now := mustTime("2026-11-24T19:27:00Z")
	app := testutil.NewApp(t)
	insertVerifications(t, app, vrow{1, -1, c.Verified, 5, false, now.Add(-400 * 24 * time.Hour)})
	n, err := analytics.New(app, clock(now)).Prune(context.Background())
	if err != nil || n != 0 || countRows(t, app, c.VerificationLog, "", nil) != 1 {
		t.Fatalf("deleted %d (%v), want nothing", n, err)
	}
}
