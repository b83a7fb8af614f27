package e2e

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/logwriter"
	"github.com/nezuko/nezuko/tests/testutil"
)

// The dashboard as a new owner meets it (issue 19). Screenshots go to tests/e2e/artifacts/
// as newowner-*.png.

// noSideScroll is a JS condition: the page is not wider than the window.
const noSideScroll = `document.documentElement.scrollWidth <= document.documentElement.clientWidth`

// viewport sets the page's size in CSS pixels.
func viewport(w, h int64) chromedp.Action {
	return emulation.SetDeviceMetricsOverride(w, h, 1, w < 600)
}

// pollServer polls cond (server-side state the browser changes) until it holds (true)
// or the deadline passes (false).
func pollServer(cond func() bool) bool {
	end := time.Now().Add(deadline)
	for !cond() {
		if time.Now().After(end) {
			return false
		}
		time.Sleep(100 * time.Millisecond)
	}
	return true
}

// Ten page loads in a row by address, each showing its data and a live connection,
// and the server never holds more than one realtime stream of this browser: a page left
// behind (back/forward cache) closes its stream on pagehide.
func TestNewOwnerTenPageLoads(t *testing.T) {
	b := newBrowser(t)
	s := startServer(t, func(s *server) { seedDemo(t, s) })
	ctx := b.page(t)
	emailLogin(t, ctx, s, ownerEmail)
	broker := s.App.SubscriptionsBroker()
	pages := []struct{ path, ready string }{
		{"/", `document.querySelectorAll('.stat .stat-value').length === 4`},
		{"/groups", hasText("#main", "Rust Developers")},
		{"/bots", hasText("#main", "nezuko_guard_bot")},
		{"/analytics", `!!document.querySelector('[data-rpc=get_dashboard_stats][data-loaded=yes]')`},
		{"/channels", hasText("#main", "Signals News")},
		{"/audit", `!!document.querySelector('#main .card') && !document.querySelector('#main .skeleton')`},
		{"/commands", `!!document.querySelector('#main form, #main table, #main .empty')`},
		{"/logs", `!!document.querySelector('[data-testid=log-list], #main .empty')`},
		{"/", `document.querySelectorAll('.stat .stat-value').length === 4`},
		{"/groups", hasText("#main", "Rust Developers")},
	}
	for i, p := range pages {
		step := fmt.Sprintf("load %d: %s", i+1, p.path)
		run(t, ctx, step, chromedp.Navigate(s.URL+p.path), waitJS(p.ready),
			waitJS(`document.querySelector('[data-testid=live-state]').textContent.includes('Live')`))
		if !pollServer(func() bool { return broker.TotalClients() == 1 }) {
			shot(t, ctx, "newowner-tenth-load-stalled")
			t.Fatalf("%s: the server holds %d realtime streams of one tab after %s", step, broker.TotalClients(), deadline)
		}
	}
	shot(t, ctx, "newowner-tenth-load")
	if p := b.Problems(); len(p) > 0 {
		t.Errorf("console problems: %v", p)
	}
}

