package webui

import (
	"io/fs"
	"net/http"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// Config is what Register needs.
type Config struct {
	// Public is the built dashboard (pb_public, embedded); nil serves nothing.
	Public fs.FS
}

// Register serves cfg.Public at "/" with the index.html fallback, after every other
// route (the admin UI at /_/ and /api/ win).
func Register(app core.App, cfg Config) {
	if cfg.Public == nil {
		return
	}
	app.OnServe().Bind(&hook.Handler[*core.ServeEvent]{
		Func: func(e *core.ServeEvent) error {
			if !e.Router.HasRoute(http.MethodGet, "/{path...}") {
				e.Router.GET("/{path...}", Handler(cfg.Public))
			}
			return e.Next()
		},
		Priority: 999,
	})
}
