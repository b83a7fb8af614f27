package pb_migrations

import (
	"testing"

	"github.com/pocketbase/dbx"

	c "github.com/nezuko/nezuko/collections"
)

// Migration 1764000050 on a database with funnel rollups: rollup_funnel_daily is the
// hourly rollup summed per day; the episodes' delay keys are re-cut to two significant
// digits from their exact times and the three delay histograms rebuilt from them.
func TestFunnelDailyMigration(t *testing.T) {
	app := migratedApp(t)
	exec := func(sql string, p dbx.Params) {
		t.Helper()
		if _, err := app.DB().NewQuery(sql).Bind(p).Execute(); err != nil {
			t.Fatal(err)
		}
	}
	for _, h := range []struct {
		hour       string
		group, chk int
	}{{"2026-11-24 10:00:00.000Z", -1, 3}, {"2026-11-24 23:00:00.000Z", -1, 4}, {"2026-11-25 00:00:00.000Z", -1, 5}, {"2026-11-24 10:00:00.000Z", -2, 1}} {
		exec("INSERT INTO "+c.RollupFunnelHourly+" (hour, group_id, checked, blocked, subscribed, unmuted) VALUES ({:h}, {:g}, {:n}, 1, 1, 0)",
			dbx.Params{"h": h.hour, "g": h.group, "n": h.chk})
	}
	// Old-style keys (whole minutes) that the migration must recompute.
	for _, e := range []struct{ group, blocked, subscribed string }{
		{"-1", "2026-11-24 10:00:00.000Z", "2026-11-24 10:01:27.400Z"}, // 87 s
		{"-1", "2026-11-24 10:30:00.000Z", "2026-11-24 11:30:54.000Z"}, // 3,654 s → 3,600
		{"-2", "2026-11-24 10:00:00.000Z", "2026-11-26 10:00:00.000Z"}, // 172,800 s → 170,000
		{"-2", "2026-11-24 10:00:00.500Z", "2026-11-24 10:00:00.000Z"}, // negative → 0
		{"-2", "2026-11-24 12:00:00.000Z", ""},                         // not subscribed
	} {
		exec("INSERT INTO "+c.RollupFunnelEpisodes+" (group_id, user_id, blocked_at, subscribed_at, delay_s) VALUES ({:g}, 1, {:b}, {:s}, 60)",
			dbx.Params{"g": e.group, "b": e.blocked, "s": e.subscribed})
	}
	exec("INSERT INTO "+c.RollupFunnelDelayDaily+" (day, group_id, delay_s, total) VALUES ('2026-11-24 00:00:00.000Z', -1, 60, 9)", nil)
	if err := upFunnelDaily(app); err != nil {
		t.Fatal(err)
	}
	rows := func(sql string) string {
		t.Helper()
		var out []struct {
			A string `db:"a"`
		}
		if err := app.DB().NewQuery(sql).All(&out); err != nil {
			t.Fatal(err)
		}
		s := ""
		for _, r := range out {
			s += r.A + ";"
		}
		return s
	}
	for _, tc := range []struct{ what, sql, want string }{
		{"daily stages", "SELECT day || ' ' || group_id || ' ' || checked || ' ' || blocked AS a FROM " + c.RollupFunnelDaily + " ORDER BY day, group_id",
			"2026-11-24 00:00:00.000Z -2 1 1;2026-11-24 00:00:00.000Z -1 7 2;2026-11-25 00:00:00.000Z -1 5 1;"},
		{"episode keys", "SELECT delay_s AS a FROM " + c.RollupFunnelEpisodes + " ORDER BY blocked_at, group_id",
			"170000;87;0;3600;60;"},
		{"hourly delays", "SELECT hour || ' ' || group_id || ' ' || delay_s || ' ' || total AS a FROM " + c.RollupFunnelDelay + " ORDER BY hour, group_id, delay_s",
			"2026-11-24 10:00:00.000Z -2 0 1;2026-11-24 10:00:00.000Z -2 170000 1;2026-11-24 10:00:00.000Z -1 87 1;2026-11-24 10:00:00.000Z -1 3600 1;"},
		{"daily delays (the old key 60 is gone)", "SELECT group_id || ' ' || delay_s || ' ' || total AS a FROM " + c.RollupFunnelDelayDaily + " ORDER BY group_id, delay_s",
			"-2 0 1;-2 170000 1;-1 87 1;-1 3600 1;"},
		{"all-groups delays", "SELECT day || ' ' || delay_s || ' ' || total AS a FROM " + c.RollupFunnelDelayAll + " ORDER BY delay_s",
			"2026-11-24 00:00:00.000Z 0 1;2026-11-24 00:00:00.000Z 87 1;2026-11-24 00:00:00.000Z 3600 1;2026-11-24 00:00:00.000Z 170000 1;"},
	} {
		if got := rows(tc.sql); got != tc.want {
			t.Errorf("%s\n got %s\nwant %s", tc.what, got, tc.want)
		}
	}
	if err := downFunnelDaily(app); err != nil {
		t.Fatal(err)
	}
	if _, err := app.FindCollectionByNameOrId(c.RollupFunnelDaily); err == nil {
		t.Error("rollup_funnel_daily survived the down migration")
	}
}