// A first-day install: one verification, one user. Every time chart spans exactly its
// period with labels that neither repeat nor crowd, on a desktop and a phone, and the
// growth figure says there is nothing to compare with instead of "+0% growth".
func TestNewOwnerChartsOnDayOne(t *testing.T) {
	b := newBrowser(t)
	s := startServer(t, func(s *server) {
		saveAdmin(t, s.App, ownerEmail, c.RoleOwner, "Ada Owner")
		s.Svc.Logs.AddVerification(logwriter.Verification{UserID: 5000001, GroupID: -1001001, ChannelID: -1002001,
			BotID: 1, Status: c.Verified, LatencyMS: 42, Cached: false, At: time.Now().UTC().Add(-time.Minute)})
		ctx, cancel := context.WithTimeout(context.Background(), deadline)
		defer cancel()
		must(t, s.Svc.Logs.Flush(ctx))
	})
	span := map[string]int{"24h": 86400, "7d": 7 * 86400, "30d": 30 * 86400, "90d": 90 * 86400}
	check := func(t *testing.T, ctx context.Context, sel, period string, width int) {
		t.Helper()
		var got map[string]string
		run(t, ctx, sel+" "+period, waitJS(fmt.Sprintf(`(document.querySelector(%s)||{dataset:{}}).dataset.xSpan === %s`, js(sel), js(strconv.Itoa(span[period])))),
			chromedp.Evaluate(fmt.Sprintf(`(() => { const e = document.querySelector(%s); return {ticks: e.dataset.ticks, width: String(e.clientWidth)} })()`, js(sel)), &got))
		ticks := strings.Split(got["ticks"], "|")
		seen := map[string]bool{}
		for _, tk := range ticks {
			if tk == "" || seen[tk] {
				t.Errorf("%s %s at %d px: tick labels repeat or are empty: %q", sel, period, width, got["ticks"])
				break
			}
			seen[tk] = true
		}
		w, _ := strconv.Atoi(got["width"])
		if len(ticks) < 2 || len(ticks)*52 > w {
			t.Errorf("%s %s at %d px: %d tick labels on a %d px chart: %q", sel, period, width, len(ticks), w, got["ticks"])
		}
	}
	for _, width := range []int64{1440, 390} {
		t.Run(fmt.Sprintf("%dpx", width), func(t *testing.T) {
			ctx := b.page(t)
			run(t, ctx, "viewport", viewport(width, 900))
			emailLogin(t, ctx, s, ownerEmail)
			for _, period := range []string{"24h", "7d", "30d", "90d"} {
				run(t, ctx, "overview "+period, clickText(`[aria-labelledby=trends-title] [role=radiogroup] button`, period))
				check(t, ctx, "[aria-labelledby=trends-title] .chart", period, int(width))
			}
			run(t, ctx, "overview 24h", clickText(`[aria-labelledby=trends-title] [role=radiogroup] button`, "24h"))
			check(t, ctx, "[aria-labelledby=trends-title] .chart", "24h", int(width))
			shot(t, ctx, fmt.Sprintf("newowner-charts-overview-24h-%d", width))
			run(t, ctx, "analytics", chromedp.Navigate(s.URL+"/analytics"), waitJS(hasText("h1", "Analytics")))
			for _, period := range []string{"24h", "7d", "30d", "90d"} {
				run(t, ctx, "analytics "+period, clickText(`#main [role=radiogroup][aria-label=Period] button`, period))
				for _, card := range []string{"a-trends", "a-growth", "a-latency", "a-cache"} {
					check(t, ctx, "[aria-labelledby="+card+"-title] .chart", period, int(width))
				}
				if period == "7d" {
					shot(t, ctx, fmt.Sprintf("newowner-charts-analytics-7d-%d", width))
				}
			}
			var growth string
			run(t, ctx, "growth summary", chromedp.Text(`[aria-labelledby=a-growth-title] [data-rpc] p`, &growth, chromedp.ByQuery))
			if !strings.Contains(growth, "not enough data yet") || strings.Contains(growth, "+0% growth") {
				t.Errorf("growth with no users before the period reads %q", growth)
			}
		})
	}
}

// After the Quick start the only account is a PocketBase superuser: it signs in to
// the dashboard and is treated as an owner.
func TestNewOwnerSuperuserSignsIn(t *testing.T) {
	b := newBrowser(t)
	const suEmail = "root@nezuko.test"
	s := startServer(t, func(s *server) {
		col, err := s.App.FindCollectionByNameOrId(core.CollectionNameSuperusers)
		must(t, err)
		su := core.NewRecord(col)
		su.SetEmail(suEmail)
		su.SetPassword(testutil.Password)
		must(t, s.App.Save(su))
	})
	ctx := b.page(t)
	run(t, ctx, "sign in as the superuser",
		chromedp.Navigate(s.URL+"/"),
		chromedp.WaitVisible(`input[name=email]`, chromedp.ByQuery),
		chromedp.SendKeys(`input[name=email]`, suEmail, chromedp.ByQuery),
		chromedp.SendKeys(`input[name=password]`, testutil.Password, chromedp.ByQuery),
		chromedp.Click(`button[type=submit]`, chromedp.ByQuery),
		waitJS(`!!document.querySelector('[data-testid=login-error]') || `+hasText("h1", "Overview")),
	)
	shot(t, ctx, "newowner-superuser-signin")
	run(t, ctx, "overview as superuser", waitJS(hasText("h1", "Overview")), waitJS(hasText(".user-role", "superuser")),
		waitJS(`document.querySelector('[data-testid=live-state]').textContent.includes('Live')`))
	run(t, ctx, "owner controls on Bots", chromedp.Navigate(s.URL+"/bots"), waitJS(hasText("#main button", "Add bot")))
	run(t, ctx, "the session holds on the next page load", waitJS(`document.querySelector('[data-testid=live-state]').textContent.includes('Live')`),
		chromedp.Navigate(s.URL+"/groups"), waitJS(hasText("h1", "Groups")), waitJS(hasText(".user-role", "superuser")))
	shot(t, ctx, "newowner-superuser-bots")
	run(t, ctx, "settings as superuser", chromedp.Navigate(s.URL+"/settings"), waitJS(hasText("h1", "Settings")),
		waitJS(`!document.querySelector('#main .skeleton')`))
	for _, p := range b.Problems() { // the login page asks ?optional=1: no 404 without a login bot
		t.Errorf("console problem: %s", p)
	}
}

