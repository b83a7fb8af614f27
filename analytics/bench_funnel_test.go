package analytics_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/nezuko/nezuko/analytics"
	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/plugins/seed"
	"github.com/nezuko/nezuko/tests/testutil"
)

// seedFunnel fills gate_events and channel_joins of the benchmark database once, in
// proportion to its verification rows (one join checked per 4 rows, over 90 days up to
// end): 60 % of the joins are muted, 40 % of those join a channel of the group (by its
// link, or another's) within 3 days and 80 % of those are unmuted; as many channel
// joins again come from people the bots never muted. Then the rollups catch up.
func seedFunnel(b *testing.B, app core.App, end time.Time) {
	b.Helper()
	if n, _ := app.CountRecords(c.GateEvents); n > 0 {
		return
	}
	rows, _ := app.CountRecords(c.VerificationLog)
	seedFunnelJoins(b, app, end, int(rows/4), false)
}

// seedFunnelJoins writes the funnel rows of joins joins (see seedFunnel) and rolls
// them up: with Sync, or with bulkFunnelRollup (bulk).
func seedFunnelJoins(b testing.TB, app core.App, end time.Time, joins int, bulk bool) {
	b.Helper()
	start := time.Now()
	writeFunnelRows(b, app, end, joins)
	b.Logf("funnel rows written in %s", time.Since(start).Round(time.Second))
	start = time.Now()
	if bulk {
		if err := bulkFunnelRollup(app); err != nil {
			b.Fatal(err)
		}
	}
	svc := analytics.New(app)
	if err := svc.Sync(context.Background()); err != nil {
		b.Fatal(err)
	}
	b.Logf("rolled up (bulk %v) in %s", bulk, time.Since(start).Round(time.Second))
	g, _ := app.CountRecords(c.GateEvents)
	j, _ := app.CountRecords(c.ChannelJoins)
	b.Logf("funnel seeded and rolled up in %s: %d gate_events, %d channel_joins", time.Since(start).Round(time.Second), g, j)
}

// writeFunnelRows writes the funnel rows (gate_events, channel_joins) of joins joins
// over the seeded chats' group-channel links, not rolled up.
func writeFunnelRows(b testing.TB, app core.App, end time.Time, joins int) {
	b.Helper()
	var pairs []struct {
		Group   int64 `db:"g"`
		Channel int64 `db:"ch"`
	}
	if err := app.DB().NewQuery("SELECT p." + c.FieldGroupID + " AS g, ch." + c.FieldChannelID + " AS ch FROM " +
		c.GroupChannelLinks + " l JOIN " + c.ProtectedGroups + " p ON p.id = l.`" + c.FieldGroup + "` JOIN " +
		c.EnforcedChannels + " ch ON ch.id = l.`" + c.FieldChannel + "` ORDER BY g, ch").All(&pairs); err != nil || len(pairs) == 0 {
		b.Fatalf("group-channel pairs: %v (%d)", err, len(pairs))
	}
	db := app.NonconcurrentDB().(*dbx.DB).DB()
	r := rand.New(rand.NewPCG(3, 4))
	const chunk = 20_000
	for done := 0; done < joins; done += chunk {
		if err := seedFunnelChunk(db, r, pairs, end, done, min(chunk, joins-done)); err != nil {
			b.Fatal(err)
		}
	}
}

// seedFunnelChunk writes the funnel rows of n joins in one transaction.
func seedFunnelChunk(db *sql.DB, r *rand.Rand, pairs []struct {
	Group   int64 `db:"g"`
	Channel int64 `db:"ch"`
}, end time.Time, first, n int) error {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	gate, err := tx.Prepare("INSERT INTO " + c.GateEvents + " (id, " + c.FieldBotID + ", " + c.FieldGroupID + ", " +
		c.FieldUserID + ", " + c.FieldKind + ", " + c.FieldTimestamp + ") VALUES (?, 42, ?, ?, ?, ?)")
	if err != nil {
		return err
	}
	defer gate.Close()
	join, err := tx.Prepare("INSERT INTO " + c.ChannelJoins + " (id, " + c.FieldBotID + ", " + c.FieldChannelID + ", " +
		c.FieldUserID + ", " + c.FieldGroupID + ", " + c.FieldVia + ", " + c.FieldTimestamp + ") VALUES (?, 42, ?, ?, ?, ?, ?)")
	if err != nil {
		return err
	}
	defer join.Close()
	ts := c.DBTime
	span := int64(90 * 24 * time.Hour)
	for i := range n {
		user := int64(2e9 + first + i)
		p := pairs[r.IntN(len(pairs))]
		at := end.Add(-time.Duration(r.Int64N(span)))
		if _, err := gate.Exec(core.GenerateDefaultRandomId(), p.Group, user, c.GateChecked, ts(at)); err != nil {
			return err
		}
		via := c.JoinViaMember
		if r.IntN(10) == 0 {
			via = c.JoinViaRequest
		}
		if r.IntN(10) < 6 {
			if _, err := gate.Exec(core.GenerateDefaultRandomId(), p.Group, user, c.GateMuted, ts(at)); err != nil {
				return err
			}
			if r.IntN(10) < 4 {
				sub := at.Add(time.Duration(r.Int64N(int64(72 * time.Hour))))
				if sub.After(end) {
					continue
				}
				by := p.Group
				if r.IntN(4) == 0 {
					by = c.NoGroup
				}
				if _, err := join.Exec(core.GenerateDefaultRandomId(), p.Channel, user, by, via, ts(sub)); err != nil {
					return err
				}
				if r.IntN(10) < 8 {
					if _, err := gate.Exec(core.GenerateDefaultRandomId(), p.Group, user, c.GateUnmuted, ts(sub.Add(time.Second))); err != nil {
						return err
					}
				}
			}
		}
		if r.IntN(10) < 2 { // someone the bots never muted
			if _, err := join.Exec(core.GenerateDefaultRandomId(), p.Channel, user+1e9, c.NoGroup, via, ts(at)); err != nil {
				return err
			}
		}
	}
	return tx.Commit()
}

