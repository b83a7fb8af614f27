// Package hooks wires Nezuko's packages into the PocketBase app; it holds no logic of its own.
//
//	err := hooks.Register(app, hooks.Options{Config: cfg, Public: publicFS})
package hooks

import (
	"io/fs"
	"log/slog"
	"net/http"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"github.com/nezuko/nezuko/botmanager"
	"github.com/nezuko/nezuko/bottoken"
	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/config"
	"github.com/nezuko/nezuko/datadir"
	"github.com/nezuko/nezuko/live"
	"github.com/nezuko/nezuko/logwriter"
	"github.com/nezuko/nezuko/metrics"
	"github.com/nezuko/nezuko/policy"
	"github.com/nezuko/nezuko/secret"
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

// Services are the long-lived parts Register built, for callers that need them.
type Services struct {
	Sealer *bottoken.Sealer
	// Logs is the single writer of verification_log, api_call_log and admin_logs;
	// nil until the database is open.
	Logs *logwriter.Writer
	// Bots runs the bots, their status rows and the command worker.
	Bots *botmanager.Manager
	// Live publishes the custom realtime topics (DESIGN.md §6).
	Live *live.Hub
	// Logger is app.Logger() resolved at each record, so a logger derived from it before
	// bootstrap (when app.Logger() is still slog.Default()) reaches PocketBase's logger
	// and admin_logs afterwards. Give it to packages built in Register.
	Logger *slog.Logger
	// Metrics backs GET /metrics; Metrics.Events() is the gatekeeper's event sink.
	Metrics *metrics.Metrics

	logObservers []func(*logwriter.Batch)  // bound to Logs when it starts
	logStarted   []func(*logwriter.Writer) // called with Logs once it exists, before it runs
}

// Register binds every hook and route, and loads the token key once the data directory
// is open (at once for an app already bootstrapped). A malformed key fails Register or
// the bootstrap, so the server does not start.
func Register(app core.App, opts Options) (*Services, error) {
	logger := opts.Logger
	if logger == nil {
		logger = slog.Default()
	}
	svc := &Services{Sealer: &bottoken.Sealer{APIURL: opts.Config.APIURL}}
	loadKey := func() error {
		box, err := secret.LoadBox(opts.Config.EncryptionKey, app.DataDir(), logger)
		svc.Sealer.Box = box
		return err
	}
	if app.IsBootstrapped() {
		if err := loadKey(); err != nil {
			return nil, err
		}
	} else {
		// Once the data directory is open: a command that never bootstraps (`nezuko
		// --help`) creates no key file.
		app.OnBootstrap().Bind(&hook.Handler[*core.BootstrapEvent]{
			Func: func(e *core.BootstrapEvent) error {
				if err := datadir.Secure(app.DataDir()); err != nil { // before PocketBase creates it
					return err
				}
				if err := e.Next(); err != nil {
					return err
				}
				if err := datadir.Secure(app.DataDir()); err != nil {
					return err
				}
				return loadKey()
			},
			Priority: -100,
		})
	}

	bindRecordPolicies(app, svc)
	bindLiveData(app, opts.Config, svc)
	bindAnalytics(app, svc) // before startLogWriter: it observes the writer
	startLogWriter(app, svc)
	bindFunctions(app, opts.Config, svc)
	bindBots(app, opts, svc)
	bindTelegramAuth(app, svc, opts.NoLoginWidget)
	if opts.Public != nil {
		servePublic(app, opts.Public)
	}
	return svc, nil
}

func bindRecordPolicies(app core.App, svc *Services) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.Bind(&hook.Handler[*core.RequestEvent]{Id: "nezukoViewersCannotCreate", Func: policy.ViewersCannotCreate,
			Priority: apis.DefaultLoadAuthTokenMiddlewarePriority + 1}) // once the caller is known
		return se.Next()
	})
	app.OnRecordCreate(c.BotInstances).BindFunc(svc.Sealer.OnSave)
	app.OnRecordUpdate(c.BotInstances).BindFunc(svc.Sealer.OnSave)

	app.OnRecordCreateRequest(c.BotInstances, c.AdminUsers).BindFunc(policy.KeepServerFields) // before CreateDefaults
	app.OnRecordUpdateRequest(c.BotInstances, c.AdminUsers).BindFunc(policy.KeepServerFields)
	app.OnRecordCreateRequest(c.BotInstances, c.AdminUsers, c.ProtectedGroups).BindFunc(policy.CreateDefaults)
	app.OnRecordDeleteRequest(c.BotInstances, c.AdminUsers).BindFunc(policy.SoftDelete)
	app.OnRecordCreateRequest(c.AdminCommands).BindFunc(policy.NewCommand)
	app.OnRecordCreateRequest(c.ProtectedGroups).BindFunc(policy.KeepHealth)
	app.OnRecordUpdateRequest(c.ProtectedGroups).BindFunc(policy.KeepHealth)
	app.OnRecordCreateRequest(c.ProtectedGroups).BindFunc(policy.CheckParams)
	app.OnRecordUpdateRequest(c.ProtectedGroups).BindFunc(policy.CheckParams)
	app.OnRecordCreateRequest(c.AdminConfig).BindFunc(policy.StampConfigEditor)
	app.OnRecordUpdateRequest(c.AdminConfig).BindFunc(policy.StampConfigEditor)
	app.OnRecordEnrich(c.AdminConfig).BindFunc(policy.MaskSensitiveConfig)
	app.OnRecordsListRequest().BindFunc(policy.GuardConfigListProbes)
	app.OnRealtimeSubscribeRequest().BindFunc(policy.GuardConfigSubscriptionProbes)
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.GET(policy.SchemaPath, policy.Schema).Bind(policy.RequireAdmin(policy.AnyAdmin))
		return se.Next()
	})
	app.OnRecordAuthRequest(c.AdminUsers).BindFunc(policy.RecordLogin)
	app.OnRecordAuthWithPasswordRequest(c.AdminUsers).BindFunc(policy.HideDisabledAccounts)
	app.OnRecordRequestEmailChangeRequest(c.AdminUsers).BindFunc(policy.RefuseEmailChangeRequest)
	app.OnRecordConfirmEmailChangeRequest(c.AdminUsers).BindFunc(policy.RefuseEmailChangeConfirm)
}

// servePublic serves the embedded dashboard at "/" with an index.html fallback,
// after every other route (the admin UI at /_/ and /api/ win): gzip, and cache headers
// from package webui.
func servePublic(app core.App, public fs.FS) {
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Func: func(e *core.ServeEvent) error {
			if !e.Router.HasRoute(http.MethodGet, "/{path...}") {
				e.Router.GET("/{path...}", webui.Handler(public))
			}
			return e.Next()
		},
		Priority: 999,
	})
}
