package gatekeeper_test

import (
	"testing"

	"github.com/pocketbase/dbx"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper"
	"github.com/nezuko/nezuko/tests/telegramtest"
)

// /protect refuses with a clear reply for each failed precondition, then records the
// group, its channels (with invite links), the links and its owner; /unprotect
// removes one channel or disables the group; /protect turns it on again (gap G21).
func TestProtectAndUnprotect(t *testing.T) {
	w := newWorld(t)
	group := w.supergroup("Fans")
	news, tech := w.channel("News", "news"), w.channel("Tech", "tech")
	w.tg.AddChannel("Secret", "secret") // the bot is not an admin there
	weak := w.tg.AddSupergroup("Weak")
	must(t, w.tg.SetMember(weak.ID, w.gate.ID, telegramtest.Admin(telegramtest.AdminRights{CanDeleteMessages: true})))
	w.start(false)
	owner, bob := w.tg.Owner(group.ID), w.tg.AddUser("Bob")
	w.member(bob, group)

	say := func(chat telegramtest.Chat, from telegramtest.User, text, want string) {
		t.Helper()
		before := len(w.replies(chat.ID))
		mustV[telegramtest.Message](t)(w.tg.Send(chat.ID, from, text))
		w.pump()
		if !w.tg.Await(wait, func() bool { return contains(w.replies(chat.ID)[before:], want) }) {
			t.Fatalf("%q → %q, want a reply saying %q", text, w.replies(chat.ID)[before:], want)
		}
	}
	say(group, owner, "/protect", "Usage: /protect")
	say(group, bob, "/protect @news", gatekeeper.ReplyNotAdmin)
	say(group, owner, "/protect @nosuch", "I can't find @nosuch")
	say(group, owner, "/protect @news @secret", "I need to be an admin of @secret")
	say(weak, w.tg.Owner(weak.ID), "/protect @news", gatekeeper.ReplyNeedRights)
	if n, _ := w.app.CountRecords(c.ProtectedGroups); n != 0 {
		t.Fatalf("%d groups saved by failed commands", n)
	}

	say(group, owner, "/protect@gate_bot @news @tech", "Protection is on")
	rec, err := w.app.FindFirstRecordByData(c.ProtectedGroups, c.FieldGroupID, group.ID)
	must(t, err)
	pg := c.Wrap(&c.ProtectedGroup{}, rec)
	if !pg.Enabled() || pg.BotInstanceRef() != w.botRec || pg.Title() != "Fans" || pg.OwnerRef() == "" {
		t.Fatalf("group = %v", rec.PublicExport())
	}
	o, err := w.app.FindRecordById(c.Owners, pg.OwnerRef())
	must(t, err)
	if c.Wrap(&c.Owner{}, o).UserID() != owner.ID {
		t.Fatal("the owner is not the caller")
	}
	for _, ch := range []telegramtest.Chat{news, tech} {
		r, err := w.app.FindFirstRecordByData(c.EnforcedChannels, c.FieldChannelID, ch.ID)
		must(t, err)
		if ec := c.Wrap(&c.EnforcedChannel{}, r); ec.InviteLink() == "" || ec.Username() != ch.Username || ec.Title() != ch.Title {
			t.Fatalf("channel = %v", r.PublicExport())
		}
	}
	if n, _ := w.app.CountRecords(c.GroupChannelLinks, dbx.HashExp{c.FieldGroup: rec.Id}); n != 2 {
		t.Fatalf("links = %d, want 2", n)
	}

	alice := w.tg.AddUser("Alice")
	w.member(alice, news)
	mustV[telegramtest.Message](t)(w.tg.Join(group.ID, alice))
	w.pump()
	if w.tg.Member(group.ID, alice.ID).Status != telegramtest.StatusRestricted {
		t.Fatal("a join after /protect was not enforced")
	}

	say(group, owner, "/unprotect @tech", "@tech is no longer required")
	if n, _ := w.app.CountRecords(c.GroupChannelLinks, dbx.HashExp{c.FieldGroup: rec.Id}); n != 1 {
		t.Fatalf("links after /unprotect @tech = %d, want 1", n)
	}
	say(group, owner, "/unprotect", "Protection is off")
	say(group, owner, "/unprotect", gatekeeper.ReplyNotProtected)
	carol := w.tg.AddUser("Carol")
	mustV[telegramtest.Message](t)(w.tg.Join(group.ID, carol))
	w.pump()
	if len(w.callsFor("restrictChatMember", carol.ID)) != 0 {
		t.Fatal("a disabled group was enforced")
	}

	say(group, owner, "/protect @news", "Protection is on") // re-enabled by command
	rec, err = w.app.FindRecordById(c.ProtectedGroups, rec.Id)
	must(t, err)
	if !c.Wrap(&c.ProtectedGroup{}, rec).Enabled() {
		t.Fatal("/protect did not enable the group again")
	}
}
