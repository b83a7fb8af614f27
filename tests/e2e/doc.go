// Package e2e drives the real dashboard (pb_public, as embedded in the binary) in a
// real headless Chromium against the real app: PocketBase with every Nezuko hook,
// served over HTTP, with the fake Telegram of package telegramtest.
//
//	go test ./e2e/
//
// Without Chromium the tests skip with a loud message, except in CI (CI=true), where
// they fail. CHROME_PATH overrides where Chromium is looked for. Screenshots of every
// page go to tests/e2e/artifacts/ (or $E2E_ARTIFACTS); the test log prints the path.
//
// TestOverviewLoadBench is a measurement (BENCHMARKS.md, Dashboard front end), run only
// with NEZUKO_DASHBOARD_BENCH=1.
package e2e
