// Package demo is `nezuko demo`: the whole app served against an in-process fake
// Telegram (package telegramtest), with one demo bot protecting a group linked to two
// channels and simulated users joining, leaving and pressing buttons, so the admin UI
// and the dashboard fill live without any real token.
//
//	d := demo.FromArgs(os.Args[1:])          // nil unless `nezuko demo`
//	if d != nil { app = pocketbase.NewWithConfig(d.AppConfig()) }
//	cfg = d.Config(cfg)                       // TELEGRAM_API_URL → the fake
//	app.RootCmd.AddCommand(demo.Command(app, d))
package demo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
	"github.com/spf13/cobra"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/config"
	"github.com/nezuko/nezuko/plugins/cmdline"
	"github.com/nezuko/nezuko/secret"
	"github.com/nezuko/nezuko/tests/telegramtest"
)

// Demo is a requested demo run: the fake Bot API the app talks to, and the data
// directory it made.
type Demo struct {
	tg  *telegramtest.Server
	dir string // temporary pb_data, removed at exit ("" when --dir was given)
}

// FromArgs returns a Demo, with its fake Bot API listening on loopback, when the
// command line runs the demo subcommand; nil otherwise.
func FromArgs(args []string) *Demo {
	if i := cmdline.Subcommand(args); i < 0 || args[i] != "demo" || slices.Contains(args, "--help") || slices.Contains(args, "-h") {
		return nil
	}
	d := &Demo{tg: telegramtest.New()}
	d.tg.Start()
	if !slices.ContainsFunc(args, func(a string) bool { return a == "--dir" || strings.HasPrefix(a, "--dir=") }) {
		if dir, err := os.MkdirTemp("", "nezuko-demo-"); err == nil {
			d.dir = dir
		}
	}
	return d
}

// AppConfig is the PocketBase configuration of a demo: a fresh temporary data
// directory unless --dir names one, and no dev-mode SQL logging.
func (d *Demo) AppConfig() pocketbase.Config {
	return pocketbase.Config{DefaultDataDir: d.dir}
}

// Config points the app's Bot API URL at the demo's fake; with a nil Demo it returns
// cfg unchanged. In a temporary data directory the token key is a throwaway one held
// in memory (no key file, no warning to back up a directory removed at exit); with
// --dir the key is kept there as by serve.
func (d *Demo) Config(cfg config.Config) config.Config {
	if d != nil {
		cfg.APIURL = d.tg.URL
		cfg.BotToken, cfg.WebhookURL, cfg.WebhookSecret = "", "", "" // the demo bot only, polling
		if d.dir != "" && cfg.EncryptionKey == "" {
			if key, err := secret.GenerateKey(); err == nil {
				cfg.EncryptionKey = key
			}
		}
	}
	return cfg
}

// Close stops the fake Bot API and removes the temporary data directory (the demo
// command does this itself at exit).
func (d *Demo) Close() {
	d.tg.Close()
	if d.dir != "" {
		os.RemoveAll(d.dir)
	}
}

// Command is the `nezuko demo` subcommand (d is FromArgs' result).
func Command(app core.App, d *Demo) *cobra.Command {
	addr, rate := "127.0.0.1:8090", 2.0
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Serve the app against a fake, in-process Telegram with a demo bot and simulated users",
		Long: "Starts the server with a fake Telegram Bot API inside the process: one demo bot protects a\n" +
			"group linked to two channels while simulated users join, leave and press buttons at --rate\n" +
			"joins per second. Prints the admin UI and dashboard URLs and the demo accounts. The data lives\n" +
			"in a temporary directory removed at exit, unless --dir names one. No real token is used.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if d == nil {
				return errors.New("the demo was not prepared: run it as `nezuko demo`")
			}
			return d.run(cmd.Context(), app, cmd.OutOrStdout(), addr, rate)
		},
	}
	cmd.Flags().StringVar(&addr, "http", addr, "address to serve on")
	cmd.Flags().Float64Var(&rate, "rate", rate, "simulated joins per second")
	return cmd
}

// run sets the demo up, starts the simulation once the bots run, and serves.
func (d *Demo) run(ctx context.Context, app core.App, out io.Writer, addr string, rate float64) error {
	if ctx == nil {
		ctx = context.Background()
	}
	if err := app.RunAllMigrations(); err != nil {
		return err
	}
	w, err := Setup(app, d.tg)
	if err != nil {
		return fmt.Errorf("demo setup: %w", err)
	}
	ctx, stop := context.WithCancel(ctx)
	stats := &Stats{}
	done := make(chan struct{})
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		go func() {
			defer close(done)
			Simulate(ctx, d.tg, w, rate, stats)
		}()
		go report(ctx, app, out, stats)
		return se.Next()
	})
	app.OnTerminate().Bind(&hook.Handler[*core.TerminateEvent]{
		Func: func(e *core.TerminateEvent) error {
			stop()
			select {
			case <-done:
			case <-time.After(5 * time.Second):
			}
			err := e.Next()
			d.Close()
			return err
		},
		Priority: -1000, // around every other handler: the data dir goes last
	})
	fmt.Fprintf(out, "\nNezuko demo — a fake Telegram runs inside this process; no real token is used.\n"+
		"  Dashboard:  http://%s/        sign in as %s / %s (owner)\n"+
		"  Admin UI:   http://%s/_/      sign in as %s / %s (superuser)\n"+
		"  Demo bot:   @%s protecting %q, linked to @%s and @%s\n"+
		"  Simulated:  %.1f joins per second (--rate); the fake has no flood limits, so the demo allows\n"+
		"              %d messages per minute per group (admin_config rate_per_group_per_minute)\n",
		addr, AdminEmail, Password, addr, SuperuserEmail, Password, w.Bot.Username, w.Group.Title,
		w.Channels[0].Username, w.Channels[1].Username, rate, groupRate)
	if d.dir != "" {
		fmt.Fprintf(out, "  Data:       %s (removed at exit; --dir keeps it)\n", d.dir)
	}
	err = apis.Serve(app, apis.ServeConfig{HttpAddr: addr, ShowStartBanner: false})
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// report prints the simulation's figures and the rows written every 30 s.
func report(ctx context.Context, app core.App, out io.Writer, stats *Stats) {
	start := time.Now()
	t := time.NewTicker(30 * time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		rows, _ := app.CountRecords(c.VerificationLog)
		calls, _ := app.CountRecords(c.APICallLog)
		mins := time.Since(start).Minutes()
		fmt.Fprintf(out, "demo: %s in %.1f min (%.0f joins/min); verification_log %d rows, api_call_log %d rows\n",
			stats, mins, float64(stats.Joins.Load())/mins, rows, calls)
	}
}
