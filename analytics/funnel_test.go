package analytics_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	"github.com/nezuko/nezuko/analytics"
	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/tests/testutil"
)

// The funnel scenario: groups A (-1001, channel -2001) and B (-1002, channel -2002).
const (
	groupA, groupB     int64 = -1001, -1002
	channelA, channelB int64 = -2001, -2002
)

// funnelNow is the clock of the scenario: the 7-day window starts at 11-17 19:27,
// mid-hour, so its first hour is read from raw rows.
var funnelNow = mustTime("2026-11-24T19:27:00Z")

// day is a time of the scenario on a day of November 2026.
func day(d, h, m int) time.Time { return time.Date(2026, 11, d, h, m, 0, 0, time.UTC) }

func insertGate(tb testing.TB, app core.App, group, user int64, kind string, at time.Time) {
	tb.Helper()
	insertRows(tb, app, c.GateEvents, dbx.Params{c.FieldBotID: 42, c.FieldGroupID: group, c.FieldUserID: user,
		c.FieldKind: kind, c.FieldTimestamp: dbTime(at)})
}

func insertJoin(tb testing.TB, app core.App, channel, user, group int64, via string, at time.Time) {
	tb.Helper()
	insertRows(tb, app, c.ChannelJoins, dbx.Params{c.FieldBotID: 42, c.FieldChannelID: channel, c.FieldUserID: user,
		c.FieldGroupID: group, c.FieldVia: via, c.FieldInviteLink: "", c.FieldTimestamp: dbTime(at)})
}

// seedFunnelChats writes the two groups, two channels and their links.
func seedFunnelChats(tb testing.TB, app core.App) {
	tb.Helper()
	insertRows(tb, app, c.ProtectedGroups,
		dbx.Params{c.FieldID: "funnelgroupaaaa", c.FieldGroupID: groupA, c.FieldTitle: "Alpha", c.FieldEnabled: true},
		dbx.Params{c.FieldID: "funnelgroupbbbb", c.FieldGroupID: groupB, c.FieldTitle: "Beta", c.FieldEnabled: true})
	insertRows(tb, app, c.EnforcedChannels,
		dbx.Params{c.FieldID: "funnelchanaaaaa", c.FieldChannelID: channelA, c.FieldTitle: "News A", c.FieldUsername: "news_a"},
		dbx.Params{c.FieldID: "funnelchanbbbbb", c.FieldChannelID: channelB, c.FieldTitle: "News B", c.FieldUsername: ""})
	insertRows(tb, app, c.GroupChannelLinks,
		dbx.Params{c.FieldGroup: "funnelgroupaaaa", c.FieldChannel: "funnelchanaaaaa"},
		dbx.Params{c.FieldGroup: "funnelgroupbbbb", c.FieldChannel: "funnelchanbbbbb"})
}

