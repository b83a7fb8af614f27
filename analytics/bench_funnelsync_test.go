package analytics_test

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/nezuko/nezuko/analytics"
	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/plugins/seed"
	"github.com/nezuko/nezuko/tests/testutil"
)

// BenchmarkFunnelSync times Sync's step-by-step rollup of the funnel's logs (episodes,
// stages, delays, joins): the catch-up after an upgrade or an outage, and the work
// beside every burst of joins. Each round seeds NEZUKO_BENCH_FUNNEL_SYNC_JOINS joins
// (default 20,000, about 36k gate_events and 9k channel_joins; the seed of
// BenchmarkFunnel) into a fresh database and rolls them up; events/s counts both logs.
//
//	go test -run '^$' -bench FunnelSync -benchtime 3x ./analytics/
func BenchmarkFunnelSync(b *testing.B) {
	joins := 20_000
	if s := os.Getenv("NEZUKO_BENCH_FUNNEL_SYNC_JOINS"); s != "" {
		joins, _ = strconv.Atoi(s)
	}
	end := time.Date(2026, 12, 1, 12, 30, 0, 0, time.UTC)
	var events int64
	var spent time.Duration
	for range b.N {
		b.StopTimer()
		app := testutil.NewApp(b)
		if _, err := seed.Run(context.Background(), app, seed.Options{VerificationRows: 200, Days: 90, Groups: 40,
			Bots: 3, End: end, RandomSeed: 1, EncryptionKey: testutil.EncryptionKey}); err != nil {
			b.Fatal(err)
		}
		svc := analytics.New(app)
		if err := svc.Sync(context.Background()); err != nil { // the seed's own rows first
			b.Fatal(err)
		}
		writeFunnelRows(b, app, end, joins)
		g, _ := app.CountRecords(c.GateEvents)
		j, _ := app.CountRecords(c.ChannelJoins)
		events += g + j
		b.StartTimer()
		start := time.Now()
		if err := svc.Sync(context.Background()); err != nil {
			b.Fatal(err)
		}
		spent += time.Since(start)
	}
	b.ReportMetric(float64(events)/spent.Seconds(), "events/s")
}
