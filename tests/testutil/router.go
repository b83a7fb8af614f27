package testutil

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
)

// Router builds the app's real HTTP handler with every OnServe hook applied, so a test
// (or a fuzz target, once per target) sends requests in-process.
func Router(tb testing.TB, app core.App) http.Handler {
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
	return mux
}

// CheckAnswer fails tb unless res is what a client may get for any input: never a 5xx;
// an error in PocketBase's shape {status, message, data} with a message; a success as
// valid JSON.
func CheckAnswer(tb testing.TB, res *httptest.ResponseRecorder) {
	tb.Helper()
	body := res.Body.Bytes()
	if res.Code >= 500 {
		tb.Fatalf("status %d: %s", res.Code, body)
	}
	if res.Code >= 400 {
		var e struct {
			Status  int            `json:"status"`
			Message string         `json:"message"`
			Data    map[string]any `json:"data"`
		}
		if err := json.Unmarshal(body, &e); err != nil || e.Status != res.Code || e.Message == "" || e.Data == nil {
			tb.Fatalf("status %d, error body %q is not {status, message, data} (%v)", res.Code, body, err)
		}
		return
	}
	if !json.Valid(body) {
		tb.Fatalf("status %d, body is not JSON: %q", res.Code, body)
	}
}
