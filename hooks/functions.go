package hooks

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/nezuko/nezuko/config"
	"github.com/nezuko/nezuko/functions"
)

// bindFunctions serves manage-bot and test-webhook.
func bindFunctions(app core.App, cfg config.Config, svc *Services) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		functions.Register(se, functions.Deps{Sealer: svc.Sealer, APIURL: cfg.APIURL})
		return se.Next()
	})
}
