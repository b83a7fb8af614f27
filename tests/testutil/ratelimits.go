package testutil

import (
	"testing"

	"github.com/pocketbase/pocketbase/core"
)

// RateLimitsOff switches PocketBase's rate limiter off in app, for fuzz targets that
// send thousands of requests from one address to check how input is handled, not how
// often (the limiter itself is tested in hooks).
func RateLimitsOff(tb testing.TB, app core.App) {
	tb.Helper()
	s := app.Settings()
	s.RateLimits.Enabled = false
	if err := app.Save(s); err != nil {
		tb.Fatal(err)
	}
}
