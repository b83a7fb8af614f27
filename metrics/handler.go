package metrics

import (
	"crypto/subtle"
	"net/http"
	"strings"

	"github.com/pocketbase/pocketbase/core"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Handler serves GET /metrics in the Prometheus text format to superusers and, when
// token is not empty, to requests with "Authorization: Bearer <token>" (compared in
// constant time); everyone else gets 401.
func (m *Metrics) Handler(token string) func(*core.RequestEvent) error {
	serve := promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
	return func(e *core.RequestEvent) error {
		if !e.HasSuperuserAuth() && !bearerOK(e.Request, token) {
			return e.UnauthorizedError("The request requires superuser or metrics token authorization.", nil)
		}
		serve.ServeHTTP(e.Response, e.Request)
		return nil
	}
}

func bearerOK(r *http.Request, token string) bool {
	if token == "" {
		return false
	}
	h := r.Header.Get("Authorization")
	const prefix = "Bearer "
	if len(h) < len(prefix) || !strings.EqualFold(h[:len(prefix)], prefix) {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(h[len(prefix):]), []byte(token)) == 1
}
