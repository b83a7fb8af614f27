package analytics_test

import (
	"context"
	"database/sql"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/nezuko/nezuko/analytics"
	c "github.com/nezuko/nezuko/collections"
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
	var pairs []struct {
		Group   int64 `db:"g"`
		Channel int64 `db:"ch"`
	}
	if err := app.DB().NewQuery("SELECT p." + c.FieldGroupID + " AS g, ch." + c.FieldChannelID + " AS ch FROM " +
		c.GroupChannelLinks + " l JOIN " + c.ProtectedGroups + " p ON p.id = l.`" + c.FieldGroup + "` JOIN " +
		c.EnforcedChannels + " ch ON ch.id = l.`" + c.FieldChannel + "`").All(&pairs); err != nil || len(pairs) == 0 {
		b.Fatalf("group-channel pairs: %v (%d)", err, len(pairs))
	}
	rows, _ := app.CountRecords(c.VerificationLog)
	joins := int(rows / 4)
	start := time.Now()
	db := app.NonconcurrentDB().(*dbx.DB).DB()
	r := rand.New(rand.NewPCG(3, 4))
	const chunk = 20_000
	for done := 0; done < joins; done += chunk {
		if err := seedFunnelChunk(db, r, pairs, end, done, min(chunk, joins-done)); err != nil {
			b.Fatal(err)
		}
	}
	svc := analytics.New(app)
	if err := svc.Sync(context.Background()); err != nil {
		b.Fatal(err)
	}
	g, _ := app.CountRecords(c.GateEvents)
	j, _ := app.CountRecords(c.ChannelJoins)
	b.Logf("funnel seeded and rolled up in %s: %d gate_events, %d channel_joins", time.Since(start).Round(time.Second), g, j)
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