// TestConversionFunnelHandComputed checks get_conversion_funnel against a scenario
// computed by hand, with the rows committed in two rounds (joins before the blocks
// they complete, and unmutes before the joins that caused them).
func TestConversionFunnelHandComputed(t *testing.T) {
	app := testutil.NewApp(t)
	seedFunnelChats(t, app)
	svc := analytics.New(app, clock(funnelNow))
	mem, req := c.JoinViaMember, c.JoinViaRequest
	// Round 1.
	// u1 (A): muted 11-24 10:00, unmuted 10:05; joins A at 10:05 by A's link (round 2): 300 s.
	insertGate(t, app, groupA, 1, c.GateChecked, day(24, 10, 0))
	insertGate(t, app, groupA, 1, c.GateMuted, day(24, 10, 0))
	insertGate(t, app, groupA, 1, c.GateUnmuted, day(24, 10, 5))
	// u2 (A): muted and warned (one block) 11-23 12:00, unmuted 12:21; joined 12:20 by
	// the channel's own link (round 2): 1200 s, not 1260.
	insertGate(t, app, groupA, 2, c.GateChecked, day(23, 12, 0))
	insertGate(t, app, groupA, 2, c.GateMuted, day(23, 12, 0))
	insertGate(t, app, groupA, 2, c.GateWarned, day(23, 12, 0))
	insertGate(t, app, groupA, 2, c.GateUnmuted, day(23, 12, 21))
	// u3 (A): checked, a member already.
	insertGate(t, app, groupA, 3, c.GateChecked, day(22, 8, 0))
	// u4 (A): muted, never joins.
	insertGate(t, app, groupA, 4, c.GateChecked, day(22, 9, 0))
	insertGate(t, app, groupA, 4, c.GateMuted, day(22, 9, 0))
	// u5 (A): muted 11-21 09:00, unmuted 10:00 with no join seen (the bot saw them in
	// the channel): subscribed at the unmute, 3600 s.
	insertGate(t, app, groupA, 5, c.GateChecked, day(21, 9, 0))
	insertGate(t, app, groupA, 5, c.GateMuted, day(21, 9, 0))
	insertGate(t, app, groupA, 5, c.GateUnmuted, day(21, 10, 0))
	// u6 (A): in the window's first, partial hour: muted 11-17 19:40, joins 19:50 by A's
	// link, unmuted 19:50: 600 s.
	insertGate(t, app, groupA, 6, c.GateChecked, day(17, 19, 40))
	insertGate(t, app, groupA, 6, c.GateMuted, day(17, 19, 40))
	insertJoin(t, app, channelA, 6, groupA, mem, day(17, 19, 50))
	insertGate(t, app, groupA, 6, c.GateUnmuted, day(17, 19, 50))
	// u7 (A): muted before the window (19:10); joins inside it by A's link.
	insertGate(t, app, groupA, 7, c.GateChecked, day(17, 19, 10))
	insertGate(t, app, groupA, 7, c.GateMuted, day(17, 19, 10))
	insertJoin(t, app, channelA, 7, groupA, mem, day(18, 10, 0))
	// u8 (B, action delete): warned 11-24 11:00, joins B at 13:00 by B's link: 7200 s.
	insertGate(t, app, groupB, 8, c.GateChecked, day(24, 11, 0))
	insertGate(t, app, groupB, 8, c.GateWarned, day(24, 11, 0))
	insertJoin(t, app, channelB, 8, groupB, mem, day(24, 13, 0))
	// u9 (B): asks to join B at 11-23 15:00 by B's link, committed before the block of
	// 14:00 (round 2): 3600 s.
	insertJoin(t, app, channelB, 9, groupB, req, day(23, 15, 0))
	// u10 (A): muted 11-24 15:00, joins channel B (not A's) at 15:10.
	insertGate(t, app, groupA, 10, c.GateChecked, day(24, 15, 0))
	insertGate(t, app, groupA, 10, c.GateMuted, day(24, 15, 0))
	insertJoin(t, app, channelB, 10, c.NoGroup, mem, day(24, 15, 10))
	// u11: a join before the window.
	insertJoin(t, app, channelA, 11, groupA, mem, day(16, 12, 0))
	call(t, svc, analytics.FunnelName, nil) // rolls round 1 up

	// Round 2.
	insertJoin(t, app, channelA, 1, groupA, mem, day(24, 10, 5))
	insertJoin(t, app, channelA, 2, c.NoGroup, mem, day(23, 12, 20))
	insertGate(t, app, groupB, 9, c.GateChecked, day(23, 14, 0))
	insertGate(t, app, groupB, 9, c.GateMuted, day(23, 14, 0))

	// Stages: checked u1–u6, u8, u9, u10 = 9; blocked u1, u2, u4, u5, u6, u8, u9, u10 = 8;
	// subscribed u1, u2, u5, u6, u8, u9 = 6 (75 %); unmuted u1, u2, u5, u6 = 4.
	// Delays 300, 600, 1200, 3600, 3600, 7200: median (1200+3600)/2 = 2400,
	// p90 at 4.5 = 3600 + 0.5·3600 = 5400.
	// Joins in the window: A ← u1 (A), u2 (other), u6 (A), u7 (A); B ← u8 (B), u9 (B,
	// request), u10 (other).
	want := `{"period":"7d","group_id":null,` +
		`"stages":{"checked":9,"not_subscribed":8,"subscribed":6,"unmuted":4},"conversion_rate":75.00,` +
		`"time_to_subscribe":{"samples":6,"median_seconds":2400.00,"p90_seconds":5400.00},` +
		`"gained":{"subscribers":6,"requests":1},` +
		`"per_channel":[{"channel_id":-2001,"title":"News A","username":"news_a","subscribers":4,"requests":0},` +
		`{"channel_id":-2002,"title":"News B","subscribers":2,"requests":1}],` +
		`"per_group":[{"group_id":-1001,"title":"Alpha","subscribers":3,"requests":0},` +
		`{"group_id":0,"title":"other","subscribers":2,"requests":0},` +
		`{"group_id":-1002,"title":"Beta","subscribers":1,"requests":1}],` +
		`"series":[{"date":"2026-11-17","channel_id":-2001,"group_id":-1001,"subscribers":1,"requests":0},` +
		`{"date":"2026-11-18","channel_id":-2001,"group_id":-1001,"subscribers":1,"requests":0},` +
		`{"date":"2026-11-23","channel_id":-2002,"group_id":-1002,"subscribers":0,"requests":1},` +
		`{"date":"2026-11-23","channel_id":-2001,"group_id":0,"subscribers":1,"requests":0},` +
		`{"date":"2026-11-24","channel_id":-2002,"group_id":-1002,"subscribers":1,"requests":0},` +
		`{"date":"2026-11-24","channel_id":-2002,"group_id":0,"subscribers":1,"requests":0},` +
		`{"date":"2026-11-24","channel_id":-2001,"group_id":-1001,"subscribers":1,"requests":0}]}`
	if got := call(t, svc, analytics.FunnelName, nil); got != want {
		t.Errorf("all groups\n got %s\nwant %s", got, want)
	}

	// Group A: checked u1–u6, u10 = 7; blocked u1, u2, u4, u5, u6, u10 = 6; subscribed
	// and unmuted u1, u2, u5, u6 = 4 (66.67 %). Delays 300, 600, 1200, 3600: median 900,
	// p90 at 2.7 = 1200 + 0.7·2400 = 2880. Joins A's link brought: u1, u6, u7.
	wantA := `{"period":"7d","group_id":-1001,` +
		`"stages":{"checked":7,"not_subscribed":6,"subscribed":4,"unmuted":4},"conversion_rate":66.67,` +
		`"time_to_subscribe":{"samples":4,"median_seconds":900.00,"p90_seconds":2880.00},` +
		`"gained":{"subscribers":3,"requests":0},` +
		`"per_channel":[{"channel_id":-2001,"title":"News A","username":"news_a","subscribers":3,"requests":0}],` +
		`"per_group":[{"group_id":-1001,"title":"Alpha","subscribers":3,"requests":0}],` +
		`"series":[{"date":"2026-11-17","channel_id":-2001,"group_id":-1001,"subscribers":1,"requests":0},` +
		`{"date":"2026-11-18","channel_id":-2001,"group_id":-1001,"subscribers":1,"requests":0},` +
		`{"date":"2026-11-24","channel_id":-2001,"group_id":-1001,"subscribers":1,"requests":0}]}`
	if got := call(t, svc, analytics.FunnelName, analytics.Params{"p_group_id": "-1001"}); got != wantA {
		t.Errorf("group A\n got %s\nwant %s", got, wantA)
	}

	// 24 h (from 11-23 19:27, hourly buckets): checked u1, u8, u10; blocked the same;
	// subscribed u1 (300 s), u8 (7200 s); unmuted u1.
	want24 := `{"period":"24h","group_id":null,` +
		`"stages":{"checked":3,"not_subscribed":3,"subscribed":2,"unmuted":1},"conversion_rate":66.67,` +
		`"time_to_subscribe":{"samples":2,"median_seconds":3750.00,"p90_seconds":6510.00},` +
		`"gained":{"subscribers":3,"requests":0},` +
		`"per_channel":[{"channel_id":-2002,"title":"News B","subscribers":2,"requests":0},` +
		`{"channel_id":-2001,"title":"News A","username":"news_a","subscribers":1,"requests":0}],` +
		`"per_group":[{"group_id":-1002,"title":"Beta","subscribers":1,"requests":0},` +
		`{"group_id":-1001,"title":"Alpha","subscribers":1,"requests":0},` +
		`{"group_id":0,"title":"other","subscribers":1,"requests":0}],` +
		`"series":[{"date":"2026-11-24T10:00:00Z","channel_id":-2001,"group_id":-1001,"subscribers":1,"requests":0},` +
		`{"date":"2026-11-24T13:00:00Z","channel_id":-2002,"group_id":-1002,"subscribers":1,"requests":0},` +
		`{"date":"2026-11-24T15:00:00Z","channel_id":-2002,"group_id":0,"subscribers":1,"requests":0}]}`
	if got := call(t, svc, analytics.FunnelName, analytics.Params{"p_period": "24h"}); got != want24 {
		t.Errorf("24h\n got %s\nwant %s", got, want24)
	}
}

