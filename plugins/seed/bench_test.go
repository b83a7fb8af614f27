package seed_test

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/nezuko/nezuko/plugins/seed"
	"github.com/nezuko/nezuko/tests/testutil"
)

// BenchmarkSeedInsert times seed.Run's inserts alone (no rollup) into a fresh database:
// NEZUKO_SEED_ROWS verification rows (default 1,000,000) over 90 days, 40 groups, with
// the api_call_log rows they imply. rows/s counts the rows of both logs.
//
//	go test -run '^$' -bench SeedInsert -benchtime 1x ./plugins/seed/
func BenchmarkSeedInsert(b *testing.B) {
	rows := 1_000_000
	if s := os.Getenv("NEZUKO_SEED_ROWS"); s != "" {
		rows, _ = strconv.Atoi(s)
	}
	var written int
	var spent time.Duration
	for b.Loop() {
		b.StopTimer()
		app := testutil.NewApp(b)
		b.StartTimer()
		st, err := seed.Run(context.Background(), app, seed.Options{VerificationRows: rows, Days: 90, Groups: 40,
			Bots: 3, APICalls: true, End: time.Now(), RandomSeed: 1, EncryptionKey: testutil.EncryptionKey,
			SkipRollup: true})
		if err != nil {
			b.Fatal(err)
		}
		written += st.VerificationRows + st.APICallRows
		spent += st.Insert
	}
	b.ReportMetric(float64(written)/spent.Seconds(), "rows/s")
}
