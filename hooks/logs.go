package hooks

import (
	"context"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/nezuko/nezuko/logwriter"
)

// closeTimeout bounds the final flush of the log writer at shutdown.
const closeTimeout = 30 * time.Second

// startLogWriter runs the log batch writer once the database is open and flushes it
// when the app terminates.
func startLogWriter(app core.App, svc *Services) {
	start := func() error {
		w, err := logwriter.New(app, logwriter.Options{})
		if err != nil {
			return err
		}
		for _, observe := range svc.logObservers {
			w.Observe(observe)
		}
		for _, started := range svc.logStarted {
			started(w)
		}
		svc.Logs = w
		go w.Run()
		return nil
	}
	if app.IsBootstrapped() {
		if err := start(); err != nil {
			app.Logger().Error("log writer not started", "error", err)
		}
	} else {
		app.OnBootstrap().BindFunc(func(e *core.BootstrapEvent) error {
			if err := e.Next(); err != nil {
				return err
			}
			return start()
		})
	}
	app.OnTerminate().BindFunc(func(e *core.TerminateEvent) error {
		if svc.Logs != nil {
			ctx, cancel := context.WithTimeout(context.Background(), closeTimeout)
			defer cancel()
			if err := svc.Logs.Close(ctx); err != nil {
				app.Logger().Error("log rows lost at shutdown", "error", err)
			}
		}
		return e.Next()
	})
}
