package e2e

import (
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// TestOverviewLoadBench measures a cold and a warm full load of Overview (signed in,
// seeded like TestDashboard) in headless Chromium: bytes transferred (headers and
// bodies as received, so compressed) for the dashboard's files and for the API, and
// the time from navigation to the four stats drawn. It prints the BENCHMARKS.md rows;
// it is a measurement, not a check, so it runs only when asked:
//
//	NEZUKO_DASHBOARD_BENCH=1 go test -count=1 -run TestOverviewLoadBench -v ./e2e/
func TestOverviewLoadBench(t *testing.T) {
	s, ctx := benchSession(t, func(s *server) { seedDemo(t, s) })
	bytes := countBytes(t, ctx)
	load := func(name string, clear bool) (tally, time.Duration) {
		if clear {
			run(t, ctx, "clear cache", network.ClearBrowserCache())
		}
		run(t, ctx, "blank", chromedp.Navigate("about:blank"))
		bytes.reset()
		start := time.Now()
		run(t, ctx, name, chromedp.Navigate(s.URL+"/"), waitJS(`document.querySelectorAll('.stat .stat-value').length === 4 && !document.querySelector('#main .skeleton')`))
		took := time.Since(start)
		var nav map[string]float64
		run(t, ctx, "timing", chromedp.Evaluate(`(() => { const n = performance.getEntriesByType('navigation')[0]; return {dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd} })()`, &nav))
		fmt.Printf("  %s: data drawn %d ms, DOMContentLoaded %.0f ms, load %.0f ms\n", name, took.Milliseconds(), nav["dcl"], nav["load"])
		return bytes.now(), took
	}
	const rounds = 5
	for _, kind := range []string{"cold", "warm"} {
		var times []time.Duration
		var last tally
		for i := 0; i < rounds; i++ {
			var d time.Duration
			last, d = load(kind, kind == "cold")
			times = append(times, d)
		}
		sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
		fmt.Printf("| Overview, %s load | %d files, %.1f KB | %d API calls, %.1f KB | median %d ms (min %d, max %d, %d loads) |\n",
			kind, last.staticN, float64(last.static)/1024, last.apiN, float64(last.api)/1024,
			times[rounds/2].Milliseconds(), times[0].Milliseconds(), times[rounds-1].Milliseconds(), rounds)
	}
}
