// Package livetest helps the live-data tests (packages live, audit, applog, metrics):
// a real Nezuko test app with its hooks.Services, served over loopback HTTP, and a
// PocketBase realtime (SSE) client.
//
//	app, svc := livetest.NewApp(t, config.Config{})
//	srv := livetest.Serve(t, app)
//	s := livetest.Subscribe(t, srv.URL, token, live.TopicLog)
//	ev := s.Expect(t, live.TopicLog)
package livetest

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/nezuko/nezuko/config"
	"github.com/nezuko/nezuko/hooks"
	"github.com/nezuko/nezuko/testutil"
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

// Serve serves app's routes (OnServe included) on a loopback httptest server.
func Serve(tb testing.TB, app core.App) *httptest.Server {
	tb.Helper()
	r, err := apis.NewRouter(app)
	if err != nil {
		tb.Fatal(err)
	}
	var mux http.Handler
	err = app.OnServe().Trigger(&core.ServeEvent{App: app, Router: r}, func(e *core.ServeEvent) error {
		m, err := e.Router.BuildMux()
		mux = m
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	srv := httptest.NewServer(mux)
	tb.Cleanup(srv.Close)
	return srv
}
