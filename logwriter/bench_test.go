package logwriter_test

import (
	"context"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/logwriter"
	"github.com/nezuko/nezuko/tests/testutil"
)

func row(i int) logwriter.Verification {
	return logwriter.Verification{UserID: int64(i), GroupID: -100 - int64(i%50), ChannelID: -200 - int64(i%7),
		BotID: 42, Status: c.Verified, LatencyMS: 7.5, Cached: i%3 == 0, At: at.Add(time.Duration(i) * time.Millisecond)}
}

// BenchmarkWriter measures rows/s through the batch writer, commit included.
func BenchmarkWriter(b *testing.B) {
	app := testutil.NewApp(b)
	w := logwriter.New(app, logwriter.Options{})
	if err := w.Start(context.Background()); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		w.AddVerification(row(i))
	}
	if err := w.Close(context.Background()); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkRawPreparedInsert is the baseline: one prepared single-row INSERT per row,
// 500 rows per transaction, straight on the same database.
func BenchmarkRawPreparedInsert(b *testing.B) {
	app := testutil.NewApp(b)
	db := app.NonconcurrentDB().(*dbx.DB).DB()
	q := "INSERT INTO verification_log (id, user_id, group_id, channel_id, bot_instance, status, latency_ms, cached, error_type, timestamp) VALUES (?,?,?,?,?,?,?,?,?,?)"
	b.ReportAllocs()
	b.ResetTimer()
	for done := 0; done < b.N; {
		tx, err := db.Begin()
		if err != nil {
			b.Fatal(err)
		}
		st, err := tx.Prepare(q)
		if err != nil {
			b.Fatal(err)
		}
		for j := 0; j < 500 && done < b.N; j++ {
			r := row(done)
			cached := 0
			if r.Cached {
				cached = 1
			}
			if _, err := st.Exec(core.GenerateDefaultRandomId(), r.UserID, r.GroupID, r.ChannelID, r.BotID, r.Status,
				r.LatencyMS, cached, "", c.DBTime(r.At)); err != nil {
				b.Fatal(err)
			}
			done++
		}
		st.Close()
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
