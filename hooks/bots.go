package hooks

import (
	"context"
	"runtime/debug"

	"github.com/go-telegram/bot"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"github.com/nezuko/nezuko/botmanager"
	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper"
)

// bindBots runs the bot manager: bots start on serve and follow their records, commands
// are executed, webhooks are received, and everything stops (before the log writer's
// final flush) on terminate.
func bindBots(app core.App, opts Options, svc *Services) {
	cfg := opts.Config
	var events gatekeeper.Events
	if svc.Metrics != nil {
		events = svc.Metrics.Events()
	}
	factory := func(spec botmanager.EngineSpec) (botmanager.Engine, error) {
		return gatekeeper.New(gatekeeper.Config{
			App: app, Logs: svc.Logs, APIURL: cfg.APIURL, Logger: app.Logger(), Events: events,
			BotRecordID: spec.BotRecordID, BotID: spec.BotID, Username: spec.Username,
			OnUnauthorized: func() { spec.OnPoll(bot.ErrorUnauthorized) },
			OnPoll:         spec.OnPoll,
		})
	}
	m := botmanager.New(botmanager.Options{
		App: app, Sealer: svc.Sealer, NewEngine: factory, Version: version(), Logger: svc.Logger,
		WebhookURL: cfg.WebhookURL, WebhookSecret: cfg.WebhookSecret,
		OnCommandChange: func(ch botmanager.CommandChange) { // announced once: topic and metrics
			if ch.Finished {
				svc.Metrics.CommandFinished(ch.Command.CommandType(), ch.Command.Status())
			}
			if ch.Saved {
				svc.Live.PublishCommand(ch.Command.Record)
			}
		},
	})
	svc.Bots = m

	sync := func(e *core.RecordEvent) error {
		m.Sync(e.Record.Id)
		return e.Next()
	}
	app.OnRecordAfterCreateSuccess(c.BotInstances).BindFunc(sync)
	app.OnRecordAfterUpdateSuccess(c.BotInstances).BindFunc(sync)
	app.OnRecordAfterDeleteSuccess(c.BotInstances).BindFunc(sync)
	groupChanged := func(e *core.RecordEvent) error { // params through the API apply at once
		m.GroupChanged(c.Wrap(&c.ProtectedGroup{}, e.Record).GroupID())
		return e.Next()
	}
	app.OnRecordAfterUpdateSuccess(c.ProtectedGroups).BindFunc(groupChanged)
	app.OnRecordAfterDeleteSuccess(c.ProtectedGroups).BindFunc(groupChanged)
	linksChanged := func(e *core.RecordEvent) error {
		m.GroupChanged(0)
		return e.Next()
	}
	app.OnRecordAfterCreateSuccess(c.GroupChannelLinks, c.EnforcedChannels).BindFunc(linksChanged)
	app.OnRecordAfterUpdateSuccess(c.GroupChannelLinks, c.EnforcedChannels).BindFunc(linksChanged)
	app.OnRecordAfterDeleteSuccess(c.GroupChannelLinks, c.EnforcedChannels).BindFunc(linksChanged)
	app.OnRecordAfterCreateSuccess(c.AdminCommands).BindFunc(func(e *core.RecordEvent) error {
		m.Kick()
		return e.Next()
	})
	app.OnRecordAfterUpdateSuccess(c.AdminCommands).BindFunc(m.OnCommandEdited) // superusers' edits

	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		m.RegisterWebhook(se)
		if opts.ManualBots {
			return se.Next()
		}
		if cfg.BotToken != "" {
			if _, err := botmanager.EnsureStandalone(context.Background(), app, svc.Sealer, cfg.APIURL, cfg.BotToken); err != nil {
				app.Logger().Error("BOT_TOKEN could not be added", "error", err.Error())
			}
		}
		m.Start()
		return se.Next()
	})
	app.OnTerminate().Bind(&hook.Handler[*core.TerminateEvent]{
		Func: func(e *core.TerminateEvent) error {
			ctx, cancel := context.WithTimeout(context.Background(), closeTimeout)
			defer cancel()
			m.Stop(ctx)
			return e.Next()
		},
		Priority: -10, // before the log writer's final flush
	})
}

// version is the module version of the binary ("dev" for local builds).
func version() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "dev"
}