// TestConversionFunnelParams: bad parameters are refused, naming the parameter.
func TestConversionFunnelParams(t *testing.T) {
	app := testutil.NewApp(t)
	svc := analytics.New(app, clock(funnelNow))
	for _, tc := range []struct {
		p     analytics.Params
		param string
		code  string
	}{
		{analytics.Params{"p_period": "1y"}, analytics.ParamPeriod, analytics.CodeInvalidPeriod},
		{analytics.Params{"p_group_id": "abc"}, analytics.ParamGroupID, analytics.CodeInvalidNumber},
		{analytics.Params{"p_group_id": 1.5}, analytics.ParamGroupID, analytics.CodeInvalidNumber},
		{analytics.Params{"p_group_id": "0"}, analytics.ParamGroupID, analytics.CodeOutOfRange},
		{analytics.Params{"p_group_id": true}, analytics.ParamGroupID, analytics.CodeInvalidNumber},
	} {
		_, err := svc.Call(context.Background(), analytics.FunnelName, tc.p)
		var errs validation.Errors
		if !errors.As(err, &errs) {
			t.Errorf("%v: err = %v, want validation errors", tc.p, err)
			continue
		}
		var ve validation.Error
		if !errors.As(errs[tc.param], &ve) || ve.Code() != tc.code {
			t.Errorf("%v: errors = %v, want %s: %s", tc.p, errs, tc.param, tc.code)
		}
	}
	if got := call(t, svc, analytics.FunnelName, analytics.Params{"p_group_id": -1001, "p_period": "90d"}); got !=
		`{"period":"90d","group_id":-1001,"stages":{"checked":0,"not_subscribed":0,"subscribed":0,"unmuted":0},"conversion_rate":0.00,"time_to_subscribe":{"samples":0,"median_seconds":0.00,"p90_seconds":0.00},"gained":{"subscribers":0,"requests":0},"per_channel":[],"per_group":[],"series":[]}` {
		t.Errorf("empty: %s", got)
	}
}

