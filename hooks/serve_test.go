package hooks_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
)

// router builds the app's real HTTP handler, with every OnServe hook applied.
func router(tb testing.TB, app core.App) http.Handler {
	tb.Helper()
	r, err := apis.NewRouter(app)
	if err != nil {
		tb.Fatal(err)
	}
	ev := &core.ServeEvent{App: app, Router: r}
	var mux http.Handler
	err = app.OnServe().Trigger(ev, func(e *core.ServeEvent) error {
		m, err := e.Router.BuildMux()
		mux = m
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return mux
}

// serve sends one request through a router made by router.
func serve(h http.Handler, method, url, body, auth string) *http.Response {
	req := httptest.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}
