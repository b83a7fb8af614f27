package gatekeeper_test

import (
	"strings"
	"testing"
	"time"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/tests/telegramtest"
)

// With join_requests on, a subscriber's request is approved at once; anyone else is
// written to privately, approved when they press "I have joined" after joining, or
// declined after 24 h.
func TestJoinRequestsAreGated(t *testing.T) {
	w, group, news := newFansWorld(t)
	w.setParams(group, func(p *c.GroupParams) { p.JoinRequests = true })
	k := &clock{}
	w.start(false, withClock(k))
	alice, bob, carol := w.tg.AddUser("Alice"), w.tg.AddUser("Bob"), w.tg.AddUser("Carol")
	w.member(bob, news)

	must(t, w.tg.RequestJoin(group.ID, bob))
	w.pump()
	if got := w.tg.Member(group.ID, bob.ID); got.Status != telegramtest.StatusMember {
		t.Fatalf("bob (a subscriber) = %+v, want approved", got)
	}

	must(t, w.tg.RequestJoin(group.ID, alice))
	w.pump()
	dm := w.tg.WaitMessage(t, wait, alice.ID, func(m telegramtest.Message) bool { return m.ReplyMarkup != nil })
	if !strings.Contains(dm.Text, "To join Fans, please join @news") || !strings.Contains(buttonTexts(dm), "Join @news") {
		t.Fatalf("private message = %q / %q", dm.Text, buttonTexts(dm))
	}
	if got := w.tg.Member(group.ID, alice.ID); got.InChat() {
		t.Fatal("alice was let in before joining")
	}
	q := mustV[string](t)(w.tg.Press(alice, dm, "I have joined"))
	w.pump()
	if a, _ := w.tg.CallbackAnswer(q); !a.ShowAlert || !strings.Contains(a.Text, "@news") {
		t.Fatalf("answer before joining = %+v", a)
	}
	mustV[telegramtest.Message](t)(w.tg.Join(news.ID, alice))
	q = mustV[string](t)(w.tg.Press(alice, dm, "I have joined"))
	w.pump()
	if got := w.tg.Member(group.ID, alice.ID); got.Status != telegramtest.StatusMember {
		t.Fatalf("alice after joining = %+v, want approved", got)
	}
	if a, _ := w.tg.CallbackAnswer(q); a.ShowAlert {
		t.Fatalf("answer after joining = %+v", a)
	}
	w.tg.WaitMessage(t, wait, alice.ID, func(m telegramtest.Message) bool { return strings.Contains(m.Text, "is approved") })

	must(t, w.tg.RequestJoin(group.ID, carol))
	w.pump()
	w.tg.WaitMessage(t, wait, carol.ID, func(m telegramtest.Message) bool { return m.ReplyMarkup != nil })
	w.e.SweepJoinRequests() // not yet due
	if n := len(w.tg.Calls("declineChatJoinRequest")); n != 0 {
		t.Fatalf("declined %d requests early", n)
	}
	k.advance(24*time.Hour + time.Minute)
	w.e.SweepJoinRequests()
	w.tg.WaitCall(t, wait, func(call telegramtest.Call) bool {
		return call.Method == "declineChatJoinRequest" && call.Int("user_id") == carol.ID && call.OK
	})
	w.tg.WaitMessage(t, wait, carol.ID, func(m telegramtest.Message) bool { return strings.Contains(m.Text, "expired") })
	if got := w.tg.Member(group.ID, carol.ID); got.InChat() {
		t.Fatal("carol got in")
	}
	if n := len(w.tg.Calls("approveChatJoinRequest")); n != 2 {
		t.Fatalf("approvals = %d, want 2", n)
	}
	if rows := w.verifications(alice.ID); len(rows) < 2 {
		t.Fatalf("alice's checks logged %d rows", len(rows))
	}
}

// With join_requests off (the default), requests are left to the admins.
func TestJoinRequestsUngatedByDefault(t *testing.T) {
	w, group, _ := newFansWorld(t)
	w.start(false)
	alice := w.tg.AddUser("Alice")
	must(t, w.tg.RequestJoin(group.ID, alice))
	if n := len(w.pump()); n != 1 {
		t.Fatalf("updates = %d", n)
	}
	for _, m := range []string{"approveChatJoinRequest", "declineChatJoinRequest", "sendMessage", "getChatMember"} {
		if n := len(w.tg.Calls(m)); n != 0 {
			t.Fatalf("%d %s calls", n, m)
		}
	}
}
