package gatekeeper_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper/groups"
	"github.com/nezuko/nezuko/gatekeeper/rights"
	"github.com/nezuko/nezuko/tests/telegramtest"
)

// addGate adds the gate bot to a chat as an admin, as its owner would, and handles
// the updates (a group not recorded yet is recorded, disabled).
func (w *world) addGate(g telegramtest.Chat) {
	w.t.Helper()
	mustV[telegramtest.Message](w.t)(w.tg.ChangeMember(g.ID, w.gate.ID, telegramtest.Admin(gateRights), w.tg.Owner(g.ID)))
	w.pump()
}

// Telegram mutes nobody in a basic group: /protect there explains how to get a
// supergroup (in the group's language) and enables nothing, and health names the
// missing supergroup.
func TestProtectInABasicGroupEnablesNothing(t *testing.T) {
	w := newWorld(t)
	w.channel("News", "news")
	w.start(false)
	g := w.tg.AddGroup("Club")
	w.addGate(g)
	owner := w.tg.Owner(g.ID)

	w.command(g, owner, "/protect @news", "This is a basic group")
	enabled, err := w.app.CountRecords(c.ProtectedGroups, dbx.HashExp{c.FieldEnabled: true})
	must(t, err)
	links, err := w.app.CountRecords(c.GroupChannelLinks)
	must(t, err)
	if enabled != 0 || links != 0 {
		t.Fatalf("/protect in a basic group: %d groups enabled, %d links", enabled, links)
	}
	h := w.health(g)
	if h.OK || len(h.Problems) != 1 || h.Problems[0].ChatID != g.ID || !slices.Contains(h.Problems[0].Missing, rights.Supergroup) {
		t.Fatalf("health = %+v, want the missing supergroup", h)
	}
	status := strings.Join(w.command(g, owner, "/status", "My rights are incomplete"), "\n")
	if !strings.Contains(status, "this is a basic group") {
		t.Fatalf("/status = %q", status)
	}

	w.setParams(g, func(p *c.GroupParams) { p.Language = "de" })
	w.e.ForgetGroup(g.ID)
	w.command(g, owner, "/protect @news", "Dies ist eine einfache Gruppe")
	w.setParams(g, func(p *c.GroupParams) { p.Language = "es" })
	w.e.ForgetGroup(g.ID)
	w.command(g, owner, "/protect @news", "Este es un grupo básico")
	if n := len(w.tg.Calls("restrictChatMember")); n != 0 {
		t.Fatalf("%d restrictChatMember calls", n)
	}
}

// Upgraded to a supergroup, a protected basic group keeps its protection under the
// new id — row, links, settings and health — from the service messages, with an INFO
// log; the new id is then enforced.
func TestMigratedGroupKeepsItsProtection(t *testing.T) {
	w := newWorld(t)
	news := w.channel("News", "news")
	w.start(false)
	g := w.tg.AddGroup("Club")
	owner := w.tg.Owner(g.ID)
	w.protect(w.botRec, true, g, news) // as a group protected before basic groups were refused
	w.addGate(g)
	w.setParams(g, func(p *c.GroupParams) { p.OnError = groups.OnErrorAllow; p.Language = "es" })
	w.e.RunMaintenance()
	if h := w.health(g); h.OK || !slices.Contains(h.Problems[0].Missing, rights.Supergroup) {
		t.Fatalf("health of the basic group = %+v", h)
	}
	bob, sent := w.tg.AddUser("Bob"), len(w.tg.Calls("sendMessage")) // the setup hint
	mustV[telegramtest.Message](t)(w.tg.Join(g.ID, bob))
	mustV[telegramtest.Message](t)(w.tg.Send(g.ID, bob, "hello"))
	w.pump()
	// Nothing a basic group allows would protect it: no deleted messages, no warnings.
	if n := len(w.tg.Calls("restrictChatMember")) + len(w.tg.Calls("deleteMessage")) + len(w.tg.Calls("sendMessage")) - sent; n != 0 {
		t.Fatalf("%d calls acting on a member of a basic group", n)
	}
	before := mustV[*core.Record](t)(w.app.FindFirstRecordByData(c.ProtectedGroups, c.FieldGroupID, g.ID))

	sg := mustV[telegramtest.Chat](t)(w.tg.MigrateToSupergroup(g.ID, owner))
	w.pump()
	rec, err := w.app.FindFirstRecordByData(c.ProtectedGroups, c.FieldGroupID, sg.ID)
	if err != nil {
		t.Fatalf("no protected group under the new id %d: %v", sg.ID, err)
	}
	pg := c.Wrap(&c.ProtectedGroup{}, rec)
	if rec.Id != before.Id || !pg.Enabled() || pg.BotInstanceRef() != w.botRec {
		t.Fatalf("group after the upgrade = %v", rec.PublicExport())
	}
	if p := w.params(sg); p.OnError != groups.OnErrorAllow || p.Language != "es" {
		t.Fatalf("params after the upgrade = %+v", p)
	}
	if n, _ := w.app.CountRecords(c.GroupChannelLinks, dbx.HashExp{c.FieldGroup: rec.Id}); n != 1 {
		t.Fatalf("links after the upgrade = %d", n)
	}
	if n, _ := w.app.CountRecords(c.ProtectedGroups, dbx.HashExp{c.FieldGroupID: g.ID}); n != 0 {
		t.Fatal("a row still has the old id")
	}
	if h := w.health(sg); !h.OK || len(h.Problems) != 0 {
		t.Fatalf("health after the upgrade = %+v", h)
	}
	eventually(t, "an INFO admin log about the upgrade", func() bool {
		w.flush()
		n, _ := w.app.CountRecords(c.AdminLogs, dbx.HashExp{c.FieldLevel: c.LevelInfo},
			dbx.NewExp(c.FieldMessage+" LIKE {:m}", dbx.Params{"m": "%upgraded to a supergroup%"}))
		return n >= 1
	})

	alice := w.tg.AddUser("Alice")
	mustV[telegramtest.Message](t)(w.tg.Join(sg.ID, alice))
	w.pump()
	if st := w.tg.Member(sg.ID, alice.ID).Status; st != telegramtest.StatusRestricted {
		t.Fatalf("a join in the upgraded group: status %s, want restricted", st)
	}
}

// When the service messages were missed, the first call to the old id (here the
// periodic rights check) answers 400 with parameters.migrate_to_chat_id, and the
// protection moves all the same; the rights are then checked under the new id.
func TestMigrationFoundFromA400(t *testing.T) {
	w := newWorld(t)
	news := w.channel("News", "news")
	w.start(false)
	g := w.tg.AddGroup("Club")
	w.protect(w.botRec, true, g, news)
	w.addGate(g)
	sg := mustV[telegramtest.Chat](t)(w.tg.MigrateToSupergroup(g.ID, w.tg.Owner(g.ID))) // updates not pumped

	w.e.RunMaintenance()
	var rec *core.Record
	eventually(t, "the group under its new id", func() bool {
		var err error
		rec, err = w.app.FindFirstRecordByData(c.ProtectedGroups, c.FieldGroupID, sg.ID)
		return err == nil
	})
	if !c.Wrap(&c.ProtectedGroup{}, rec).Enabled() {
		t.Fatal("the moved group is not enabled")
	}
	eventually(t, "health checked under the new id", func() bool {
		h := w.health(sg)
		return h.OK && len(h.Problems) == 0
	})
}
