package analytics_test

import (
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/nezuko/nezuko/analytics"
	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/tests/testutil"
)

// sampleNow is the clock of spec/rpc.md §0.6.
var sampleNow = mustTime("2026-11-24T19:27:00Z")

// seedSample loads the sample data of spec/rpc.md §0.6 (a NULL latency is 0 here).
func seedSample(tb testing.TB, app core.App) {
	tb.Helper()
	now := sampleNow
	insertGroup(tb, app, -1001, "Alpha Group", true)
	insertGroup(tb, app, -1002, "Beta Group", false)
	insertRows(tb, app, c.EnforcedChannels, dbx.Params{c.FieldChannelID: -100, c.FieldTitle: "News"})
	insertRows(tb, app, c.BotInstances, dbx.Params{c.FieldID: "bot000000000001", c.FieldBotID: 42,
		c.FieldTokenEncrypted: "x", c.FieldIsActive: true})
	insertRows(tb, app, c.BotStatus, dbx.Params{c.FieldBotInstance: "bot000000000001", c.FieldStatus: c.BotRunning,
		c.FieldLastHeartbeat: dbTime(now), c.FieldUptimeSeconds: 3630})
	insertVerifications(tb, app,
		vrow{1, -1001, c.Verified, 30, true, now.Add(-10 * time.Minute)},
		vrow{2, -1001, c.Restricted, 120, false, now.Add(-20 * time.Minute)},
		vrow{3, -1001, c.Verified, 60, false, now.Add(-26 * time.Hour)},
		vrow{1, -1001, c.Verified, 700, false, now.Add(-48 * time.Hour)},
		vrow{4, -1003, c.VerifyErr, 0, false, now.Add(-72 * time.Hour)},
		vrow{5, -1001, c.Verified, 45, true, now.Add(-40 * 24 * time.Hour)},
	)
	insertAPICalls(tb, app, now.Add(-time.Minute), "getChatMember", "getChatMember", "restrictChatMember")
}

