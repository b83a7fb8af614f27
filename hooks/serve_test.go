package hooks_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
)

// serve sends one request through a handler made by testutil.Router.
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
