package analytics_test

import (
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	"github.com/nezuko/nezuko/analytics"
	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/tests/testutil"
)

// TestWindowEdges: rolling windows include their first millisecond and nothing before;
// "today" starts at midnight UTC.
func TestWindowEdges(t *testing.T) {
	now := mustTime("2026-11-24T19:27:00Z")
	app := testutil.NewApp(t)
	ms := time.Millisecond
	insertVerifications(t, app,
		vrow{1, -1, c.Verified, 10, false, now.Add(-week)},           // first ms of 7d
		vrow{2, -1, c.Verified, 10, false, now.Add(-week - ms)},      // just outside 7d
		vrow{3, -1, c.Verified, 10, false, now.Add(-24 * time.Hour)}, // first ms of 24h
		vrow{4, -1, c.Restricted, 10, false, now.Add(-24*time.Hour - ms)},
		vrow{5, -1, c.Verified, 10, false, mustTime("2026-11-24T00:00:00Z")},     // today
		vrow{6, -1, c.Verified, 10, false, mustTime("2026-11-23T23:59:59.999Z")}, // yesterday
		vrow{7, -1, c.Verified, 10, false, now.Add(time.Hour)},                   // a clock ahead: counted
	)
	svc := analytics.New(app, clock(now))
	for _, tc := range []struct {
		name string
		p    analytics.Params
		want string
	}{
		{"get_dashboard_stats", nil, `{"total_groups":0,"total_channels":0,"verifications_today":2,"verifications_week":6,"success_rate":83.33,"bot_uptime_seconds":0,"cache_hit_rate":0.00}`},
		{"get_chart_data", analytics.Params{"p_period": "24h"}, `[{"date":"2026-11-23T19:00:00Z","total":1,"successful":1,"failed":0},{"date":"2026-11-23T23:00:00Z","total":1,"successful":1,"failed":0},{"date":"2026-11-24T00:00:00Z","total":1,"successful":1,"failed":0},{"date":"2026-11-24T20:00:00Z","total":1,"successful":1,"failed":0}]`},
		{"get_verification_trends", analytics.Params{"p_period": "7d", "p_granularity": "day"}, `{"period":"7d","series":[{"timestamp":"2026-11-17T00:00:00Z","total":1,"successful":1,"failed":0},{"timestamp":"2026-11-23T00:00:00Z","total":3,"successful":2,"failed":1},{"timestamp":"2026-11-24T00:00:00Z","total":2,"successful":2,"failed":0}],"summary":{"total_verifications":6,"success_rate":83.33}}`},
		{"get_verification_trends", analytics.Params{"p_period": "24h", "p_granularity": "day"}, `{"period":"24h","series":[{"timestamp":"2026-11-23T00:00:00Z","total":2,"successful":2,"failed":0},{"timestamp":"2026-11-24T00:00:00Z","total":2,"successful":2,"failed":0}],"summary":{"total_verifications":4,"success_rate":100.00}}`},
		{"get_user_growth", analytics.Params{"p_period": "24h"}, `{"period":"24h","granularity":"hour","series":[{"date":"2026-11-23T19:00:00Z","new_users":1,"total_users":4},{"date":"2026-11-23T23:00:00Z","new_users":1,"total_users":5},{"date":"2026-11-24T00:00:00Z","new_users":1,"total_users":6},{"date":"2026-11-24T20:00:00Z","new_users":1,"total_users":7}],"summary":{"total_new_users":4,"growth_rate":133.33}}`}, // users 1, 2, 4 came before
	} {
		if got := call(t, svc, tc.name, tc.p); got != tc.want {
			t.Errorf("%s(%v)\n got %s\nwant %s", tc.name, tc.p, got, tc.want)
		}
	}
}

// week is the fixed window of the functions without a period.
const week = 7 * 24 * time.Hour

