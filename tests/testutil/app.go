// Package testutil builds real Nezuko test apps: PocketBase's TestApp on a temporary
// pb_data with every migration applied and every hook bound, plus admin users and tokens.
//
//	app := testutil.NewApp(t, testutil.Options{APIURL: tg.URL})
//	auth := testutil.AdminToken(t, app, collections.RoleViewer)
package testutil

import (
	"os"
	"sync"
	"testing"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/nezuko/nezuko/config"
	"github.com/nezuko/nezuko/hooks"
	_ "github.com/nezuko/nezuko/pb_migrations" // registers Nezuko's migrations
)

// EncryptionKey is the Fernet key test apps use (the key of shared/testdata/fernet-python.json).
const EncryptionKey = "kI28YnYPMnzRrr712i4L2tq-59H61rWP4qb62j7CCGs="

// Options tune a test app.
type Options struct {
	// APIURL is the Bot API base URL (a fake server); empty points at a closed port,
	// so an accidental Telegram call fails fast instead of leaving the machine.
	APIURL string
	// Template is a pb_data directory to start from (see Seeded); empty = freshly migrated.
	Template string
	// NoLoginWidget is hooks.Options.NoLoginWidget (the demo's setting).
	NoLoginWidget bool
}

var (
	templateOnce sync.Once
	templateDir  string
	templateErr  error
)

// migratedTemplate returns a pb_data directory with every migration applied, made once
// per test binary; each test app starts from a copy of it.
func migratedTemplate() (string, error) {
	templateOnce.Do(func() {
		dir, err := os.MkdirTemp("", "nezuko-pbdata-template-")
		if err != nil {
			templateErr = err
			return
		}
		app := core.NewBaseApp(core.BaseAppConfig{DataDir: dir, EncryptionEnv: "pb_test_env"})
		if err := app.Bootstrap(); err != nil {
			templateErr = err
			return
		}
		if err := app.RunAllMigrations(); err != nil {
			templateErr = err
			return
		}
		templateErr = app.ResetBootstrapState()
		templateDir = dir
	})
	return templateDir, templateErr
}

// NewApp returns a fresh, migrated test app with Nezuko's hooks bound; it is cleaned up
// when the test ends (unless the caller hands it to a tests.ApiScenario, which cleans up).
func NewApp(tb testing.TB, opts ...Options) *tests.TestApp {
	tb.Helper()
	app, _ := newApp(tb, opts...)
	tb.Cleanup(app.Cleanup)
	return app
}

// NewAppWithServices is NewApp that also returns what hooks.Register built (the log
// writer, the bot manager, …).
func NewAppWithServices(tb testing.TB, opts ...Options) (*tests.TestApp, *hooks.Services) {
	tb.Helper()
	app, svc := newApp(tb, opts...)
	tb.Cleanup(app.Cleanup)
	return app, svc
}

// NewScenarioApp is NewApp for tests.ApiScenario factories, which clean up themselves.
func NewScenarioApp(tb testing.TB, opts ...Options) *tests.TestApp {
	tb.Helper()
	app, _ := newApp(tb, opts...)
	return app
}

func newApp(tb testing.TB, opts ...Options) (*tests.TestApp, *hooks.Services) {
	tb.Helper()
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	if o.APIURL == "" {
		o.APIURL = "http://127.0.0.1:1"
	}
	dir := o.Template
	if dir == "" {
		var err error
		if dir, err = migratedTemplate(); err != nil {
			tb.Fatalf("migrated template: %v", err)
		}
	}
	app, err := tests.NewTestApp(dir)
	if err != nil {
		tb.Fatalf("test app: %v", err)
	}
	cfg := config.Config{EncryptionKey: EncryptionKey, APIURL: o.APIURL}
	svc, err := hooks.Register(app, hooks.Options{Config: cfg, ManualBots: true, NoLoginWidget: o.NoLoginWidget})
	if err != nil {
		app.Cleanup()
		tb.Fatalf("register hooks: %v", err)
	}
	return app, svc
}

var (
	seededMu   sync.Mutex
	seededDirs []string
)

// Seeded runs seed once on a fresh app (hooks bound) and keeps the resulting pb_data as
// a template, so many tests can start from the same rows without paying for them again:
//
//	dir := testutil.Seeded(tb, func(app core.App) { … })
//	app := testutil.NewApp(t, testutil.Options{Template: dir})
func Seeded(tb testing.TB, seed func(app *tests.TestApp), opts ...Options) string {
	tb.Helper()
	app, _ := newApp(tb, opts...)
	seed(app)
	dir := app.DataDir()
	if err := app.ResetBootstrapState(); err != nil {
		tb.Fatal(err)
	}
	seededMu.Lock()
	seededDirs = append(seededDirs, dir)
	seededMu.Unlock()
	return dir
}

// RemoveTemplate deletes the shared templates; call it from TestMain after m.Run.
func RemoveTemplate() {
	if templateDir != "" {
		os.RemoveAll(templateDir)
	}
	seededMu.Lock()
	defer seededMu.Unlock()
	for _, d := range seededDirs {
		os.RemoveAll(d)
	}
}
