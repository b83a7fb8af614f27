package loadtest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/nezuko/nezuko/config"
	"github.com/nezuko/nezuko/hooks"
	_ "github.com/nezuko/nezuko/pb_migrations" // registers Nezuko's migrations
	"github.com/nezuko/nezuko/secret"
)

// realApp is the Nezuko app under load: a PocketBase app on a temporary pb_data with
// every hook of hooks.Register bound, as `nezuko serve` binds them.
type realApp struct {
	app *core.BaseApp
	svc *hooks.Services
	dir string
}

// openApp bootstraps the app on a fresh temporary pb_data, applies every migration and
// binds every hook; the bots start later (startBots), once the world exists.
func openApp(apiURL string) (*realApp, error) {
	dir, err := os.MkdirTemp("", "nezuko-load-")
	if err != nil {
		return nil, err
	}
	key, err := secret.GenerateKey()
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	app := core.NewBaseApp(core.BaseAppConfig{DataDir: dir})
	svc, err := hooks.Register(app, hooks.Options{
		Config:     config.Config{EncryptionKey: key, APIURL: apiURL},
		Logger:     slog.New(slog.NewTextHandler(io.Discard, nil)),
		ManualBots: true, // started by startBots, after the world is set up
	})
	if err == nil {
		err = app.Bootstrap()
	}
	if err == nil {
		err = app.RunAllMigrations()
	}
	if err != nil {
		app.ResetBootstrapState()
		os.RemoveAll(dir)
		return nil, fmt.Errorf("load: open the app: %w", err)
	}
	return &realApp{app: app, svc: svc, dir: dir}, nil
}

// stopBots stops every bot (each engine finishes the updates it took, stores its
// offset and drains its warning queues) and flushes the log writer.
func (a *realApp) stopBots(timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	a.svc.Bots.Close(ctx)
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("bots not stopped within %s", timeout)
	}
	return a.svc.Logs.Flush(ctx)
}

// close terminates the app as `nezuko serve` does on SIGTERM (every OnTerminate hook:
// bot manager, live hub, the log writer's final flush) and removes its pb_data.
func (a *realApp) close() error {
	err := a.app.OnTerminate().Trigger(&core.TerminateEvent{App: a.app}, func(e *core.TerminateEvent) error {
		return e.App.ResetBootstrapState()
	})
	return errors.Join(err, os.RemoveAll(a.dir))
}