// TestPercentiles: p95 is PERCENTILE_CONT(0.95) per bucket, hour buckets for 24h.
func TestPercentiles(t *testing.T) {
	now := mustTime("2026-11-24T19:27:00Z")
	app := testutil.NewApp(t)
	var rows []vrow
	for i := 1; i <= 10; i++ { // 10..100 in the 18:00 hour: p95 at 8.55 → 95.50
		rows = append(rows, vrow{int64(i), -1, c.Verified, float64(10 * i), false, mustTime("2026-11-24T18:05:00Z")})
	}
	for _, v := range []float64{5, 5, 5, 100} { // 19:00: p95 at 2.85 → 85.75
		rows = append(rows, vrow{1, -1, c.Verified, v, false, mustTime("2026-11-24T19:00:00Z")})
	}
	rows = append(rows,
		vrow{1, -1, c.Verified, 42, false, mustTime("2026-11-23T10:00:00Z")}, // a single value
		vrow{1, -1, c.VerifyErr, 0, false, mustTime("2026-11-23T11:00:00Z")}, // no latency: ignored
		vrow{1, -1, c.Verified, 500, false, mustTime("2026-11-22T11:00:00Z")},
		vrow{1, -1, c.Verified, 499.75, false, mustTime("2026-11-22T12:00:00Z")},
	)
	insertVerifications(t, app, rows...)
	svc := analytics.New(app, clock(now))
	want := `{"period":"24h","series":[{"date":"2026-11-24T18:00:00Z","avg_latency":55.00,"p95_latency":95.50},{"date":"2026-11-24T19:00:00Z","avg_latency":28.75,"p95_latency":85.75}],"current_avg":28.75}`
	if got := call(t, svc, "get_latency_trend", analytics.Params{"p_period": "24h"}); got != want {
		t.Errorf("24h\n got %s\nwant %s", got, want)
	}
	// Day buckets: 11-24 holds all 14 values: sorted 5,5,5,10..100,100 → p95 at 12.35 → 100.
	// 11-22: 499.75 and 500 share the 500 ms histogram key (1 ms resolution) → 500.
	want = `{"period":"7d","series":[{"date":"2026-11-22","avg_latency":499.88,"p95_latency":500.00},{"date":"2026-11-23","avg_latency":42.00,"p95_latency":42.00},{"date":"2026-11-24","avg_latency":47.50,"p95_latency":100.00}],"current_avg":47.50}`
	if got := call(t, svc, "get_latency_trend", analytics.Params{"p_period": "7d"}); got != want {
		t.Errorf("7d\n got %s\nwant %s", got, want)
	}
	// Buckets use exact values: 499.75 is 200-500ms, 500 is >500ms.
	want = `[{"bucket":"<50ms","count":8,"percentage":47.06,"sort_order":1},{"bucket":"50-100ms","count":5,"percentage":29.41,"sort_order":2},{"bucket":"100-200ms","count":2,"percentage":11.76,"sort_order":3},{"bucket":"200-500ms","count":1,"percentage":5.88,"sort_order":4},{"bucket":">500ms","count":1,"percentage":5.88,"sort_order":5}]`
	if got := call(t, svc, "get_latency_distribution", nil); got != want {
		t.Errorf("distribution\n got %s\nwant %s", got, want)
	}
}

// TestTopGroupsOrder: most verifications first, ties by group_id ascending, cut at
// p_limit; a group without a row or a title is "Unknown Group".
func TestTopGroupsOrder(t *testing.T) {
	now := mustTime("2026-11-24T19:27:00Z")
	app := testutil.NewApp(t)
	insertGroup(t, app, -5, "Five", true)
	insertGroup(t, app, -7, "", false)
	at := now.Add(-time.Hour)
	var rows []vrow
	add := func(group int64, verified, failed int) {
		for i := 0; i < verified; i++ {
			rows = append(rows, vrow{1, group, c.Verified, 1, false, at})
		}
		for i := 0; i < failed; i++ {
			rows = append(rows, vrow{1, group, c.Restricted, 1, false, at})
		}
	}
	add(-5, 1, 2)                                                                        // 3
	add(-9, 3, 0)                                                                        // 3, tie with -5: -9 first
	add(-7, 1, 0)                                                                        // 1
	add(-8, 2, 2)                                                                        // 4
	add(-3, 0, 1)                                                                        // 1, tie with -7: -7 first
	rows = append(rows, vrow{1, -4, c.Verified, 1, false, now.Add(-8 * 24 * time.Hour)}) // outside 7d
	insertVerifications(t, app, rows...)
	svc := analytics.New(app, clock(now))
	want := `[{"group_id":-8,"title":"Unknown Group","verifications":4,"success_rate":50.00},{"group_id":-9,"title":"Unknown Group","verifications":3,"success_rate":100.00},{"group_id":-5,"title":"Five","verifications":3,"success_rate":33.33},{"group_id":-7,"title":"Unknown Group","verifications":1,"success_rate":100.00},{"group_id":-3,"title":"Unknown Group","verifications":1,"success_rate":0.00}]`
	if got := call(t, svc, "get_top_groups", nil); got != want {
		t.Errorf("\n got %s\nwant %s", got, want)
	}
	want = `[{"group_id":-8,"title":"Unknown Group","verifications":4,"success_rate":50.00},{"group_id":-9,"title":"Unknown Group","verifications":3,"success_rate":100.00}]`
	if got := call(t, svc, "get_top_groups", analytics.Params{"p_limit": "2"}); got != want {
		t.Errorf("limit 2\n got %s\nwant %s", got, want)
	}
	want = `[{"method":"a","count":2,"percentage":40.00},{"method":"b","count":2,"percentage":40.00},{"method":"c","count":1,"percentage":20.00}]`
	insertAPICalls(t, app, at, "b", "c", "a", "b", "a")
	if got := call(t, svc, "get_api_calls_distribution", nil); got != want {
		t.Errorf("methods\n got %s\nwant %s", got, want)
	}
}

