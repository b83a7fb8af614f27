package e2e

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestFleetDashboardBench times the dashboard at fleet size (issue 22): 100 bots,
// 20,000 groups and 200 channels with ~40,000 links, seeded straight into the tables,
// plus the e2e demo data. Signed in as the owner in headless Chromium, each round
// loads Overview by address, then opens Bots, Groups and Channels from the menu and,
// on Groups and Channels, goes to the next page and types a title fragment into the
// search box. It prints the BENCHMARKS.md rows (time to data and the API bytes it
// took); a measurement, not a check, so it runs only when asked:
//
//	NEZUKO_DASHBOARD_BENCH=1 go test -count=1 -run TestFleetDashboardBench -v -timeout 20m ./tests/e2e/
func TestFleetDashboardBench(t *testing.T) {
	s, ctx := benchSession(t, func(s *server) {
		start := time.Now()
		seedDemo(t, s)
		seedFleet(t, s.App)
		t.Logf("seeded %d bots, %d groups, %d channels in %s", fleetBots, fleetGroups, fleetChannels, time.Since(start).Round(time.Millisecond))
	})
	bytes := countBytes(t, ctx)
	type result struct {
		times       []float64
		kb          float64
		calls       int64
		description string
	}
	results := map[string]*result{}
	var order []string
	// measure runs act (which sets window.__t0, or navigates: t0 = 0), then polls cond
	// and records the milliseconds from t0 to cond and the API bytes received meanwhile.
	measure := func(name, description string, act chromedp.Action, cond string) {
		bytes.reset()
		var ms float64
		c2, cancel := context.WithTimeout(ctx, 2*time.Minute)
		defer cancel()
		err := chromedp.Run(c2, act, chromedp.Poll(`(`+cond+`) && (performance.now() - (window.__t0 || 0))`, &ms,
			chromedp.WithPollingInterval(10*time.Millisecond), chromedp.WithPollingTimeout(2*time.Minute)))
		if err != nil {
			shot(t, ctx, "failure-fleet-"+sanitize(name))
			t.Fatalf("%s: %v", name, err)
		}
		if testing.Verbose() {
			var reqs []string
			must(t, chromedp.Run(ctx, chromedp.Evaluate(`performance.getEntriesByType('resource').filter(e => e.startTime >= (window.__t0 || 0) && e.name.includes('/api/') && !e.name.includes('/api/realtime')).map(e => Math.round(e.startTime - (window.__t0 || 0)) + '+' + Math.round(e.duration) + ' ms ' + decodeURIComponent(e.name.replace(/^.*?\/api\//, '')).slice(0, 90))`, &reqs)))
			t.Logf("%s: %.0f ms; API requests (start+duration): %s", name, ms, strings.Join(reqs, "; "))
		}
		got := bytes.now()
		r := results[name]
		if r == nil {
			r = &result{description: description}
			results[name] = r
			order = append(order, name)
		}
		r.times = append(r.times, ms)
		r.kb, r.calls = float64(got.api)/1024, got.apiN
	}
	click := func(sel string) chromedp.Action {
		return chromedp.Evaluate(fmt.Sprintf(`(() => { window.__t0 = performance.now(); document.querySelector(%s).click(); return true })()`, js(sel)), nil)
	}
	search := func(value string) chromedp.Action {
		return chromedp.Evaluate(fmt.Sprintf(`(() => { const e = document.querySelector('input[type=search]'); window.__t0 = performance.now(); e.value = %s; e.dispatchEvent(new Event('input', {bubbles: true})); return true })()`, js(value)), nil)
	}
	rows := func(table string) string { return `document.querySelectorAll('[data-testid=` + table + `] tbody tr')` }
	firstRow := `window.__first = ` + rows("%s") + `[0].textContent`
	pageTwo := func(table string) string {
		return `/Page 2/.test(document.querySelector('.pager').textContent) && ` + rows(table) + `.length > 0 && ` + rows(table) + `[0].textContent !== window.__first`
	}
	matching := func(table, fragment string) string {
		return rows(table) + `.length > 0 && [...` + rows(table) + `].every(r => r.querySelector('strong').textContent.includes(` + js(fragment) + `))`
	}
	const rounds = 3
	for round := 0; round < rounds; round++ {
		run(t, ctx, "blank", chromedp.Navigate("about:blank"))
		measure("overview", "Overview by address: stats, bot list and a feed item with its group's title",
			chromedp.Navigate(s.URL+"/"),
			`document.querySelectorAll('.stat .stat-value').length === 4 && !!document.querySelector('.mini-bots li') && !!document.querySelector('[data-testid=feed] li strong')`)
		measure("bots", "Bots from the menu: every bot listed", click(`a.nav-item[href="/bots"]`),
			rows("bots-table")+`.length >= 100`)
		measure("groups", "Groups from the menu: first page with channels", click(`a.nav-item[href="/groups"]`),
			rows("groups-table")+`.length === 20`)
		run(t, ctx, "remember groups", chromedp.Evaluate(fmt.Sprintf(firstRow, "groups-table"), nil))
		measure("groups-next", "Groups: next page", click(`nav[aria-label="Groups pages"] button:last-child`), pageTwo("groups-table"))
		measure("groups-search", "Groups: search \"Pixel Devs\" (300 ms debounce included)", search("Pixel Devs"), matching("groups-table", "Pixel Devs"))
		measure("channels", "Channels from the menu: first page with its groups", click(`a.nav-item[href="/channels"]`),
			rows("channels-table")+`.length === 20 && !!document.querySelector('[data-testid=channel-groups] a')`)
		run(t, ctx, "remember channels", chromedp.Evaluate(fmt.Sprintf(firstRow, "channels-table"), nil))
		measure("channels-next", "Channels: next page", click(`nav[aria-label="Channels pages"] button:last-child`), pageTwo("channels-table"))
		measure("channels-search", "Channels: search \"Pixel Devs\" (300 ms debounce included)", search("Pixel Devs"), matching("channels-table", "Pixel Devs"))
	}
	shot(t, ctx, "fleet-channels")
	fmt.Printf("| step | time to data (median of %d, min–max) | API calls, KB (last round) |\n|---|---|---|\n", rounds)
	for _, name := range order {
		r := results[name]
		sort.Float64s(r.times)
		fmt.Printf("| %s | %.0f ms (%.0f–%.0f) | %d calls, %.1f KB |\n", r.description, r.times[len(r.times)/2], r.times[0], r.times[len(r.times)-1], r.calls, r.kb)
	}
}
