package pb_migrations

import (
	"fmt"
	"testing"
	"time"

	"github.com/pocketbase/dbx"

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

// bot_members is internal (superuser-only), one row per (bot, user, group); on an
// existing database it is filled from the recent verification_log (one row per
// pair, at its latest check; older checks and rows without a user are not).
func TestBotMembersMigration(t *testing.T) {
	app := migratedApp(t)
	col, err := app.FindCollectionByNameOrId(c.BotMembers)
	if err != nil {
		t.Fatal("bot_members missing")
	}
	if col.ListRule != nil || col.ViewRule != nil || col.CreateRule != nil || col.UpdateRule != nil || col.DeleteRule != nil {
		t.Error("bot_members is not superuser-only")
	}
	if err := downBotMembers(app); err != nil {
		t.Fatalf("down: %v", err)
	}
	bot, err := c.NewBotInstance(app)
	if err != nil {
		t.Fatal(err)
	}
	bot.SetIdentity(4242, "gate_bot", "Gate")
	bot.SetTokenEncrypted("4242:secret")
	if err := app.SaveNoValidate(bot); err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	for i, row := range []struct {
		user, group int64
		at          time.Time
	}{{5, -1001, now.Add(-time.Hour)}, {5, -1001, now}, {5, -1002, now.AddDate(0, 0, -c.MembersKeepDays-1)}, {0, -1001, now}, {6, -1002, now}} {
		_, err := app.DB().Insert(c.VerificationLog, dbx.Params{"id": fmt.Sprintf("vlog%011d", i), c.FieldUserID: row.user,
			c.FieldGroupID: row.group, c.FieldChannelID: -100, c.FieldBotInstance: bot.Id, c.FieldStatus: c.Verified,
			c.FieldTimestamp: c.DBTime(row.at)}).Execute()
		if err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 2; i++ {
		if err := upBotMembers(app); err != nil {
			t.Fatalf("up again: %v", err)
		}
	}
	var rows []struct {
		Bot   int64  `db:"bot_id"`
		User  int64  `db:"user_id"`
		Group int64  `db:"group_id"`
		Seen  string `db:"seen_at"`
	}
	if err := app.DB().Select(c.FieldBotID, c.FieldUserID, c.FieldGroupID, c.FieldSeenAt).From(c.BotMembers).
		OrderBy(c.FieldUserID).All(&rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].User != 5 || rows[0].Group != -1001 || rows[0].Bot != 4242 ||
		rows[0].Seen != c.DBTime(now) || rows[1].User != 6 {
		t.Fatalf("backfilled rows = %+v, want (4242, 5, -1001, latest check) and (4242, 6, -1002)", rows)
	}
	if _, err := app.DB().Insert(c.BotMembers, dbx.Params{"id": "dup000000000001", c.FieldBotID: 4242,
		c.FieldUserID: 5, c.FieldGroupID: -1001, c.FieldSeenAt: c.DBTime(now)}).Execute(); err == nil {
		t.Error("a second row for the same bot, user and group was accepted")
	}
}
