package pb_migrations

import (
	"testing"

	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
)

// A new installation starts with the rate limiter on; an installation from before
// 1764000033 gets it too, but an operator's own configuration is never replaced.
func TestTrustMigrationRateLimits(t *testing.T) {
	app := migratedApp(t)
	if rl := app.Settings().RateLimits; !rl.Enabled || len(rl.Rules) != len(RateLimitRules) {
		t.Fatalf("new installation: %+v", rl)
	}
	s := app.Settings()
	s.RateLimits.Enabled = false // as before 1764000033
	if err := app.Save(s); err != nil {
		t.Fatal(err)
	}
	if err := upTrust(app); err != nil {
		t.Fatal(err)
	}
	if rl := app.Settings().RateLimits; !rl.Enabled {
		t.Fatalf("older installation: %+v", rl)
	}
	s = app.Settings()
	s.RateLimits.Rules = []core.RateLimitRule{{Label: "/api/", MaxRequests: 5, Duration: 1}}
	if err := app.Save(s); err != nil {
		t.Fatal(err)
	}
	if err := upTrust(app); err != nil {
		t.Fatal(err)
	}
	if rl := app.Settings().RateLimits; len(rl.Rules) != 1 || rl.Rules[0].Label != "/api/" {
		t.Fatalf("operator's rules replaced: %+v", rl.Rules)
	}
}

// An installation whose login bot was "the oldest active bot" keeps that bot, now
// recorded in login_bot_id.
func TestTrustMigrationPinsTheLoginBot(t *testing.T) {
	app := migratedApp(t)
	for i, id := range []int64{111, 222} {
		b, err := c.NewBotInstance(app)
		if err != nil {
			t.Fatal(err)
		}
		b.SetIdentity(id, "bot"+string(rune('a'+i)), "Bot")
		b.SetTokenEncrypted("gAAAAAciphertext")
		if i == 0 {
			b.SetIsActive(false) // not the login bot before: inactive
		}
		if err := app.Save(b); err != nil {
			t.Fatal(err)
		}
	}
	if err := upTrust(app); err != nil {
		t.Fatal(err)
	}
	if got := configValues(t, app)[c.ConfigLoginBotID]; got != "222" {
		t.Fatalf("login_bot_id = %s, want 222", got)
	}
}

// Admins may not write the trust keys: the rule is in place after the migrations.
func TestTrustMigrationConfigRules(t *testing.T) {
	app := migratedApp(t)
	col, err := app.FindCollectionByNameOrId(c.AdminConfig)
	if err != nil {
		t.Fatal(err)
	}
	if want := c.RulesFor(c.AdminConfig).Update; col.UpdateRule == nil || *col.UpdateRule != *want {
		t.Fatalf("admin_config update rule = %v", col.UpdateRule)
	}
}
