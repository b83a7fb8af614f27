package hooks

import (
	"log/slog"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"github.com/nezuko/nezuko/bottoken"
	"github.com/nezuko/nezuko/config"
	"github.com/nezuko/nezuko/datadir"
	"github.com/nezuko/nezuko/secret"
)

// secureDataDir keeps the data directory private and loads the token key into sealer
// once it is open (at once for an app already bootstrapped): a command that never
// bootstraps (`nezuko --help`) creates no key file. logger (nil = slog.Default())
// receives the warnings of the key loading.
func secureDataDir(app core.App, sealer *bottoken.Sealer, cfg config.Config, logger *slog.Logger) error {
	if logger == nil {
		logger = slog.Default()
	}
	loadKey := func() error {
		box, err := secret.LoadBox(cfg.EncryptionKey, app.DataDir(), logger)
		sealer.Box = box
		return err
	}
	if app.IsBootstrapped() {
		return loadKey()
	}
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
	return nil
}
