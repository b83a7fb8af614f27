package pb_migrations

import (
	"testing"

	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
)

func migratedApp(t *testing.T) *core.BaseApp {
	t.Helper()
	app := core.NewBaseApp(core.BaseAppConfig{DataDir: t.TempDir(), EncryptionEnv: "pb_test_env"})
	if err := app.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { app.ResetBootstrapState() })
	if err := app.RunAllMigrations(); err != nil {
		t.Fatalf("migrations on an empty pb_data: %v", err)
	}
	return app
}

func configValues(t *testing.T, app core.App) map[string]string {
	t.Helper()
	rows, err := app.FindAllRecords(c.AdminConfig)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, r := range rows {
		out[r.GetString(c.FieldKey)] = string(c.Wrap(&c.ConfigEntry{}, r).RawValue())
	}
	return out
}

func TestMigrationsCreateTheThirteenCollections(t *testing.T) {
	app := migratedApp(t)
	for _, name := range c.All {
		col, err := app.FindCollectionByNameOrId(name)
		if err != nil {
			t.Errorf("collection %s missing", name)
			continue
		}
		if col.ListRule == nil || *col.ListRule != c.RuleActiveAdmin && name != c.BotInstances && name != c.AdminUsers {
			t.Errorf("%s list rule = %v", name, col.ListRule)
		}
	}
	if _, err := app.FindCollectionByNameOrId(pocketbaseUsers); err == nil {
		t.Error("the unused default users collection is still there")
	}
	token := mustField(t, app, c.BotInstances, c.FieldTokenEncrypted)
	if !token.GetHidden() {
		t.Error("token_encrypted is not hidden")
	}
	if f := mustField(t, app, c.VerificationLog, c.FieldBotInstance); f.Type() != core.FieldTypeNumber {
		t.Errorf("verification_log.bot_instance is %s, want number", f.Type())
	}
	if f := mustField(t, app, c.ProtectedGroups, c.FieldHealth); f.Type() != core.FieldTypeJSON {
		t.Errorf("protected_groups.health is %s, want json", f.Type())
	}
	vlog, _ := app.FindCollectionByNameOrId(c.VerificationLog)
	for _, idx := range []string{"idx_vlog_ts", "idx_vlog_group_ts", "idx_vlog_status_ts"} {
		if vlog.GetIndex(idx) == "" {
			t.Errorf("verification_log index %s missing", idx)
		}
	}
	got := configValues(t, app)
	if len(got) != len(c.ConfigDefaults) || got[c.ConfigCachePositiveTTL] != "600" || got[c.ConfigWebhookAllowPriv] != "false" {
		t.Errorf("seeded config = %v", got)
	}
}

func mustField(t *testing.T, app core.App, collection, field string) core.Field {
	t.Helper()
	col, err := app.FindCollectionByNameOrId(collection)
	if err != nil {
		t.Fatal(err)
	}
	f := col.Fields.GetByName(field)
	if f == nil {
		t.Fatalf("%s.%s missing", collection, field)
	}
	return f
}

func TestMigrationsAreRerunnable(t *testing.T) {
	app := migratedApp(t)
	// An operator's change survives a re-run of the seed.
	row, err := app.FindFirstRecordByData(c.AdminConfig, c.FieldKey, c.ConfigWarningTTL)
	if err != nil {
		t.Fatal(err)
	}
	row.Set(c.FieldValue, 120)
	if err := app.Save(row); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		if err := upCollections(app); err != nil {
			t.Fatalf("collections up again: %v", err)
		}
		if err := seedConfigDefaults(app); err != nil {
			t.Fatalf("seed again: %v", err)
		}
	}
	got := configValues(t, app)
	if len(got) != len(c.ConfigDefaults) || got[c.ConfigWarningTTL] != "120" {
		t.Errorf("config after re-runs = %v", got)
	}

	// Down and up again.
	if err := downCollections(app); err != nil {
		t.Fatalf("down: %v", err)
	}
	if _, err := app.FindCollectionByNameOrId(c.Owners); err == nil {
		t.Fatal("owners survived the down migration")
	}
	if err := upCollections(app); err != nil {
		t.Fatalf("up after down: %v", err)
	}
	if err := seedConfigDefaults(app); err != nil {
		t.Fatalf("seed after down: %v", err)
	}
	if len(configValues(t, app)) != len(c.ConfigDefaults) {
		t.Error("config not re-seeded after down/up")
	}
}