// openBenchApp opens a migrated app in NEZUKO_BENCH_DIR/name (kept for the next run),
// or in a temporary directory when NEZUKO_BENCH_DIR is unset.
func openBenchApp(b *testing.B, name string) core.App {
	b.Helper()
	dir := os.Getenv("NEZUKO_BENCH_DIR")
	if dir == "" {
		dir = b.TempDir()
	} else {
		dir += "/" + name
	}
	app := core.NewBaseApp(core.BaseAppConfig{DataDir: dir, EncryptionEnv: "pb_test_env"})
	if err := app.Bootstrap(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { app.ResetBootstrapState() })
	if err := app.RunAllMigrations(); err != nil {
		b.Fatal(err)
	}
	return app
}

// BenchmarkFunnel times get_conversion_funnel alone on a database seeded with only the
// funnel's rows (the chats of a small seed, then NEZUKO_BENCH_FUNNEL_JOINS joins,
// default 250,000: the funnel rows of BenchmarkRPC at 1M; 2,500,000 is the 10M
// equivalent: 4.5M gate_events and 1.1M channel_joins). NEZUKO_BENCH_DIR keeps it.
// "first" is the first call of a fresh Service (it checks every log for new rows),
// "warm" the next ones. The rollups are built by bulkFunnelRollup, faster still than
// Sync's episodes (BenchmarkFunnelSync: about 6–8 minutes at 2.5M joins).
func BenchmarkFunnel(b *testing.B) {
	joins := 250_000
	if s := os.Getenv("NEZUKO_BENCH_FUNNEL_JOINS"); s != "" {
		joins, _ = strconv.Atoi(s)
	}
	app := openBenchApp(b, fmt.Sprintf("funnel-%d", joins))
	end := time.Date(2026, 12, 1, 12, 30, 0, 0, time.UTC)
	if n, _ := app.CountRecords(c.ProtectedGroups); n == 0 {
		if _, err := seed.Run(context.Background(), app, seed.Options{VerificationRows: 1000, Days: 90, Groups: 40,
			Bots: 3, End: end, RandomSeed: 1, EncryptionKey: testutil.EncryptionKey}); err != nil {
			b.Fatal(err)
		}
	}
	if n, _ := app.CountRecords(c.GateEvents); n == 0 {
		seedFunnelJoins(b, app, end, joins, true)
	}
	clock := analytics.WithClock(func() time.Time { return end.Add(time.Minute) })
	ctx := context.Background()
	var group int64
	if err := app.DB().NewQuery("SELECT " + c.FieldGroupID + " FROM " + c.ProtectedGroups + " LIMIT 1").Row(&group); err != nil {
		b.Fatal(err)
	}
	for _, p := range []string{"24h", "7d", "30d", "90d"} {
		for _, one := range []bool{false, true} {
			params, label := analytics.Params{"p_period": p}, p
			if one {
				params["p_group_id"], label = group, p+"/group"
			}
			b.Run(label+"/first", func(b *testing.B) {
				for b.Loop() {
					if _, err := analytics.New(app, clock).Call(ctx, analytics.FunnelName, params); err != nil {
						b.Fatal(err)
					}
				}
			})
			svc := analytics.New(app, clock)
			b.Run(label+"/warm", func(b *testing.B) {
				for b.Loop() {
					if _, err := svc.Call(ctx, analytics.FunnelName, params); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
