package pb_migrations

import (
	"testing"

	c "github.com/nezuko/nezuko/collections"
)

// bot_restrictions and bot_timers are internal: superuser-only, one restriction row
// per (bot, group, user), and their migration goes down and up again.
func TestBotRestrictionsAndTimersAreInternal(t *testing.T) {
	app := migratedApp(t)
	for _, name := range []string{c.BotRestrictions, c.BotTimers} {
		col, err := app.FindCollectionByNameOrId(name)
		if err != nil {
			t.Fatalf("%s missing", name)
		}
		if col.ListRule != nil || col.ViewRule != nil || col.CreateRule != nil || col.UpdateRule != nil || col.DeleteRule != nil {
			t.Errorf("%s is not superuser-only", name)
		}
	}
	save := func() error {
		r, err := c.NewBotRestriction(app, 1, -1001, 5, c.RestrictionChannels)
		if err != nil {
			return err
		}
		return app.Save(r)
	}
	if err := save(); err != nil {
		t.Fatal(err)
	}
	if save() == nil {
		t.Error("a second row for the same bot, group and user was accepted")
	}
	if err := downBotRestrictions(app); err != nil {
		t.Fatalf("down: %v", err)
	}
	if _, err := app.FindCollectionByNameOrId(c.BotRestrictions); err == nil {
		t.Fatal("bot_restrictions survived the down migration")
	}
	for i := 0; i < 2; i++ {
		if err := upBotRestrictions(app); err != nil {
			t.Fatalf("up again: %v", err)
		}
	}
}
