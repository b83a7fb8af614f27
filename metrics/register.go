package metrics

import (
	"github.com/pocketbase/pocketbase/core"

	"github.com/nezuko/nezuko/live"
	"github.com/nezuko/nezuko/logwriter"
)

// Route is the path of the Prometheus endpoint.
const Route = "/metrics"

// Config is what Register needs besides the app.
type Config struct {
	// Token, when set, also admits "Authorization: Bearer <Token>" on Route besides
	// superusers (METRICS_TOKEN).
	Token string
	// Logs, when set, is counted (ObserveBatch) and its queue made visible.
	Logs *logwriter.Writer
	// Hub, when set, has its subscribers and deliveries made visible.
	Hub *live.Hub
}

// Register builds the app's Metrics from its sources and serves GET Route.
func Register(app core.App, cfg Config) *Metrics {
	m := New(app)
	if cfg.Hub != nil {
		m.SetHub(cfg.Hub.Stats)
	}
	if cfg.Logs != nil {
		m.SetWriter(cfg.Logs.Stats)
		cfg.Logs.Observe(m.ObserveBatch)
	}
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.GET(Route, m.Handler(cfg.Token))
		return se.Next()
	})
	return m
}
