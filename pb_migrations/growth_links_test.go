package pb_migrations

import (
	"testing"
	"time"

	c "github.com/nezuko/nezuko/collections"
)

// bot_invite_links and bot_join_requests are internal (superuser-only), one row per
// (bot, group, channel) and (bot, channel, user); count_join_requests is an ordinary
// enforced_channels field, off by default; the migration goes down and up again.
func TestGrowthLinksMigration(t *testing.T) {
	app := migratedApp(t)
	for _, name := range []string{c.BotInviteLinks, c.BotJoinRequests} {
		col, err := app.FindCollectionByNameOrId(name)
		if err != nil {
			t.Fatalf("%s missing", name)
		}
		if col.ListRule != nil || col.ViewRule != nil || col.CreateRule != nil || col.UpdateRule != nil || col.DeleteRule != nil {
			t.Errorf("%s is not superuser-only", name)
		}
	}
	ch, err := c.NewEnforcedChannel(app)
	if err != nil {
		t.Fatal(err)
	}
	ch.SetChannelID(-1002)
	if err := app.Save(ch); err != nil || ch.CountJoinRequests() {
		t.Fatalf("channel saved = %v, count_join_requests %v (want off by default)", err, ch.CountJoinRequests())
	}
	link := func() error {
		l, err := c.NewBotInviteLink(app, 1, -1001, -1002, "https://t.me/+abc", true)
		if err != nil {
			return err
		}
		return app.Save(l)
	}
	req := func() error {
		r, err := c.NewBotJoinRequest(app, 1, -1002, 5, "", time.Now())
		if err != nil {
			return err
		}
		return app.Save(r)
	}
	for _, save := range []func() error{link, req} {
		if err := save(); err != nil {
			t.Fatal(err)
		}
		if save() == nil {
			t.Error("a second row for the same key was accepted")
		}
	}
	if err := downGrowthLinks(app); err != nil {
		t.Fatalf("down: %v", err)
	}
	if _, err := app.FindCollectionByNameOrId(c.BotInviteLinks); err == nil {
		t.Fatal("bot_invite_links survived the down migration")
	}
	for i := 0; i < 2; i++ {
		if err := upGrowthLinks(app); err != nil {
			t.Fatalf("up again: %v", err)
		}
	}
}
