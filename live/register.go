package live

import (
	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/logwriter"
)

// Config is what Register needs besides the app.
type Config struct {
	// Logs, when set, feeds TopicVerification and TopicLog with its committed batches.
	Logs *logwriter.Writer
	// Options tune the Hub.
	Options Options
}

// Register builds the app's Hub and binds what publishes without being told: the log
// writer's batches, bot_status rows, new admin_commands rows, and the end of realtime
// connections (their mailboxes close). A command's later status changes are announced
// by whoever makes them, through PublishCommand. The Hub runs between Start and Close.
func Register(app core.App, cfg Config) *Hub {
	h := New(app, cfg.Options)
	if cfg.Logs != nil {
		cfg.Logs.Observe(h.ObserveBatch)
	}
	app.OnRealtimeConnectRequest().BindFunc(h.OnConnect)
	app.OnRecordAfterCreateSuccess(c.BotStatus).BindFunc(h.OnBotStatus)
	app.OnRecordAfterUpdateSuccess(c.BotStatus).BindFunc(h.OnBotStatus)
	app.OnRecordAfterCreateSuccess(c.AdminCommands).BindFunc(h.OnCommandCreated)
	return h
}
