package hooks

import (
	"log/slog"
	"sync/atomic"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"github.com/nezuko/nezuko/applog"
	"github.com/nezuko/nezuko/audit"
	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/config"
	"github.com/nezuko/nezuko/live"
	"github.com/nezuko/nezuko/logwriter"
	"github.com/nezuko/nezuko/metrics"
)

// bindLiveData wires the live data of DESIGN.md §3, §6 and §7: the custom realtime
// topics, admin_logs from the app's slog records, audit rows and GET /metrics.
// Call it before startLogWriter: it adds log writer observers.
func bindLiveData(app core.App, cfg config.Config, svc *Services) {
	hub := live.New(app, live.Options{})
	m := metrics.New(app)
	m.SetHub(hub.Stats)
	svc.Live, svc.Metrics = hub, m
	svc.Logger = slog.New(applog.NewLate(app.Logger))

	var writer atomic.Pointer[logwriter.Writer]
	svc.logObservers = append(svc.logObservers, m.ObserveBatch, hub.ObserveBatch)
	svc.logStarted = append(svc.logStarted, func(w *logwriter.Writer) {
		writer.Store(w)
		m.SetWriter(w.Stats)
	})

	bindRealtimeTopics(app, hub)
	bindAudit(app)
	teeAppLogger(app, func() applog.Sink {
		if w := writer.Load(); w != nil {
			return w
		}
		return nil
	})
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.GET("/metrics", m.Handler(cfg.MetricsToken))
		return se.Next()
	})
}

func bindRealtimeTopics(app core.App, hub *live.Hub) {
	go hub.Run()
	app.OnTerminate().BindFunc(func(e *core.TerminateEvent) error {
		hub.Close()
		return e.Next()
	})
	app.OnRealtimeConnectRequest().BindFunc(hub.OnConnect)
	app.OnRecordAfterCreateSuccess(c.BotStatus).BindFunc(hub.OnBotStatus)
	app.OnRecordAfterUpdateSuccess(c.BotStatus).BindFunc(hub.OnBotStatus)
	app.OnRecordAfterCreateSuccess(c.AdminCommands).BindFunc(hub.OnCommandCreated)
}

// bindAudit runs every API create/update/delete on the audited collections inside a
// transaction that also saves its admin_audit_log row.
func bindAudit(app core.App) {
	wrap := func(f func(*core.RecordRequestEvent) error) *hook.Handler[*core.RecordRequestEvent] {
		return &hook.Handler[*core.RecordRequestEvent]{Func: f, Priority: audit.Priority}
	}
	app.OnRecordCreateRequest(audit.Collections...).Bind(wrap(audit.Create))
	app.OnRecordUpdateRequest(audit.Collections...).Bind(wrap(audit.Update))
	app.OnRecordDeleteRequest(audit.Collections...).Bind(wrap(audit.Delete))
}

// teeAppLogger makes app.Logger() also write INFO+ records into admin_logs, once the
// app (and so PocketBase's logger) is bootstrapped. The log writer reports its own
// failures to its ErrorLog (slog.Default(), not app.Logger()), so a failing database
// never feeds itself.
func teeAppLogger(app core.App, sink func() applog.Sink) {
	h := applog.New(sink, applog.Options{})
	if app.IsBootstrapped() {
		applog.Tee(app.Logger(), h)
		return
	}
	// The innermost handler: right after PocketBase made its logger, before any other
	// OnBootstrap handler's after-part can derive a logger from it.
	app.OnBootstrap().Bind(&hook.Handler[*core.BootstrapEvent]{
		Func: func(e *core.BootstrapEvent) error {
			if err := e.Next(); err != nil {
				return err
			}
			applog.Tee(e.App.Logger(), h)
			return nil
		},
		Priority: 1000,
	})
}
