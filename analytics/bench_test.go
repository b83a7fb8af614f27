package analytics_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/nezuko/nezuko/analytics"
	c "github.com/nezuko/nezuko/collections"
	_ "github.com/nezuko/nezuko/pb_migrations"
	"github.com/nezuko/nezuko/plugins/seed"
	"github.com/nezuko/nezuko/tests/testutil"
)

// Benchmarks (see BENCHMARKS.md, section Analytics):
//
//	go test -run '^$' -bench . -benchtime 20x ./analytics/
//
// NEZUKO_BENCH_ROWS sets the verification_log rows (default 1,000,000, over 90 days;
// the conversion funnel's gate_events and channel_joins are seeded in proportion);
// NEZUKO_BENCH_DIR keeps the seeded pb_data there and reuses it on the next run;
// NEZUKO_BENCH_FUNNEL=0 leaves the funnel's rows out (at 10M, Sync's funnel rollup of
// 2.5M joins takes minutes: BenchmarkFunnelSync; BenchmarkFunnel covers the funnel).

// benchApp opens (and seeds once) the benchmark database; it returns the app and the
// time of its newest row, the clock of the benchmark.
func benchApp(b *testing.B) (core.App, time.Time) {
	b.Helper()
	rows := 1_000_000
	if s := os.Getenv("NEZUKO_BENCH_ROWS"); s != "" {
		rows, _ = strconv.Atoi(s)
	}
	app := openBenchApp(b, fmt.Sprintf("rows-%d", rows))
	if n, _ := app.CountRecords(c.VerificationLog); n == 0 {
		start := time.Now()
		st, err := seed.Run(context.Background(), app, seed.Options{VerificationRows: rows, Days: 90, Groups: 40,
			Bots: 3, APICalls: true, End: time.Now(), RandomSeed: 1, EncryptionKey: testutil.EncryptionKey})
		if err != nil {
			b.Fatal(err)
		}
		b.Logf("seeded in %s: %s", time.Since(start).Round(time.Second), st)
	}
	var newest string
	if err := app.DB().NewQuery("SELECT max(" + c.FieldTimestamp + ") FROM " + c.VerificationLog).Row(&newest); err != nil {
		b.Fatal(err)
	}
	end, err := time.Parse(c.DateLayout, newest)
	if err != nil {
		b.Fatal(err)
	}
	if os.Getenv("NEZUKO_BENCH_FUNNEL") != "0" {
		seedFunnel(b, app, end)
	}
	return app, end
}

