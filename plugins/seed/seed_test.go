package seed_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/nezuko/nezuko/analytics"
	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/plugins/seed"
	"github.com/nezuko/nezuko/tests/testutil"
)

func TestMain(m *testing.M) { testutil.Main(m) }

// TestSeed: the rows asked for, coherent records, the rollups current; seeding again
// keeps the records and adds rows.
func TestSeed(t *testing.T) {
	app := testutil.NewApp(t)
	end := time.Date(2026, 11, 24, 19, 27, 0, 0, time.UTC)
	o := seed.Options{VerificationRows: 5000, Days: 3, Groups: 6, Bots: 2, APICalls: true, End: end,
		RandomSeed: 3, EncryptionKey: testutil.EncryptionKey}
	st, err := seed.Run(context.Background(), app, o)
	if err != nil {
		t.Fatal(err)
	}
	if st.VerificationRows != 5000 || st.APICallRows == 0 || st.Groups != 6 || st.Bots != 2 {
		t.Fatalf("stats: %+v", st)
	}
	for name, want := range map[string]int64{c.VerificationLog: 5000, c.ProtectedGroups: 6, c.BotInstances: 2,
		c.BotStatus: 2, c.EnforcedChannels: 4} {
		if n, err := app.CountRecords(name); err != nil || n != want {
			t.Errorf("%s: %d rows (%v), want %d", name, n, err, want)
		}
	}
	if n, _ := app.CountRecords(c.GroupChannelLinks); n < 6 {
		t.Errorf("%d links, want at least one per group", n)
	}
	svc := analytics.New(app, analytics.WithClock(func() time.Time { return end }))
	res, err := svc.Call(context.Background(), "get_analytics_overview", nil)
	if err != nil {
		t.Fatal(err)
	}
	ov := res.(analytics.AnalyticsOverview)
	if ov.TotalVerifications != 5000 || ov.TotalGroups != 6 || ov.SuccessRate.Float() < 60 || ov.CacheHitRate.Float() < 40 {
		t.Errorf("overview: %+v", ov)
	}
	res, _ = svc.Call(context.Background(), "get_top_groups", nil)
	b, _ := json.Marshal(res)
	var top []analytics.TopGroup
	if err := json.Unmarshal(b, &top); err != nil || len(top) != 6 || top[0].Title == "Unknown Group" {
		t.Errorf("top groups: %s", b)
	}
	if _, err := seed.Run(context.Background(), app, o); err != nil {
		t.Fatal(err)
	}
	if n, _ := app.CountRecords(c.VerificationLog); n != 10000 {
		t.Errorf("after a second seed: %d rows, want 10000", n)
	}
	if n, _ := app.CountRecords(c.ProtectedGroups); n != 6 {
		t.Errorf("after a second seed: %d groups, want 6", n)
	}
}
