package e2e

import (
	"context"
	"net/http"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/logwriter"
	"github.com/nezuko/nezuko/tests/testutil"
)

// TestOverviewAtScale times the Overview's first complete render (stat cards, chart,
// bot health, live feed) with E2E_ROWS verification rows spread over 90 days:
//
//	E2E_ROWS=1000000 go test -run TestOverviewAtScale -v ./e2e/
func TestOverviewAtScale(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("E2E_ROWS"))
	if n <= 0 {
		t.Skip("set E2E_ROWS (e.g. 1000000) to time the Overview's first render at that many verification rows")
	}
	b := newBrowser(t)
	var f fixture
	start := time.Now()
	s := startServer(t, func(s *server) {
		f = seedDemo(t, s)
		seedRows(t, s, f, n)
	})
	t.Logf("seeded %d verification rows in %s", n, time.Since(start).Round(time.Millisecond))

	owner, err := s.App.FindAuthRecordByEmail(c.AdminUsers, ownerEmail)
	must(t, err)
	token := testutil.AuthToken(t, owner)
	for round := 1; round <= 2; round++ { // the first call of a function may be cold
		for _, rpc := range []string{"get_dashboard_stats", "get_verification_trends?p_period=7d&p_granularity=day", "get_bot_health"} {
			t0 := time.Now()
			st := s.call(t, http.MethodGet, "/api/rpc/"+rpc, token, nil, nil)
			t.Logf("call %d: GET /api/rpc/%s: %d in %s", round, rpc, st, time.Since(t0).Round(time.Millisecond))
		}
	}

	ctx := b.page(t)
	emailLogin(t, ctx, s, ownerEmail)
	rendered := `document.querySelectorAll('.stat .stat-value').length === 4 && !!document.querySelector('#main .chart canvas')` +
		` && !!document.querySelector('.gauge') && !!document.querySelector('[data-testid=feed] li')`
	var first, full float64
	c2, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	poll := func(cond string) chromedp.Action {
		return chromedp.Poll(cond, nil, chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(2*time.Minute))
	}
	if err := chromedp.Run(c2,
		chromedp.Navigate(s.URL+"/"),
		poll(`!!document.querySelector('#main h1')`),
		chromedp.Evaluate(`performance.now()`, &first),
		poll(rendered),
		chromedp.Evaluate(`performance.now()`, &full),
	); err != nil {
		t.Fatal(err)
	}
	t.Logf("Overview with %d verification rows: first render %.0f ms, every card filled %.0f ms after navigation start", n, first, full)
	shot(t, ctx, "overview-at-scale")
}

// seedRows writes n verification rows over the last 90 days through the log writer.
func seedRows(t *testing.T, s *server, f fixture, n int) {
	t.Helper()
	now := time.Now().UTC()
	span := 90 * 24 * time.Hour
	statuses := []string{c.Verified, c.Verified, c.Verified, c.Restricted, c.VerifyErr}
	for i := 0; i < n; i++ {
		s.Svc.Logs.AddVerification(logwriter.Verification{
			UserID: 6000000 + int64(i%50000), GroupID: -1001001 - int64(i%3), ChannelID: -1002001 - int64(i%2),
			BotID: f.Guard.ID, Status: statuses[i%len(statuses)], LatencyMS: float64(10 + i%400), Cached: i%3 == 0,
			At: now.Add(-time.Duration(int64(span) / int64(n) * int64(i))),
		})
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	must(t, s.Svc.Logs.Flush(ctx))
}