// BenchmarkRPC times every function for every period on the seeded database (rollups
// current, as after the per-minute cron; each call still checks for new rows).
func BenchmarkRPC(b *testing.B) {
	app, end := benchApp(b)
	svc := analytics.New(app, analytics.WithClock(func() time.Time { return end.Add(time.Minute) }))
	withPeriod := map[string]bool{"get_chart_data": true, "get_verification_trends": true, "get_user_growth": true,
		"get_cache_hit_rate_trend": true, "get_latency_trend": true, analytics.FunnelName: true}
	ctx := context.Background()
	for _, name := range analytics.Functions() {
		periods := []string{""}
		if withPeriod[name] {
			periods = []string{"24h", "7d", "30d", "90d"}
		}
		for _, p := range periods {
			params := analytics.Params{}
			label := name
			if p != "" {
				params["p_period"] = p
				label += "/" + p
			}
			b.Run(label, func(b *testing.B) {
				for b.Loop() {
					if _, err := svc.Call(ctx, name, params); err != nil {
						b.Fatal(err)
					}
				}
			})
			if name == analytics.FunnelName { // also for one group
				var group int64
				if err := app.DB().NewQuery("SELECT " + c.FieldGroupID + " FROM " + c.ProtectedGroups + " LIMIT 1").Row(&group); err != nil {
					b.Fatal(err)
				}
				one := analytics.Params{"p_period": p, "p_group_id": group}
				b.Run(label+"/group", func(b *testing.B) {
					for b.Loop() {
						if _, err := svc.Call(ctx, name, one); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
			if name == "get_latency_trend" { // also without the remembered p95s
				b.Run(label+"/cold", func(b *testing.B) {
					for b.Loop() {
						cold := analytics.New(app, analytics.WithClock(func() time.Time { return end.Add(time.Minute) }))
						if _, err := cold.Call(ctx, name, params); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		}
	}
}

// BenchmarkRollupWriteCost compares inserting verification rows (1,000 per transaction,
// one-row prepared INSERTs, like a batch writer) with inserting them and then rolling
// them up, on a database that already holds 100,000 rows. ns/row is the figure.
func BenchmarkRollupWriteCost(b *testing.B) {
	for _, withSync := range []bool{false, true} {
		name := "insert"
		if withSync {
			name = "insert+rollup"
		}
		b.Run(name, func(b *testing.B) {
			app := testutil.NewApp(b)
			end := time.Now()
			if _, err := seed.Run(context.Background(), app, seed.Options{VerificationRows: 100_000, Days: 30,
				End: end, RandomSeed: 2, EncryptionKey: testutil.EncryptionKey}); err != nil {
				b.Fatal(err)
			}
			svc := analytics.New(app)
			db := app.NonconcurrentDB().(*dbx.DB).DB()
			const batch = 1000
			i := 0
			for b.Loop() {
				if err := insertBatch(db, end, i, batch); err != nil {
					b.Fatal(err)
				}
				if withSync {
					if err := svc.Sync(context.Background()); err != nil {
						b.Fatal(err)
					}
				}
				i++
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*batch), "ns/row")
		})
	}
}

// insertBatch writes n verification rows in one transaction.
func insertBatch(db *sql.DB, end time.Time, seq, n int) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	stmt, err := tx.Prepare("INSERT INTO " + c.VerificationLog + " (" + c.FieldUserID + "," + c.FieldGroupID + "," +
		c.FieldChannelID + "," + c.FieldBotInstance + "," + c.FieldStatus + "," + c.FieldLatencyMS + "," +
		c.FieldCached + "," + c.FieldTimestamp + ") VALUES (?,?,?,?,?,?,?,?)")
	if err != nil {
		return err
	}
	defer stmt.Close()
	statuses := []string{c.Verified, c.Verified, c.Verified, c.Restricted, c.VerifyErr}
	for k := range n {
		j := seq*n + k
		at := c.DBTime(end.Add(-time.Duration(j%7200) * time.Second))
		if _, err := stmt.Exec(int64(1e9+j%50_000), int64(-1-j%40), int64(-100-j%3), 42, statuses[j%5],
			float64(1+j%700), j%3 == 0, at); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// BenchmarkRollupRebuild empties the verification_log and api_call_log rollups of the
// benchmark database and times Sync rolling every row up again, as after an upgrade
// over existing logs (run it with -benchtime 1x). NEZUKO_BENCH_STEPS=1 makes Sync use
// only its syncChunk-row steps (the path before the one-pass bulk rollup).
func BenchmarkRollupRebuild(b *testing.B) {
	app, _ := benchApp(b)
	var opts []analytics.Option
	if os.Getenv("NEZUKO_BENCH_STEPS") == "1" {
		opts = append(opts, analytics.WithBulkMin(0))
	}
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		for _, table := range []string{c.RollupVerificationHourly, c.RollupGroupHourly, c.RollupLatencyHourly,
			c.RollupLatencyDaily, c.RollupUsers, c.RollupNewUsersHourly, c.RollupAPIHourly} {
			if _, err := app.DB().NewQuery("DELETE FROM " + table).Execute(); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := app.DB().NewQuery("DELETE FROM " + c.RollupState + " WHERE " + c.FieldKey + " IN ('" +
			c.VerificationLog + "', '" + c.APICallLog + "')").Execute(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := analytics.New(app, opts...).Sync(ctx); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/rebuild")
}

// BenchmarkFirstCall times each function's first call after a restart: on a fresh
// Service each (nothing remembered, "cold"), and on a fresh Service whose serve-time
// warm-up has run ("warmed"). Each round logs per call; the table is the mean in ms.
func BenchmarkFirstCall(b *testing.B) {
	app, end := benchApp(b)
	ctx := context.Background()
	now := analytics.WithClock(func() time.Time { return end.Add(time.Minute) })
	type rpc struct {
		label, name string
		params      analytics.Params
	}
	var calls []rpc
	for _, name := range analytics.Functions() {
		for _, p := range analytics.WarmParams(name) {
			label := name
			if v, ok := p[analytics.ParamPeriod]; ok {
				label += "/" + v.(string)
			}
			calls = append(calls, rpc{label, name, p})
		}
	}
	for _, warmed := range []bool{false, true} {
		name := "cold"
		if warmed {
			name = "warmed"
		}
		b.Run(name, func(b *testing.B) {
			sums := make([]time.Duration, len(calls))
			var warmUp time.Duration
			rounds := 0
			for b.Loop() {
				rounds++
				svc := analytics.New(app, now)
				if warmed {
					start := time.Now()
					<-svc.WarmUp()
					warmUp += time.Since(start)
				}
				for i, k := range calls {
					if !warmed {
						svc = analytics.New(app, now)
					}
					start := time.Now()
					if _, err := svc.Call(ctx, k.name, k.params); err != nil {
						b.Fatal(err)
					}
					sums[i] += time.Since(start)
				}
				if err := svc.Close(ctx); err != nil {
					b.Fatal(err)
				}
			}
			var worst time.Duration
			for i, k := range calls {
				mean := sums[i] / time.Duration(rounds)
				worst = max(worst, mean)
				b.Logf("%-40s %7.1f ms", k.label, float64(mean.Microseconds())/1000)
			}
			if warmed {
				b.Logf("warm-up itself: %.0f ms", float64((warmUp/time.Duration(rounds)).Microseconds())/1000)
			}
			b.ReportMetric(float64(worst.Microseconds())/1000, "worst-ms")
		})
	}
}
