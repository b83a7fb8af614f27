package hooks_test

import (
	"context"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/config"
	"github.com/nezuko/nezuko/hooks"
	"github.com/nezuko/nezuko/logwriter"
	"github.com/nezuko/nezuko/tests/testutil"
)

// TestServicesBeforeBootstrap: Register builds every service before the database is
// open (no field filled in later); they start with the bootstrap (a log row added
// before it is written after it) and stop on terminate.
func TestServicesBeforeBootstrap(t *testing.T) {
	app := core.NewBaseApp(core.BaseAppConfig{DataDir: t.TempDir()})
	svc, err := hooks.Register(app, hooks.Options{ManualBots: true,
		Config: config.Config{EncryptionKey: testutil.EncryptionKey, APIURL: "http://127.0.0.1:1"}})
	if err != nil {
		t.Fatal(err)
	}
	if svc.Sealer == nil || svc.Logs == nil || svc.Live == nil || svc.Metrics == nil || svc.Analytics == nil ||
		svc.Bots == nil || svc.Logger == nil {
		t.Fatalf("a service is missing before bootstrap: %+v", svc)
	}
	svc.Logs.AddAPICall(logwriter.APICall{Method: "getMe", Success: true, At: time.Now()})

	if err := app.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	if err := app.RunAllMigrations(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := svc.Logs.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if n, err := app.CountRecords(c.APICallLog); err != nil || n != 1 {
		t.Fatalf("api_call_log rows = %d (%v), want the row added before bootstrap", n, err)
	}
	if err := app.OnTerminate().Trigger(&core.TerminateEvent{App: app}); err != nil {
		t.Fatal(err)
	}
	if err := svc.Logs.Flush(ctx); err == nil {
		t.Error("the log writer still runs after terminate")
	}
	if err := app.ResetBootstrapState(); err != nil {
		t.Fatal(err)
	}
}
