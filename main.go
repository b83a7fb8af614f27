// Command nezuko is the Nezuko server: a PocketBase application that runs the Telegram
// group-protection bots, their analytics and the dashboard in one binary.
//
//	nezuko serve --http=127.0.0.1:8090
//	nezuko owner create you@example.com 'a-long-password'
//	nezuko load --bots 3 --groups 100 --burst 10000 --rate 200 --duration 60s
package main

import (
	"embed"
	"fmt"
	"io/fs"
	"os"

	"github.com/pocketbase/pocketbase"
	"github.com/pocketbase/pocketbase/plugins/migratecmd"
	"github.com/pocketbase/pocketbase/tools/osutils"

	"github.com/nezuko/nezuko/config"
	"github.com/nezuko/nezuko/hooks"
	_ "github.com/nezuko/nezuko/pb_migrations"
	"github.com/nezuko/nezuko/plugins/demo"
	"github.com/nezuko/nezuko/plugins/loadtest"
	"github.com/nezuko/nezuko/plugins/ownercmd"
	"github.com/nezuko/nezuko/plugins/seed"
)

//go:embed all:pb_public
var embedded embed.FS

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "nezuko:", err)
		os.Exit(1)
	}
}

func run() error {
	if load := loadtest.FromArgs(os.Args[1:]); load != nil { // `nezuko load`: its own app and pb_data
		return load.Execute()
	}
	cfg, err := config.FromEnv(os.Getenv)
	if err != nil {
		return err
	}
	d := demo.FromArgs(os.Args[1:]) // `nezuko demo`: an in-process fake Telegram
	app := pocketbase.New()
	if d != nil {
		app = pocketbase.NewWithConfig(d.AppConfig())
	}
	cfg = d.Config(cfg)
	migratecmd.MustRegister(app, app.RootCmd, migratecmd.Config{
		TemplateLang: migratecmd.TemplateLangGo,
		Dir:          "pb_migrations",
		Automigrate:  osutils.IsProbablyGoRun(),
	})
	public, err := fs.Sub(embedded, "pb_public")
	if err != nil {
		return err
	}
	app.RootCmd.AddCommand(seed.Command(app), demo.Command(app, d), loadtest.Command(), ownercmd.Command(app))
	if d == nil { // the demo prints its own addresses and accounts
		ownercmd.PrintDashboardURL(app, os.Stdout)
	}
	if _, err := hooks.Register(app, hooks.Options{Config: cfg, Public: public, NoLoginWidget: d != nil}); err != nil {
		return err
	}
	return app.Start()
}
