package hooks

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/nezuko/nezuko/analytics"
	"github.com/nezuko/nezuko/logwriter"
	"github.com/nezuko/nezuko/policy"
)

// bindAnalytics serves the analytics RPCs (the 15 and get_conversion_funnel) at GET|POST /api/rpc/{name} to active admin
// users and superusers, schedules the rollup and log-retention crons, and rolls up after
// every commit of the log writer (call it before startLogWriter).
func bindAnalytics(app core.App, svc *Services) {
	an := analytics.New(app)
	svc.Analytics = an
	an.Bind()
	svc.logObservers = append(svc.logObservers, func(*logwriter.Batch) { an.Notify() })
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.GET(analytics.Route, an.Handle).Bind(policy.RequireAdmin(policy.AnyAdmin))
		se.Router.POST(analytics.Route, an.Handle).Bind(policy.RequireAdmin(policy.AnyAdmin))
		return se.Next()
	})
}
