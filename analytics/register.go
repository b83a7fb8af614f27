package analytics

import (
	"context"

	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/logwriter"
	"github.com/nezuko/nezuko/policy"
)

// Config is what Register needs besides the app.
type Config struct {
	// Logs, when set, is observed: the rollups follow each commit of the log writer (Notify).
	Logs *logwriter.Writer
	// Options tune the Service (tests).
	Options []Option
}

// Register builds the app's analytics Service and binds it: GET|POST Route for active
// admin users and superusers, the per-minute rollup job and the daily retention job on
// the app's cron (which runs while the app serves), a rollup after each log writer
// commit, and a re-sync after a log row is deleted through PocketBase (if the newest
// rows go, SQLite hands their rowids to the next rows, and the watermark must step back
// before those arrive). The Notify loop runs between Start and Close; when the app
// starts serving, a background warm-up (warm.go) answers every function once, so the
// first calls after a restart are not the slow, cold ones.
func Register(app core.App, cfg Config) *Service {
	s := New(app, cfg.Options...)
	s.app.Cron().MustAdd("nezukoAnalyticsRollup", "* * * * *", s.cronSync)
	s.app.Cron().MustAdd("nezukoLogRetention", "17 3 * * *", s.cronPrune)
	app.OnRecordAfterDeleteSuccess(c.VerificationLog, c.APICallLog).BindFunc(func(e *core.RecordEvent) error {
		if err := s.Sync(context.Background()); err != nil {
			e.App.Logger().Error("analytics rollup after delete failed", "error", err)
		}
		return e.Next()
	})
	if cfg.Logs != nil {
		cfg.Logs.Observe(func(*logwriter.Batch) { s.Notify() })
	}
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		s.startWarm()
		se.Router.GET(Route, s.Handle).Bind(policy.RequireAdmin(policy.AnyAdmin))
		se.Router.POST(Route, s.Handle).Bind(policy.RequireAdmin(policy.AnyAdmin))
		return se.Next()
	})
	return s
}
