package analytics_test

import (
	"context"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/nezuko/nezuko/analytics"
	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/plugins/seed"
	"github.com/nezuko/nezuko/tests/testutil"
)

// bulkFunnelRollup builds the funnel rollups of a database seeded by seedFunnelChunk
// with set-based SQL instead of Sync's row-by-row episodes, and moves the watermarks to
// the end, so a large benchmark database is ready in minutes. It relies on the seed's
// shape — each blocked user blocked once, in one group, joining at most one channel of
// that group, unmuted only after that join — under which Sync makes each block one
// episode subscribed at the user's first join of a linked channel at or after the block
// (else at the unmute) and unmuted at the unmute. TestBulkFunnelRollupMatchesSync
// checks it gives Sync's answers.
func bulkFunnelRollup(app core.App) error {
	q := func(sql string) error {
		_, err := app.DB().NewQuery(sql).Execute()
		return err
	}
	ge, cj, ep := c.GateEvents, c.ChannelJoins, c.RollupFunnelEpisodes
	linked := "(SELECT p.group_id FROM " + c.ProtectedGroups + " p JOIN " + c.GroupChannelLinks + " l ON l.`group` = p.id JOIN " +
		c.EnforcedChannels + " ch ON ch.id = l.channel WHERE ch.channel_id = j.channel_id)"
	// The seed's users, looked up by user: an index for the correlated look-ups below,
	// dropped again at the end (the engine's queries do not need it).
	if err := q("CREATE INDEX IF NOT EXISTS bench_gate_user ON " + ge + " (user_id, kind, timestamp)"); err != nil {
		return err
	}
	defer q("DROP INDEX IF EXISTS bench_gate_user")
	for _, sql := range []string{
		"INSERT INTO " + ep + " (group_id, user_id, blocked_at, subscribed_at, unmuted_at, delay_s) SELECT g.group_id, g.user_id, g.timestamp, " +
			"coalesce((SELECT min(j.timestamp) FROM " + cj + " j WHERE j.user_id = g.user_id AND j.timestamp >= g.timestamp AND g.group_id IN " + linked + "), " +
			"(SELECT min(u.timestamp) FROM " + ge + " u WHERE u.user_id = g.user_id AND u.group_id = g.group_id AND u.kind = 'unmuted' AND u.timestamp >= g.timestamp), ''), " +
			"coalesce((SELECT min(u.timestamp) FROM " + ge + " u WHERE u.user_id = g.user_id AND u.group_id = g.group_id AND u.kind = 'unmuted' AND u.timestamp >= g.timestamp), ''), 0 " +
			"FROM " + ge + " g WHERE g.kind IN ('muted', 'warned') ORDER BY g.rowid",
	} {
		if err := q(sql); err != nil {
			return err
		}
	}
	// Delay keys, computed by the engine's own delayKey.
	var eps []struct {
		ID string `db:"id"`
		B  string `db:"b"`
		S  string `db:"s"`
	}
	if err := app.DB().NewQuery("SELECT id, blocked_at AS b, subscribed_at AS s FROM " + ep + " WHERE subscribed_at != ''").All(&eps); err != nil {
		return err
	}
	err := app.RunInTransaction(func(tx core.App) error {
		for _, e := range eps {
			b, _ := time.Parse("2006-01-02 15:04:05.000Z", e.B)
			s, _ := time.Parse("2006-01-02 15:04:05.000Z", e.S)
			if _, err := tx.DB().NewQuery("UPDATE " + ep + " SET delay_s = {:d} WHERE id = {:id}").
				Bind(dbx.Params{"d": analytics.DelayKey(s.Sub(b)), "id": e.ID}).Execute(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	hour := func(ts string) string { return "substr(" + ts + ", 1, 13) || ':00:00.000Z'" }
	day := func(ts string) string { return "substr(" + ts + ", 1, 10) || ' 00:00:00.000Z'" }
	for _, sql := range []string{
		"INSERT INTO " + c.RollupFunnelHourly + " (hour, group_id, checked) SELECT " + hour("timestamp") + " AS h, group_id, count(*) FROM " + ge + " WHERE kind = 'checked' GROUP BY h, group_id",
		"INSERT INTO " + c.RollupFunnelDaily + " (day, group_id, checked) SELECT " + day("timestamp") + " AS h, group_id, count(*) FROM " + ge + " WHERE kind = 'checked' GROUP BY h, group_id",
		"INSERT INTO " + c.RollupFunnelHourly + " (hour, group_id, blocked, subscribed, unmuted) SELECT " + hour("blocked_at") + " AS h, group_id, count(*), sum(subscribed_at != ''), sum(unmuted_at != '') FROM " + ep +
			" GROUP BY h, group_id ON CONFLICT(hour, group_id) DO UPDATE SET blocked = excluded.blocked, subscribed = excluded.subscribed, unmuted = excluded.unmuted",
		"INSERT INTO " + c.RollupFunnelDaily + " (day, group_id, blocked, subscribed, unmuted) SELECT " + day("blocked_at") + " AS h, group_id, count(*), sum(subscribed_at != ''), sum(unmuted_at != '') FROM " + ep +
			" GROUP BY h, group_id ON CONFLICT(day, group_id) DO UPDATE SET blocked = excluded.blocked, subscribed = excluded.subscribed, unmuted = excluded.unmuted",
		"INSERT INTO " + c.RollupFunnelDelay + " (hour, group_id, delay_s, total) SELECT " + hour("blocked_at") + " AS h, group_id, delay_s, count(*) FROM " + ep + " WHERE subscribed_at != '' GROUP BY h, group_id, delay_s",
		"INSERT INTO " + c.RollupFunnelDelayDaily + " (day, group_id, delay_s, total) SELECT " + day("blocked_at") + " AS h, group_id, delay_s, count(*) FROM " + ep + " WHERE subscribed_at != '' GROUP BY h, group_id, delay_s",
		"INSERT INTO " + c.RollupFunnelDelayAll + " (day, delay_s, total) SELECT " + day("blocked_at") + " AS h, delay_s, count(*) FROM " + ep + " WHERE subscribed_at != '' GROUP BY h, delay_s",
		"INSERT INTO " + c.RollupJoinsHourly + " (hour, channel_id, group_id, via, total) SELECT " + hour("timestamp") + " AS h, channel_id, group_id, via, count(*) FROM " + cj + " GROUP BY h, channel_id, group_id, via",
		"INSERT INTO " + c.RollupJoinsDaily + " (day, channel_id, group_id, via, total) SELECT " + day("timestamp") + " AS h, channel_id, group_id, via, count(*) FROM " + cj + " GROUP BY h, channel_id, group_id, via",
	} {
		if err := q(sql); err != nil {
			return err
		}
	}
	for _, log := range []string{ge, cj} {
		if err := q("INSERT INTO " + c.RollupState + " (key, last_rowid, last_ref) SELECT '" + log + "', rowid, id FROM " + log +
			" WHERE rowid = (SELECT max(rowid) FROM " + log + ") ON CONFLICT(key) DO UPDATE SET last_rowid = excluded.last_rowid, last_ref = excluded.last_ref"); err != nil {
			return err
		}
	}
	return nil
}

// TestBulkFunnelRollupMatchesSync: on the benchmark's seed (3,000 joins), the bulk
// rollup answers get_conversion_funnel exactly as Sync's rollups do, for every period,
// all groups and one.
func TestBulkFunnelRollupMatchesSync(t *testing.T) {
	end := time.Date(2026, 12, 1, 12, 30, 0, 0, time.UTC)
	answers := map[bool][]string{}
	for _, bulk := range []bool{false, true} {
		app := testutil.NewApp(t)
		if _, err := seed.Run(context.Background(), app, seed.Options{VerificationRows: 200, Days: 90, Groups: 6,
			Bots: 1, End: end, RandomSeed: 1, EncryptionKey: testutil.EncryptionKey}); err != nil {
			t.Fatal(err)
		}
		seedFunnelJoins(t, app, end, 3000, bulk)
		var group int64
		if err := app.DB().NewQuery("SELECT " + c.FieldGroupID + " FROM " + c.ProtectedGroups + " LIMIT 1").Row(&group); err != nil {
			t.Fatal(err)
		}
		svc := analytics.New(app, clock(end.Add(time.Minute)))
		for _, p := range []string{"24h", "7d", "30d", "90d"} {
			answers[bulk] = append(answers[bulk], call(t, svc, analytics.FunnelName, analytics.Params{"p_period": p}),
				call(t, svc, analytics.FunnelName, analytics.Params{"p_period": p, "p_group_id": group}))
		}
	}
	for i := range answers[false] {
		if answers[false][i] != answers[true][i] {
			t.Errorf("answer %d differs\n sync %s\n bulk %s", i, answers[false][i], answers[true][i])
		}
	}
}
