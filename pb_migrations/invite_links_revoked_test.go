package pb_migrations

import (
	"testing"
	"time"

	c "github.com/nezuko/nezuko/collections"
)

// Migration 1764000051: a pair may keep replaced links (revoked_at set) beside its one
// current link; going down drops the replaced ones and the field.
func TestInviteLinksRevokedMigration(t *testing.T) {
	app := migratedApp(t)
	save := func(url string, revoked bool) error {
		l, err := c.NewBotInviteLink(app, 1, -1001, -1002, url, false)
		if err != nil {
			return err
		}
		if revoked {
			l.SetRevoked(time.Now())
		}
		return app.Save(l)
	}
	if err := save("https://t.me/+old", true); err != nil {
		t.Fatal(err)
	}
	if err := save("https://t.me/+older", true); err != nil {
		t.Fatal(err)
	}
	if err := save("https://t.me/+new", false); err != nil {
		t.Fatalf("current link beside replaced ones: %v", err)
	}
	if save("https://t.me/+second", false) == nil {
		t.Fatal("a second current link of the pair was accepted")
	}
	if err := downInviteLinksRevoked(app); err != nil {
		t.Fatalf("down: %v", err)
	}
	if n, _ := app.CountRecords(c.BotInviteLinks); n != 1 {
		t.Fatalf("rows after down = %d, want the current link only", n)
	}
	if err := upInviteLinksRevoked(app); err != nil {
		t.Fatalf("up again: %v", err)
	}
}