// TestBotHealthScores: components without data are left out of the overall score;
// uptime is the share of active bots with a fresh running heartbeat.
func TestBotHealthScores(t *testing.T) {
	now := mustTime("2026-11-24T19:27:00Z")
	app := testutil.NewApp(t)
	svc := analytics.New(app, clock(now))
	bot := func(id string, botID int64, active bool, status string, beat time.Time, uptime int) {
		insertRows(t, app, c.BotInstances, dbx.Params{c.FieldID: id, c.FieldBotID: botID,
			c.FieldTokenEncrypted: "x", c.FieldIsActive: active})
		insertRows(t, app, c.BotStatus, dbx.Params{c.FieldBotInstance: id, c.FieldStatus: status,
			c.FieldLastHeartbeat: dbTime(beat), c.FieldUptimeSeconds: uptime})
	}
	bot("bot000000000001", 1, true, c.BotRunning, now.Add(-time.Minute), 100)    // up
	bot("bot000000000002", 2, true, c.BotRunning, now.Add(-10*time.Minute), 900) // stale
	bot("bot000000000003", 3, true, c.BotError, now, 50)                         // down
	bot("bot000000000004", 4, false, c.BotRunning, now, 70)                      // inactive: not counted
	want := `{"uptime_percent":33.33,"cache_efficiency":0.00,"success_rate":0.00,"avg_latency_ms":0.00,"error_rate":0.00,"overall_score":33.33}`
	if got := call(t, svc, "get_bot_health", nil); got != want {
		t.Errorf("bots only\n got %s\nwant %s", got, want)
	}
	// The freshest running heartbeat: the inactive bot 4 (uptime 70); bot 2 is stale.
	if got := call(t, svc, "get_dashboard_stats", nil); got != `{"total_groups":0,"total_channels":0,"verifications_today":0,"verifications_week":0,"success_rate":0.00,"bot_uptime_seconds":70,"cache_hit_rate":0.00}` {
		t.Errorf("dashboard uptime: %s", got)
	}
	insertVerifications(t, app,
		vrow{1, -1, c.Verified, 120, true, now.Add(-time.Hour)},
		vrow{2, -1, c.VerifyErr, 0, false, now.Add(-time.Hour)},
	)
	// (33.33 + 50 cache + 50 (100 − 50 error) + 75 latency) / 4 = 52.08; the success
	// rate is not scored (a restricted non-member is no failure of the bot)
	want = `{"uptime_percent":33.33,"cache_efficiency":50.00,"success_rate":50.00,"avg_latency_ms":120.00,"error_rate":50.00,"overall_score":52.08}`
	if got := call(t, svc, "get_bot_health", nil); got != want {
		t.Errorf("with rows\n got %s\nwant %s", got, want)
	}
}

// TestBotHealthScoresWhatTheBotControls: a bot that restricts every newcomer (none of
// them joined the channels) without an error is healthy: 100, not 80.
func TestBotHealthScoresWhatTheBotControls(t *testing.T) {
	now := mustTime("2026-11-24T19:27:00Z")
	app := testutil.NewApp(t)
	svc := analytics.New(app, clock(now))
	insertRows(t, app, c.BotInstances, dbx.Params{c.FieldID: "bot000000000001", c.FieldBotID: 1,
		c.FieldTokenEncrypted: "x", c.FieldIsActive: true})
	insertRows(t, app, c.BotStatus, dbx.Params{c.FieldBotInstance: "bot000000000001", c.FieldStatus: c.BotRunning,
		c.FieldLastHeartbeat: dbTime(now.Add(-time.Minute)), c.FieldUptimeSeconds: 100})
	insertVerifications(t, app,
		vrow{1, -1, c.Restricted, 30, true, now.Add(-time.Hour)},
		vrow{2, -1, c.Restricted, 30, true, now.Add(-time.Hour)},
	)
	want := `{"uptime_percent":100.00,"cache_efficiency":100.00,"success_rate":0.00,"avg_latency_ms":30.00,"error_rate":0.00,"overall_score":100.00}`
	if got := call(t, svc, "get_bot_health", nil); got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
}
