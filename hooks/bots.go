package hooks

import (
	"context"
	"runtime/debug"

	"github.com/go-telegram/bot"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"github.com/nezuko/nezuko/botmanager"
	"github.com/nezuko/nezuko/gatekeeper"
)

// processHandling bounds the updates the process's bots handle at once, all bots
// together (gatekeeper.Config.Shared): one bot alone keeps its own bound of 256.
const processHandling = 256

// registerBots registers the bot manager with the gatekeeper as its engine factory and
// the command worker's announcements feeding metrics and the commands topic; the bots
// start on serve (unless opts.ManualBots) and stop on terminate, before the log
// writer's final flush.
func registerBots(app core.App, opts Options, svc *Services) *botmanager.Manager {
	cfg := opts.Config
	events := svc.Metrics.Events()
	stats := svc.Analytics // gatekeeper.Stats: the /status counts
	handling := make(chan struct{}, processHandling)
	factory := func(spec botmanager.EngineSpec) (botmanager.Engine, error) {
		return gatekeeper.New(gatekeeper.Config{
			App: app, Logs: svc.Logs, APIURL: cfg.APIURL, Logger: app.Logger(), Events: events, Stats: stats,
			BotRecordID: spec.BotRecordID, BotID: spec.BotID, Username: spec.Username,
			OnUnauthorized: func() { spec.OnPoll(bot.ErrorUnauthorized) },
			OnPoll:         spec.OnPoll, Shared: handling,
		})
	}
	announce := func(ch botmanager.CommandChange) { // each status change once: metrics, then the topic
		if ch.Finished {
			svc.Metrics.CommandFinished(ch.Command.CommandType(), ch.Command.Status())
		}
		if ch.Saved {
			svc.Live.PublishCommand(ch.Command.Record)
		}
	}
	m := botmanager.Register(app, botmanager.Options{
		Sealer: svc.Sealer, NewEngine: factory, Version: version(), Logger: svc.Logger,
		WebhookURL: cfg.WebhookURL, WebhookSecret: cfg.WebhookSecret, OnCommandChange: announce,
	})

	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		if opts.ManualBots {
			return se.Next()
		}
		if cfg.BotToken != "" {
			if _, err := botmanager.EnsureStandalone(context.Background(), app, svc.Sealer, cfg.APIURL, cfg.BotToken); err != nil {
				app.Logger().Error("BOT_TOKEN could not be added", "error", err.Error())
			}
		}
		if err := m.Start(context.Background()); err != nil {
			return err
		}
		return se.Next()
	})
	app.OnTerminate().Bind(&hook.Handler[*core.TerminateEvent]{
		Func: func(e *core.TerminateEvent) error {
			ctx, cancel := context.WithTimeout(context.Background(), closeTimeout)
			defer cancel()
			if err := m.Close(ctx); err != nil {
				app.Logger().Error("bots not stopped within the timeout", "error", err)
			}
			return e.Next()
		},
		Priority: -10, // before the log writer's final flush
	})
	return m
}

// version is the module version of the binary ("dev" for local builds).
func version() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "dev"
}
