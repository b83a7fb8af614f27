package metrics_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/prometheus/client_golang/prometheus/testutil"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/config"
	"github.com/nezuko/nezuko/logwriter"
	"github.com/nezuko/nezuko/metrics"
	"github.com/nezuko/nezuko/tests/livetest"
	nt "github.com/nezuko/nezuko/tests/testutil"
)

func TestMain(m *testing.M) { nt.Main(m) }

const metricsToken = "scrape-me-please"

func get(t *testing.T, url, auth string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { res.Body.Close() })
	return res
}

// scrape reads /metrics with the token and parses it.
func scrape(t *testing.T, url string) map[string]*dto.MetricFamily {
	t.Helper()
	res := get(t, url+"/metrics", "Bearer "+metricsToken)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("scrape: %d", res.StatusCode)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(res.Body)
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return fams
}

// sample returns the value of the family's metric with the given labels (-1 if absent).
func sample(fams map[string]*dto.MetricFamily, name string, labels map[string]string) float64 {
	f := fams[name]
	if f == nil {
		return -1
	}
next:
	for _, m := range f.GetMetric() {
		for _, l := range m.GetLabel() {
			if v, ok := labels[l.GetName()]; ok && v != l.GetValue() {
				continue next
			}
		}
		switch {
		case m.Counter != nil:
			return m.Counter.GetValue()
		case m.Gauge != nil:
			return m.Gauge.GetValue()
		case m.Histogram != nil:
			return float64(m.Histogram.GetSampleCount())
		}
	}
	return -1
}

func TestMetricsAuth(t *testing.T) {
	app, _ := livetest.NewApp(t, config.Config{MetricsToken: metricsToken})
	url := livetest.ServeAll(t, app).URL + "/metrics"
	for _, tc := range []struct {
		name, auth string
		want       int
	}{
		{"anonymous", "", 401},
		{"wrong token", "Bearer nope", 401},
		{"token without Bearer", metricsToken, 401},
		{"admin user", nt.AdminToken(t, app, c.RoleOwner), 401},
		{"metrics token", "Bearer " + metricsToken, 200},
		{"superuser", nt.SuperuserToken(t, app), 200},
	} {
		if res := get(t, url, tc.auth); res.StatusCode != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, res.StatusCode, tc.want)
		}
	}

	// Without METRICS_TOKEN no bearer is accepted, an empty one included.
	app2, _ := livetest.NewApp(t, config.Config{})
	url2 := livetest.ServeAll(t, app2).URL + "/metrics"
	if res := get(t, url2, "Bearer "); res.StatusCode != 401 {
		t.Errorf("empty bearer without METRICS_TOKEN: %d", res.StatusCode)
	}
	if res := get(t, url2, nt.SuperuserToken(t, app2)); res.StatusCode != 200 {
		t.Errorf("superuser without METRICS_TOKEN: %d", res.StatusCode)
	}
}

func TestCountsMoveWithTheWriter(t *testing.T) {
	app, svc := livetest.NewApp(t, config.Config{MetricsToken: metricsToken})
	url := livetest.ServeAll(t, app).URL
	before := scrape(t, url)
	verified := map[string]string{"status": c.Verified}
	if v := sample(before, "nezuko_verifications_total", verified); v != 0 {
		t.Fatalf("verified before = %v", v)
	}
	for _, name := range []string{"go_goroutines", "nezuko_logwriter_queue_depth", "nezuko_realtime_subscribers",
		"nezuko_logwriter_rows_written_total", "nezuko_bots"} {
		if before[name] == nil {
			t.Errorf("no %s", name)
		}
	}

	now := time.Now()
	for i := range 3 {
		svc.Logs.AddVerification(logwriter.Verification{UserID: int64(i), GroupID: -1, ChannelID: -2, Status: c.Verified, At: now})
	}
	svc.Logs.AddVerification(logwriter.Verification{UserID: 9, GroupID: -1, ChannelID: -2, Status: c.Restricted, At: now})
	svc.Logs.AddAPICall(logwriter.APICall{Method: "restrictChatMember", Success: true, LatencyMS: 120, At: now})
	svc.Logs.AddAPICall(logwriter.APICall{Method: "restrictChatMember", Success: false, LatencyMS: 80, At: now})
	// A refusal that is part of normal work is no error of the bot.
	svc.Logs.AddAPICall(logwriter.APICall{Method: "deleteMessage", Success: false, LatencyMS: 20, At: now,
		ErrorType: c.ExpectedRefusal + "message to delete not found"})
	ctx, cancel := context.WithTimeout(context.Background(), livetest.Deadline)
	defer cancel()
	if err := svc.Logs.Flush(ctx); err != nil {
		t.Fatal(err)
	}

	after := scrape(t, url)
	checks := []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"nezuko_verifications_total", verified, 3},
		{"nezuko_verifications_total", map[string]string{"status": c.Restricted}, 1},
		{"nezuko_telegram_api_calls_total", map[string]string{"method": "restrictChatMember", "outcome": metrics.OutcomeSuccess}, 1},
		{"nezuko_telegram_api_calls_total", map[string]string{"method": "restrictChatMember", "outcome": metrics.OutcomeError}, 1},
		{"nezuko_telegram_api_latency_seconds", map[string]string{"method": "restrictChatMember"}, 2},
		{"nezuko_telegram_api_calls_total", map[string]string{"method": "deleteMessage", "outcome": metrics.OutcomeExpected}, 1},
		{"nezuko_telegram_api_calls_total", map[string]string{"method": "deleteMessage", "outcome": metrics.OutcomeError}, -1}, // -1: no such series
	}
	if n := sample(after, "nezuko_logwriter_flush_seconds", nil); n < 1 {
		t.Errorf("flushes observed = %v", n)
	}
	for _, ck := range checks {
		if got := sample(after, ck.name, ck.labels); got != ck.want {
			t.Errorf("%s%v = %v, want %v", ck.name, ck.labels, got, ck.want)
		}
	}
	if rows := sample(after, "nezuko_logwriter_rows_written_total", nil); rows < 7 {
		t.Errorf("rows written = %v, want ≥ 7", rows)
	}
}