// TestSampleData checks every function against spec/rpc.md's sample, with the
// corrections listed in analytics/README.md.
func TestSampleData(t *testing.T) {
	app := testutil.NewApp(t)
	seedSample(t, app)
	svc := analytics.New(app, clock(sampleNow))
	cases := []struct {
		name string
		p    analytics.Params
		want string
	}{
		{"get_dashboard_stats", nil, `{"total_groups":2,"total_channels":1,"verifications_today":2,"verifications_week":5,"success_rate":60.00,"bot_uptime_seconds":3630,"cache_hit_rate":20.00}`},
		{"get_chart_data", nil, `[{"date":"2026-11-21","total":1,"successful":0,"failed":1},{"date":"2026-11-22","total":1,"successful":1,"failed":0},{"date":"2026-11-23","total":1,"successful":1,"failed":0},{"date":"2026-11-24","total":2,"successful":1,"failed":1}]`},
		{"get_chart_data", analytics.Params{"p_period": "24h"}, `[{"date":"2026-11-24T19:00:00Z","total":2,"successful":1,"failed":1}]`},
		{"get_verification_trends", analytics.Params{"p_period": "7d", "p_granularity": "day"}, `{"period":"7d","series":[{"timestamp":"2026-11-21T00:00:00Z","total":1,"successful":0,"failed":1},{"timestamp":"2026-11-22T00:00:00Z","total":1,"successful":1,"failed":0},{"timestamp":"2026-11-23T00:00:00Z","total":1,"successful":1,"failed":0},{"timestamp":"2026-11-24T00:00:00Z","total":2,"successful":1,"failed":1}],"summary":{"total_verifications":5,"success_rate":60.00}}`},
		{"get_verification_trends", analytics.Params{"p_period": "30d", "p_granularity": "week"}, `{"period":"30d","series":[{"timestamp":"2026-11-16T00:00:00Z","total":2,"successful":1,"failed":1},{"timestamp":"2026-11-23T00:00:00Z","total":3,"successful":2,"failed":1}],"summary":{"total_verifications":5,"success_rate":60.00}}`},
		{"get_verification_trends", analytics.Params{"p_period": "24h"}, `{"period":"24h","series":[{"timestamp":"2026-11-24T19:00:00Z","total":2,"successful":1,"failed":1}],"summary":{"total_verifications":2,"success_rate":50.00}}`},
		{"get_user_growth", nil, `{"period":"30d","granularity":"day","series":[{"date":"2026-11-21","new_users":1,"total_users":2},{"date":"2026-11-22","new_users":1,"total_users":3},{"date":"2026-11-23","new_users":1,"total_users":4},{"date":"2026-11-24","new_users":1,"total_users":5}],"summary":{"total_new_users":4,"growth_rate":400.00}}`},
		{"get_user_growth", analytics.Params{"p_period": "7d", "p_granularity": "week"}, `{"period":"7d","granularity":"week","series":[{"date":"2026-11-16","new_users":2,"total_users":3},{"date":"2026-11-23","new_users":2,"total_users":5}],"summary":{"total_new_users":4,"growth_rate":400.00}}`},
		{"get_user_growth", analytics.Params{"p_period": "90d"}, `{"period":"90d","granularity":"day","series":[{"date":"2026-10-15","new_users":1,"total_users":1},{"date":"2026-11-21","new_users":1,"total_users":2},{"date":"2026-11-22","new_users":1,"total_users":3},{"date":"2026-11-23","new_users":1,"total_users":4},{"date":"2026-11-24","new_users":1,"total_users":5}],"summary":{"total_new_users":5,"growth_rate":0.00}}`},
		{"get_analytics_overview", nil, `{"total_verifications":6,"total_groups":2,"total_channels":1,"success_rate":66.67,"avg_latency_ms":191.00,"cache_hit_rate":33.33}`},
		{"get_verification_distribution", nil, `{"verified":3,"restricted":1,"error":1,"total":5}`},
		{"get_cache_breakdown", nil, `{"cached":1,"api":4,"total":5,"hit_rate":20.00}`},
		{"get_groups_status", nil, `{"active":1,"inactive":1,"total":2}`},
		{"get_api_calls_distribution", nil, `[{"method":"getChatMember","count":2,"percentage":66.67},{"method":"restrictChatMember","count":1,"percentage":33.33}]`},
		{"get_hourly_activity", nil, `[{"hour":17,"label":"17:00","verifications":1,"restrictions":0},{"hour":19,"label":"19:00","verifications":2,"restrictions":1}]`},
		{"get_latency_distribution", nil, `[{"bucket":"<50ms","count":1,"percentage":25.00,"sort_order":1},{"bucket":"50-100ms","count":1,"percentage":25.00,"sort_order":2},{"bucket":"100-200ms","count":1,"percentage":25.00,"sort_order":3},{"bucket":"200-500ms","count":0,"percentage":0.00,"sort_order":4},{"bucket":">500ms","count":1,"percentage":25.00,"sort_order":5}]`},
		{"get_top_groups", nil, `[{"group_id":-1001,"title":"Alpha Group","verifications":4,"success_rate":75.00},{"group_id":-1003,"title":"Unknown Group","verifications":1,"success_rate":0.00}]`},
		{"get_top_groups", analytics.Params{"p_limit": 1}, `[{"group_id":-1001,"title":"Alpha Group","verifications":4,"success_rate":75.00}]`},
		{"get_cache_hit_rate_trend", nil, `{"period":"30d","series":[{"date":"2026-11-21","value":0.00},{"date":"2026-11-22","value":0.00},{"date":"2026-11-23","value":0.00},{"date":"2026-11-24","value":50.00}],"current_rate":50.00,"average_rate":20.00}`},
		{"get_latency_trend", nil, `{"period":"30d","series":[{"date":"2026-11-22","avg_latency":700.00,"p95_latency":700.00},{"date":"2026-11-23","avg_latency":60.00,"p95_latency":60.00},{"date":"2026-11-24","avg_latency":75.00,"p95_latency":115.50}],"current_avg":75.00}`},
		{"get_latency_trend", analytics.Params{"p_period": "24h"}, `{"period":"24h","series":[{"date":"2026-11-24T19:00:00Z","avg_latency":75.00,"p95_latency":115.50}],"current_avg":75.00}`},
		{"get_bot_health", nil, `{"uptime_percent":100.00,"cache_efficiency":20.00,"success_rate":60.00,"avg_latency_ms":227.50,"error_rate":20.00,"overall_score":62.50}`},
	}
	for _, tc := range cases {
		if got := call(t, svc, tc.name, tc.p); got != tc.want {
			t.Errorf("%s(%v)\n got %s\nwant %s", tc.name, tc.p, got, tc.want)
		}
	}
}

