package hooks

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/nezuko/nezuko/analytics"
	"github.com/nezuko/nezuko/policy"
)

// bindAnalytics serves the 15 analytics RPCs at GET|POST /api/rpc/{name} to active admin
// users and superusers, and schedules the rollup and log-retention crons.
func bindAnalytics(app core.App) {
	svc := analytics.New(app)
	svc.Bind()
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.GET(analytics.Route, svc.Handle).Bind(policy.RequireAdmin(policy.AnyAdmin))
		se.Router.POST(analytics.Route, svc.Handle).Bind(policy.RequireAdmin(policy.AnyAdmin))
		return se.Next()
	})
}