func TestBotsByStatus(t *testing.T) {
	app, _ := livetest.NewApp(t, config.Config{MetricsToken: metricsToken})
	url := livetest.ServeAll(t, app).URL
	bot, _ := c.NewRecord(app, c.BotInstances)
	bot.Set(c.FieldBotID, 42)
	bot.Set(c.FieldTokenEncrypted, "gAAAAABrBeIugNWAwZu6MC3J_aQWBTDBRgEDW6Zmf16OFyQMWYdajEPQ3x4OGCrP7yVhGa35Y9OZaHDckF5u9MDs7lNCD8ER3UuNqu8mz5_bO19ZQJmFkoB8Quf1LUmTl7-1CdSqrwl4GTAE4LJRtEtStaGqPA9Jrw==")
	if err := app.Save(bot); err != nil {
		t.Fatal(err)
	}
	row, _ := c.NewBotStatusRow(app, bot.Id)
	row.SetStatus(c.BotRunning)
	if err := app.Save(row); err != nil {
		t.Fatal(err)
	}
	fams := scrape(t, url)
	if v := sample(fams, "nezuko_bots", map[string]string{"status": c.BotRunning}); v != 1 {
		t.Errorf("running bots = %v", v)
	}
	if v := sample(fams, "nezuko_bots", map[string]string{"status": c.BotError}); v != 0 {
		t.Errorf("bots in error = %v", v)
	}
}

func TestGatekeeperEventsAndCommands(t *testing.T) {
	app, _ := livetest.NewApp(t, config.Config{})
	m := metrics.New(app)
	ev := m.Events()
	ev.CacheLookup(true)
	ev.CacheLookup(true)
	ev.CacheLookup(false)
	ev.RateLimitWait(1500 * time.Millisecond)
	ev.TooManyRequests("sendMessage", 3*time.Second)
	ev.Decision(c.Restricted)
	m.CommandFinished("mute_user", c.CommandCompleted)
	m.CommandFinished("mute_user", c.CommandFailed)

	want := map[string]float64{
		"nezuko_membership_cache_lookups_total":     3,
		"nezuko_rate_limit_waits_total":             1,
		"nezuko_rate_limit_wait_seconds_total":      1.5,
		"nezuko_telegram_too_many_requests_total":   1,
		"nezuko_telegram_retry_after_seconds_total": 3,
		"nezuko_gatekeeper_decisions_total":         1,
		"nezuko_commands_total":                     2,
	}
	fams, err := m.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	for _, f := range fams {
		for _, mm := range f.GetMetric() {
			got[f.GetName()] += mm.GetCounter().GetValue()
		}
	}
	for name, v := range want {
		if got[name] != v {
			t.Errorf("%s = %v, want %v", name, got[name], v)
		}
	}
	if n := testutil.CollectAndCount(m.Registry(), "nezuko_membership_cache_lookups_total"); n != 2 {
		t.Errorf("cache series = %d, want hit and miss", n)
	}
}

func TestFreeFormLabelsAreCapped(t *testing.T) {
	app, _ := livetest.NewApp(t, config.Config{})
	m := metrics.New(app)
	for i := range 200 {
		m.CommandFinished(string(rune('a'+i%26))+string(rune('a'+i/26)), metrics.OutcomeError)
	}
	if n := testutil.CollectAndCount(m.Registry(), "nezuko_commands_total"); n > 65 {
		t.Errorf("command series = %d, want at most 65", n)
	}
}
