// Package hooks wires Nezuko's features into the PocketBase app; it holds no logic of its own.
//
//	err := hooks.Register(app, hooks.Options{Config: cfg, Public: publicFS})
//
// Register reads as the list of features: each feature package's Register(app, Config)
// binds its own hooks and routes, dependencies are passed at construction, and every
// long-running part has Start(ctx) / Close(ctx) error (see lifecycle.go).
package hooks

import (
	"io/fs"
	"log/slog"

	"github.com/pocketbase/pocketbase/core"

	"github.com/nezuko/nezuko/adminlog"
	"github.com/nezuko/nezuko/analytics"
	"github.com/nezuko/nezuko/audit"
	"github.com/nezuko/nezuko/botfunctions"
	"github.com/nezuko/nezuko/botmanager"
	"github.com/nezuko/nezuko/bottoken"
	"github.com/nezuko/nezuko/channelgroups"
	"github.com/nezuko/nezuko/config"
	"github.com/nezuko/nezuko/live"
	"github.com/nezuko/nezuko/logwriter"
	"github.com/nezuko/nezuko/metrics"
	"github.com/nezuko/nezuko/tgauth"
	"github.com/nezuko/nezuko/webui"
)

// Options are what Register needs from main (or from a test).
type Options struct {
	Config config.Config
	// Public is the dashboard served at "/" (pb_public, embedded); nil serves nothing.
	Public fs.FS
	// Logger receives start-up warnings before the app's own logger exists; nil = slog.Default().
	Logger *slog.Logger
	// ManualBots keeps the bot manager from starting on serve (tests start it themselves
	// with Services.Bots.Start, so API tests do not run the bots of their fixtures).
	ManualBots bool
	// NoLoginWidget: the bots are not Telegram's (`nezuko demo`'s fake Bot API), so the
	// sign-in page offers no Telegram Login Widget (it could only fail to load).
	NoLoginWidget bool
}

// Services are the long-lived parts Register built, for callers that need them. Every
// field is set when Register returns.
type Services struct {
	Sealer *bottoken.Sealer
	// Logs is the single writer of verification_log, api_call_log, admin_logs and
	// gate_events; it writes once the database is open (rows added before wait).
	Logs *logwriter.Writer
	// Live publishes the custom realtime topics (DESIGN.md §6).
	Live *live.Hub
	// Metrics backs GET /metrics; Metrics.Events() is the gatekeeper's event sink.
	Metrics *metrics.Metrics
	// Analytics serves the RPCs, keeps the rollups and answers the engines' /status counts.
	Analytics *analytics.Service
	// Bots runs the bots, their status rows and the command worker.
	Bots *botmanager.Manager
	// Logger is app.Logger() resolved at each record, so a logger derived from it before
	// bootstrap (when app.Logger() is still slog.Default()) reaches PocketBase's logger
	// and admin_logs afterwards. Give it to packages built in Register.
	Logger *slog.Logger
}

// Register binds every feature, loads the token key once the data directory is open (at
// once for an app already bootstrapped), starts the long-running parts with the database
// and closes them when the app terminates. A malformed key fails Register or the
// bootstrap, so the server does not start.
func Register(app core.App, opts Options) (*Services, error) {
	cfg := opts.Config
	svc := &Services{
		Sealer: &bottoken.Sealer{APIURL: cfg.APIURL},
		Logs:   logwriter.New(app, logwriter.Options{}),
		Logger: slog.New(adminlog.NewLate(app.Logger)),
	}
	if err := secureDataDir(app, svc.Sealer, cfg, opts.Logger); err != nil {
		return nil, err
	}
	bindRecordPolicies(app, svc.Sealer)
	audit.Register(app)
	svc.Live = live.Register(app, live.Config{Logs: svc.Logs})
	svc.Metrics = metrics.Register(app, metrics.Config{Token: cfg.MetricsToken, Logs: svc.Logs, Hub: svc.Live})
	svc.Analytics = analytics.Register(app, analytics.Config{Logs: svc.Logs})
	teeAppLogger(app, svc.Logs)
	botfunctions.Register(app, botfunctions.Config{Sealer: svc.Sealer, APIURL: cfg.APIURL})
	svc.Bots = registerBots(app, opts, svc)
	tgauth.Register(app, tgauth.Config{Open: svc.Sealer.Open, NoWidget: opts.NoLoginWidget})
	channelgroups.Register(app)
	webui.Register(app, webui.Config{Public: opts.Public})
	runWithDatabase(app, svc.Logs, svc.Live, svc.Analytics)
	return svc, nil
}
