package hooks

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"github.com/nezuko/nezuko/adminlog"
	"github.com/nezuko/nezuko/logwriter"
)

// teeAppLogger makes app.Logger() also write INFO+ records into admin_logs through w,
// once the app (and so PocketBase's logger) is bootstrapped. The log writer reports its
// own failures to its ErrorLog (slog.Default(), not app.Logger()), so a failing
// database never feeds itself.
func teeAppLogger(app core.App, w *logwriter.Writer) {
	h := adminlog.New(func() adminlog.Sink { return w }, adminlog.Options{})
	if app.IsBootstrapped() {
		adminlog.Tee(app.Logger(), h)
		return
	}
	// The innermost handler: right after PocketBase made its logger, before any other
	// OnBootstrap handler's after-part can derive a logger from it.
	app.OnBootstrap().Bind(&hook.Handler[*core.BootstrapEvent]{
		Func: func(e *core.BootstrapEvent) error {
			if err := e.Next(); err != nil {
				return err
			}
			adminlog.Tee(e.App.Logger(), h)
			return nil
		},
		Priority: 1000,
	})
}
