package gatekeeper_test

import (
	"testing"

	"github.com/pocketbase/dbx"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/tests/telegramtest"
)

// A join request made through the group's link, approved after that link was revoked
// and replaced (and the bot restarted, so nothing is remembered in memory), is still
// the group's: bot_invite_links keeps the replaced link, marked revoked, and the
// warnings use only the new one.
func TestRequestByReplacedLinkIsTheGroups(t *testing.T) {
	k := &clock{}
	w, fans, news := requestsOn(t, k)
	alice := w.joinWarned(t, fans, "Alice")
	old := joinButton(t, w.warnings(fans.ID)[0])
	mustV[telegramtest.Message](t)(w.tg.JoinByLink(news.ID, alice, old))
	w.pump()
	if j := w.joinRows(alice.ID, 1)[0]; j.Via() != c.JoinViaRequest || j.GroupID() != fans.ID {
		t.Fatalf("request row = %+v", j.FieldsData())
	}

	must(t, w.tg.RevokeLink(news.ID, old))
	w.e.RunMaintenance()
	var fresh string
	eventually(t, "a new link stored", func() bool { fresh = w.groupLink(fans.ID, news.ID); return fresh != old })
	w.restart(withClock(k))

	must(t, w.tg.ApproveRequest(news.ID, alice.ID))
	w.pump()
	if j := w.joinRows(alice.ID, 2)[1]; j.Via() != c.JoinViaMember || j.GroupID() != fans.ID || j.InviteLink() != old {
		t.Fatalf("join approved from the replaced link = %+v, want Fans's", j.FieldsData())
	}
	n, err := w.app.CountRecords(c.BotInviteLinks, dbx.HashExp{c.FieldGroupID: fans.ID, c.FieldChannelID: news.ID})
	must(t, err)
	if n != 2 {
		t.Fatalf("bot_invite_links rows of the pair = %d, want 2 (the revoked one kept)", n)
	}

	// Warnings keep using the new link, after the restart too.
	bob := w.tg.AddUser("Bob")
	mustV[telegramtest.Message](t)(w.tg.Join(fans.ID, bob))
	w.pump()
	w.tg.WaitFor(t, wait, func() bool { return len(w.warnings(fans.ID)) >= 1 })
	for _, m := range w.warnings(fans.ID) {
		if got := joinButton(t, m); got != fresh {
			t.Fatalf("warning button = %q, want the new link %q", got, fresh)
		}
	}
}