// The group page at 1440 px does not scroll sideways (the hidden checkbox of the
// "Gate join requests" switch was 1440 px wide).
func TestNewOwnerGroupPageFitsDesktop(t *testing.T) {
	b := newBrowser(t)
	s := startServer(t, func(s *server) { seedDemo(t, s) })
	g, err := s.App.FindFirstRecordByData(c.ProtectedGroups, c.FieldGroupID, -1001001)
	must(t, err)
	ctx := b.page(t)
	run(t, ctx, "viewport", viewport(1440, 900))
	emailLogin(t, ctx, s, ownerEmail)
	run(t, ctx, "group page", chromedp.Navigate(s.URL+"/groups/"+g.Id), waitJS(hasText("#main", "Gate join requests")))
	shot(t, ctx, "newowner-group-1440")
	var ok bool
	run(t, ctx, "width", chromedp.Evaluate(noSideScroll, &ok))
	if !ok {
		var w int
		chromedp.Run(ctx, chromedp.Evaluate(`document.documentElement.scrollWidth`, &w))
		t.Errorf("the group page is %d px wide in a 1440 px window", w)
	}
}

// An opened change in the audit log keeps the page width and its columns, marks only
// the key of params that changed, and names the group instead of its record id.
func TestNewOwnerAuditChange(t *testing.T) {
	b := newBrowser(t)
	s := startServer(t, func(s *server) { seedDemo(t, s) })
	owner, err := s.App.FindAuthRecordByEmail(c.AdminUsers, ownerEmail)
	must(t, err)
	token := testutil.AuthToken(t, owner)
	g, err := s.App.FindFirstRecordByData(c.ProtectedGroups, c.FieldGroupID, -1001001)
	must(t, err)
	var rec map[string]any
	if st := s.call(t, http.MethodGet, "/api/collections/protected_groups/records/"+g.Id, token, nil, &rec); st != 200 {
		t.Fatalf("read group: %d", st)
	}
	params, _ := rec["params"].(map[string]any)
	if params == nil {
		params = map[string]any{}
	}
	params["mode"] = "observe"
	params["warning_text"] = strings.Repeat("Please join our channels first, then write again. ", 6)
	if st := s.call(t, http.MethodPatch, "/api/collections/protected_groups/records/"+g.Id, token, map[string]any{"params": params}, nil); st != 200 {
		t.Fatalf("update group params: %d", st)
	}
	params["mode"] = "enforce"
	if st := s.call(t, http.MethodPatch, "/api/collections/protected_groups/records/"+g.Id, token, map[string]any{"params": params}, nil); st != 200 {
		t.Fatalf("update group params again: %d", st)
	}
	ctx := b.page(t)
	run(t, ctx, "viewport", viewport(1440, 900))
	emailLogin(t, ctx, s, ownerEmail)
	run(t, ctx, "audit", chromedp.Navigate(s.URL+"/audit"), waitJS(`!!document.querySelector('[data-testid=audit-table] tr[data-resource=protected_groups]')`))
	var names string
	run(t, ctx, "resource names", chromedp.Evaluate(`[...document.querySelectorAll('tr[data-resource=protected_groups] td:nth-child(4)')].map(e => e.textContent).join(' | ')`, &names))
	if !strings.Contains(names, "Rust Developers") || strings.Contains(names, g.Id) {
		t.Errorf("the resource column reads %q, want the group's title, not its id %s", names, g.Id)
	}
	run(t, ctx, "open the change", jsClick(`tr[data-resource=protected_groups] button[aria-expanded]`), waitJS(`!!document.querySelector('[data-testid=audit-diff]')`))
	shot(t, ctx, "newowner-audit-open")
	var ok bool
	run(t, ctx, "width", chromedp.Evaluate(noSideScroll, &ok))
	if !ok {
		var w int
		chromedp.Run(ctx, chromedp.Evaluate(`document.documentElement.scrollWidth`, &w))
		t.Errorf("an opened change makes the page %d px wide in a 1440 px window", w)
	}
	var marked []string
	run(t, ctx, "marked lines", chromedp.Evaluate(`[...document.querySelectorAll('[data-testid=audit-diff] .changed')].map(e => e.textContent)`, &marked))
	if len(marked) == 0 {
		t.Fatal("no changed line is marked")
	}
	for _, m := range marked {
		if !strings.HasPrefix(m, "mode:") {
			t.Errorf("marked %q; only the mode key changed", m)
		}
	}
}