// TestEmptyDatabase checks every function on a fresh installation.
func TestEmptyDatabase(t *testing.T) {
	app := testutil.NewApp(t)
	svc := analytics.New(app, clock(sampleNow))
	want := map[string]string{
		"get_dashboard_stats":           `{"total_groups":0,"total_channels":0,"verifications_today":0,"verifications_week":0,"success_rate":0.00,"bot_uptime_seconds":0,"cache_hit_rate":0.00}`,
		"get_chart_data":                `[]`,
		"get_verification_trends":       `{"period":"7d","series":[],"summary":{"total_verifications":0,"success_rate":0.00}}`,
		"get_user_growth":               `{"period":"30d","granularity":"day","series":[],"summary":{"total_new_users":0,"growth_rate":0.00}}`,
		"get_analytics_overview":        `{"total_verifications":0,"total_groups":0,"total_channels":0,"success_rate":0.00,"avg_latency_ms":0.00,"cache_hit_rate":0.00}`,
		"get_verification_distribution": `{"verified":0,"restricted":0,"error":0,"total":0}`,
		"get_cache_breakdown":           `{"cached":0,"api":0,"total":0,"hit_rate":0.00}`,
		"get_groups_status":             `{"active":0,"inactive":0,"total":0}`,
		"get_api_calls_distribution":    `[]`,
		"get_hourly_activity":           `[]`,
		"get_latency_distribution":      `[{"bucket":"<50ms","count":0,"percentage":0.00,"sort_order":1},{"bucket":"50-100ms","count":0,"percentage":0.00,"sort_order":2},{"bucket":"100-200ms","count":0,"percentage":0.00,"sort_order":3},{"bucket":"200-500ms","count":0,"percentage":0.00,"sort_order":4},{"bucket":">500ms","count":0,"percentage":0.00,"sort_order":5}]`,
		"get_top_groups":                `[]`,
		"get_cache_hit_rate_trend":      `{"period":"30d","series":[],"current_rate":0.00,"average_rate":0.00}`,
		"get_latency_trend":             `{"period":"30d","series":[],"current_avg":0.00}`,
		"get_bot_health":                `{"uptime_percent":0.00,"cache_efficiency":0.00,"success_rate":0.00,"avg_latency_ms":0.00,"error_rate":0.00,"overall_score":0.00}`,
		analytics.FunnelName:            `{"period":"7d","group_id":null,"stages":{"checked":0,"not_subscribed":0,"subscribed":0,"unmuted":0},"conversion_rate":0.00,"time_to_subscribe":{"samples":0,"median_seconds":0.00,"p90_seconds":0.00},"gained":{"subscribers":0,"requests":0},"per_channel":[],"per_group":[],"series":[]}`,
	}
	if len(want) != len(analytics.Functions()) {
		t.Fatalf("%d functions, %d expectations", len(analytics.Functions()), len(want))
	}
	for _, name := range analytics.Functions() {
		if got := call(t, svc, name, nil); got != want[name] {
			t.Errorf("%s\n got %s\nwant %s", name, got, want[name])
		}
	}
}
