package hooks

import (
	"context"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// closeTimeout bounds the stop of each long-running part at shutdown (the log
// writer's final flush included).
const closeTimeout = 30 * time.Second

// service is the one lifecycle shape of Nezuko's long-running parts: built (and
// registered) without goroutines, then Start, then Close.
type service interface {
	Start(ctx context.Context) error
	Close(ctx context.Context) error
}

// runWithDatabase starts services in order once the database is open (at once for an
// app already bootstrapped: a failure is then logged) and closes them in reverse order
// when the app terminates, after the bots (see registerBots).
func runWithDatabase(app core.App, services ...service) {
	start := func() error {
		for _, s := range services {
			if err := s.Start(context.Background()); err != nil {
				return err
			}
		}
		return nil
	}
	if app.IsBootstrapped() {
		if err := start(); err != nil {
			app.Logger().Error("not started", "error", err)
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
		for i := len(services) - 1; i >= 0; i-- {
			ctx, cancel := context.WithTimeout(context.Background(), closeTimeout)
			if err := services[i].Close(ctx); err != nil {
				app.Logger().Error("not stopped cleanly at shutdown", "error", err)
			}
			cancel()
		}
		return e.Next()
	})
}
