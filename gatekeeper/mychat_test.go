package gatekeeper_test

import (
	"strings"
	"testing"

	"github.com/pocketbase/dbx"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/tests/telegramtest"
)

// Removed from a protected group, the bot disables it and writes a WARNING admin log;
// added to a new group by someone who never started it, it records the group
// (disabled, served by this bot) and posts the setup hint in the group.
func TestBotAddedAndRemoved(t *testing.T) {
	w, group, _ := newFansWorld(t)
	w.start(false)

	mustV[telegramtest.Message](t)(w.tg.ChangeMember(group.ID, w.gate.ID, telegramtest.Member{Status: telegramtest.StatusLeft}, w.tg.Owner(group.ID)))
	w.pump()
	rec, err := w.app.FindFirstRecordByData(c.ProtectedGroups, c.FieldGroupID, group.ID)
	must(t, err)
	if c.Wrap(&c.ProtectedGroup{}, rec).Enabled() {
		t.Fatal("the group stays enabled after the bot was removed")
	}
	eventually(t, "a WARNING admin log about the removal", func() bool {
		w.flush()
		n, _ := w.app.CountRecords(c.AdminLogs, dbx.HashExp{c.FieldLevel: c.LevelWarning},
			dbx.NewExp(c.FieldMessage+" LIKE {:m}", dbx.Params{"m": "bot removed from a group%"}))
		return n == 1
	})

	other := w.tg.AddSupergroup("Other")
	adder := w.tg.Owner(other.ID)
	mustV[telegramtest.Message](t)(w.tg.ChangeMember(other.ID, w.gate.ID, telegramtest.Admin(gateRights), adder))
	w.pump()
	rec, err = w.app.FindFirstRecordByData(c.ProtectedGroups, c.FieldGroupID, other.ID)
	must(t, err)
	pg := c.Wrap(&c.ProtectedGroup{}, rec)
	if pg.Enabled() || pg.BotInstanceRef() != w.botRec || pg.Title() != "Other" || pg.OwnerRef() == "" {
		t.Fatalf("recorded group = %v", rec.PublicExport())
	}
	hint := w.tg.WaitMessage(t, wait, other.ID, func(m telegramtest.Message) bool { return strings.Contains(m.Text, "Thanks for adding me") })
	if !strings.Contains(hint.Text, "I am an admin here") || !strings.Contains(hint.Text, "/protect @yourchannel") {
		t.Fatalf("hint = %q", hint.Text)
	}
	w.command(other, adder, "/help", "/protect @channel turns protection on")
	w.command(other, adder, "/status", "not set up")
}
