package e2e

import (
	"context"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// benchOnly skips t unless NEZUKO_DASHBOARD_BENCH is set: the dashboard benchmarks are
// measurements, not checks.
func benchOnly(t *testing.T) {
	t.Helper()
	if os.Getenv("NEZUKO_DASHBOARD_BENCH") == "" {
		t.Skip("a measurement: set NEZUKO_DASHBOARD_BENCH=1 to run it")
	}
}

// benchSession starts a measurement (skipped unless asked, see benchOnly): the app
// seeded by seed, and a Chromium tab signed in as the owner on the Overview.
func benchSession(t *testing.T, seed func(*server)) (*server, context.Context) {
	t.Helper()
	benchOnly(t)
	b := newBrowser(t)
	s := startServer(t, seed)
	ctx := b.page(t)
	emailLogin(t, ctx, s, ownerEmail)
	return s, ctx
}

// tally is what a page received since the last reset: bytes as received (headers and
// compressed bodies, Chrome's encodedDataLength) and responses, of the dashboard's
// files and of the API (the realtime stream left out).
type tally struct{ static, api, staticN, apiN int64 }

// byteCounter counts the bytes a tab receives.
type byteCounter struct {
	mu   sync.Mutex
	urls map[network.RequestID]string
	cur  tally
}

// countBytes starts counting what the tab of ctx receives.
func countBytes(t *testing.T, ctx context.Context) *byteCounter {
	t.Helper()
	bc := &byteCounter{urls: map[network.RequestID]string{}}
	chromedp.ListenTarget(ctx, func(ev any) {
		bc.mu.Lock()
		defer bc.mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			bc.urls[ev.RequestID] = ev.Request.URL
		case *network.EventLoadingFinished:
			u := bc.urls[ev.RequestID]
			if strings.Contains(u, "/api/realtime") {
				return
			}
			if strings.Contains(u, "/api/") {
				bc.cur.api += int64(ev.EncodedDataLength)
				bc.cur.apiN++
			} else {
				bc.cur.static += int64(ev.EncodedDataLength)
				bc.cur.staticN++
			}
		}
	})
	run(t, ctx, "network", network.Enable())
	return bc
}

// reset starts a new count and returns the one so far.
func (bc *byteCounter) reset() tally {
	bc.mu.Lock()
	defer bc.mu.Unlock()
	last := bc.cur
	bc.cur = tally{}
	return last
}

// now returns the count so far.
func (bc *byteCounter) now() tally {
	bc.mu.Lock()
	defer bc.mu.Unlock()
	return bc.cur
}
