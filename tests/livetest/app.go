// Package livetest helps the live-data tests (packages live, audit, adminlog, metrics):
// a real Nezuko test app with its hooks.Services, served over loopback HTTP, and a
// PocketBase realtime (SSE) client.
//
//	app, svc := livetest.NewApp(t, config.Config{})
//	srv := livetest.Serve(t, app)
//	s := livetest.Subscribe(t, srv.URL, token, live.TopicLog)
//	ev := s.Expect(t, live.TopicLog)
package livetest

import (
	"net/http/httptest"
	"os"
	"sync"
	"testing"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"
	"github.com/pocketbase/pocketbase/tools/router"

	"github.com/nezuko/nezuko/config"
	"github.com/nezuko/nezuko/hooks"
	"github.com/nezuko/nezuko/tests/testutil"
)

var (
	templateMu  sync.Mutex
	templateDir string
)

// NewApp returns a fresh migrated test app with Nezuko's hooks bound by cfg (the
// encryption key and a closed Telegram URL are filled in when empty), and the
// Services that hooks.Register built. Both are cleaned up when the test ends.
func NewApp(tb testing.TB, cfg config.Config) (*tests.TestApp, *hooks.Services) {
	tb.Helper()
	templateMu.Lock()
	if templateDir == "" {
		templateDir = testutil.Seeded(tb, func(*tests.TestApp) {})
	}
	dir := templateDir
	templateMu.Unlock()
	app, err := tests.NewTestApp(dir)
	if err != nil {
		tb.Fatal(err)
	}
	if cfg.EncryptionKey == "" {
		cfg.EncryptionKey = testutil.EncryptionKey
	}
	if cfg.APIURL == "" {
		cfg.APIURL = "http://127.0.0.1:1"
	}
	svc, err := hooks.Register(app, hooks.Options{Config: cfg})
	if err != nil {
		app.Cleanup()
		tb.Fatal(err)
	}
	tb.Cleanup(app.Cleanup)
	return app, svc
}

// Serve serves PocketBase's own API of app (records, realtime) on a loopback httptest
// server, without the OnServe hooks: no custom routes, and the bot manager is not
// started, so no worker moves commands or writes bot_status rows behind the test.
func Serve(tb testing.TB, app core.App) *httptest.Server {
	tb.Helper()
	r, err := apis.NewRouter(app)
	if err != nil {
		tb.Fatal(err)
	}
	return serve(tb, r)
}

// ServeAll is Serve with every OnServe hook run (custom routes such as /metrics; the
// bot manager starts).
func ServeAll(tb testing.TB, app core.App) *httptest.Server {
	tb.Helper()
	r, err := apis.NewRouter(app)
	if err != nil {
		tb.Fatal(err)
	}
	err = app.OnServe().Trigger(&core.ServeEvent{App: app, Router: r}, func(e *core.ServeEvent) error {
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return serve(tb, r)
}

func serve(tb testing.TB, r *router.Router[*core.RequestEvent]) *httptest.Server {
	tb.Helper()
	mux, err := r.BuildMux()
	if err != nil {
		tb.Fatal(err)
	}
	srv := httptest.NewServer(mux)
	tb.Cleanup(srv.Close)
	return srv
}

// NewBaseApp is NewApp on a plain core.BaseApp instead of PocketBase's TestApp (which
// counts every hook call under one mutex): the app as `nezuko serve` runs it, for
// benchmarks. Hooks are registered before bootstrap, as main does.
func NewBaseApp(tb testing.TB, cfg config.Config) (core.App, *hooks.Services) {
	tb.Helper()
	templateMu.Lock()
	if templateDir == "" {
		templateDir = testutil.Seeded(tb, func(*tests.TestApp) {})
	}
	src := templateDir
	templateMu.Unlock()
	dir := tb.TempDir()
	if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
		tb.Fatal(err)
	}
	if cfg.EncryptionKey == "" {
		cfg.EncryptionKey = testutil.EncryptionKey
	}
	if cfg.APIURL == "" {
		cfg.APIURL = "http://127.0.0.1:1"
	}
	app := core.NewBaseApp(core.BaseAppConfig{DataDir: dir, EncryptionEnv: "nezuko_livetest_env"})
	svc, err := hooks.Register(app, hooks.Options{Config: cfg})
	if err != nil {
		tb.Fatal(err)
	}
	if err := app.Bootstrap(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		app.OnTerminate().Trigger(&core.TerminateEvent{App: app}, func(e *core.TerminateEvent) error {
			return app.ResetBootstrapState()
		})
	})
	return app, svc
}