// The funnel's log and rollups are internal: superuser-only.
func TestFunnelCollectionsAreSuperuserOnly(t *testing.T) {
	app := testutil.NewApp(t)
	for _, name := range append([]string{c.GateEvents}, c.FunnelRollups...) {
		col, err := app.FindCollectionByNameOrId(name)
		if err != nil {
			t.Fatalf("%s missing", name)
		}
		if col.ListRule != nil || col.ViewRule != nil || col.CreateRule != nil || col.UpdateRule != nil || col.DeleteRule != nil {
			t.Errorf("%s is not superuser-only", name)
		}
	}
}

// TestFunnelDelayKey: delays are kept to two significant digits of their seconds, the
// same cut migration 1764000050 makes in SQL (TestFunnelDailyMigration).
func TestFunnelDelayKey(t *testing.T) {
	for _, tc := range []struct {
		d    time.Duration
		want int64
	}{
		{-time.Second, 0}, {0, 0}, {87400 * time.Millisecond, 87}, {99 * time.Second, 99}, {109 * time.Second, 100},
		{999 * time.Second, 990}, {3654 * time.Second, 3600}, {48 * time.Hour, 170000}, {100 * 24 * time.Hour, 8600000},
	} {
		if got := analytics.DelayKey(tc.d); got != tc.want {
			t.Errorf("delayKey(%s) = %d, want %d", tc.d, got, tc.want)
		}
	}
}

// TestFunnelCountsOfOneStepAddUp: each Sync rolls a log up in one step, whose counters
// are added up in memory before they are written once: three blocks of one hour (and
// a warning, part of its mute's block), then a subscription that moves to an earlier
// join within one step (+1, then −1 and +1 on the delays).
func TestFunnelCountsOfOneStepAddUp(t *testing.T) {
	app := testutil.NewApp(t)
	seedFunnelChats(t, app)
	svc := analytics.New(app, clock(funnelNow))
	for u := int64(1); u <= 3; u++ { // three blocks in group A's 10:00 hour
		insertGate(t, app, groupA, u, c.GateChecked, day(24, 10, int(u)))
		insertGate(t, app, groupA, u, c.GateMuted, day(24, 10, int(u)))
	}
	insertGate(t, app, groupA, 3, c.GateWarned, day(24, 10, 4)) // u3's mute's block
	call(t, svc, analytics.FunnelName, nil)
	// u1 joins at 10:31, and a join at 10:11 is committed after it: the episode is
	// subscribed at 10:31 (1,800 s), then moved to 10:11 (600 s).
	insertJoin(t, app, channelA, 1, groupA, c.JoinViaMember, day(24, 10, 31))
	insertJoin(t, app, channelA, 1, groupA, c.JoinViaMember, day(24, 10, 11))
	insertGate(t, app, groupA, 2, c.GateUnmuted, day(24, 10, 12)) // u2: subscribed at the unmute, 600 s

	got := call(t, svc, analytics.FunnelName, analytics.Params{"p_period": "24h"})
	for _, want := range []string{
		`"stages":{"checked":3,"not_subscribed":3,"subscribed":2,"unmuted":1}`,
		`"time_to_subscribe":{"samples":2,"median_seconds":600.00,"p90_seconds":600.00}`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("got %s\nwant it to contain %s", got, want)
		}
	}
	var rows []struct {
		Delay int64 `db:"d"`
		Total int64 `db:"n"`
	}
	if err := app.DB().NewQuery("SELECT delay_s AS d, total AS n FROM " + c.RollupFunnelDelay + " ORDER BY d").All(&rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].Delay != 600 || rows[0].Total != 2 || rows[1].Delay != 1800 || rows[1].Total != 0 {
		t.Errorf("rollup_funnel_delay = %+v, want 600 s: 2 and 1800 s: 0 (moved)", rows)
	}
}
