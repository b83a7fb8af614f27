package adminlog_test

import (
	"context"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/nezuko/nezuko/adminlog"
	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/config"
	"github.com/nezuko/nezuko/hooks"
	"github.com/nezuko/nezuko/tests/testutil"
)

// TestProductionOrder registers the hooks before bootstrap, as main does: app.Logger()
// is only PocketBase's after bootstrap, and both it and Services.Logger (derived
// before) then reach admin_logs.
func TestProductionOrder(t *testing.T) {
	app := core.NewBaseApp(core.BaseAppConfig{DataDir: t.TempDir(), EncryptionEnv: "nezuko_test_env"})
	svc, err := hooks.Register(app, hooks.Options{Config: config.Config{
		EncryptionKey: testutil.EncryptionKey, APIURL: "http://127.0.0.1:1"}})
	if err != nil {
		t.Fatal(err)
	}
	early := svc.Logger.With(adminlog.LoggerKey, "early")
	if err := app.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		app.OnTerminate().Trigger(&core.TerminateEvent{App: app}, func(e *core.TerminateEvent) error {
			return app.ResetBootstrapState()
		})
	})
	if err := app.RunAllMigrations(); err != nil {
		t.Fatal(err)
	}

	app.Logger().Info("from the app logger")
	early.Warn("from a logger made before bootstrap")
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := svc.Logs.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	rows, err := app.FindAllRecords(c.AdminLogs)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range rows {
		got[r.GetString(c.FieldMessage)] = r.GetString(c.FieldLogger)
	}
	if _, ok := got["from the app logger"]; !ok || got["from a logger made before bootstrap"] != "early" {
		t.Errorf("admin_logs = %v", got)
	}
}
