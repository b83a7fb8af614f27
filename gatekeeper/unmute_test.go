package gatekeeper_test

import (
	"testing"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/tests/telegramtest"
)

// A member the bot muted is unmuted as soon as they join the missing channel, even
// after their warning was auto-deleted; someone an admin muted stays muted.
func TestJoiningTheChannelUnmutesWithoutTheButton(t *testing.T) {
	w, group, news := newFansWorld(t)
	one := 1
	w.setParams(group, func(p *c.GroupParams) { p.WarningTTLSeconds = &one })
	w.start(false)

	alice, bob := w.tg.AddUser("Alice"), w.tg.AddUser("Bob")
	mustV[telegramtest.Message](t)(w.tg.Join(group.ID, alice))
	w.pump()
	if w.tg.Member(group.ID, alice.ID).Status != telegramtest.StatusRestricted {
		t.Fatal("alice not muted")
	}
	w.tg.WaitFor(t, wait, func() bool { return len(w.warnings(group.ID)) == 1 })
	w.tg.WaitFor(t, wait, func() bool { return len(w.warnings(group.ID)) == 0 }) // expired

	w.member(bob, group)
	mustV[telegramtest.Message](t)(w.tg.ChangeMember(group.ID, bob.ID,
		telegramtest.Member{Status: telegramtest.StatusRestricted, IsMember: true}, w.tg.Owner(group.ID)))
	mustV[telegramtest.Message](t)(w.tg.Join(news.ID, alice))
	mustV[telegramtest.Message](t)(w.tg.Join(news.ID, bob))
	w.pump()
	if got := w.tg.Member(group.ID, alice.ID); got.Status != telegramtest.StatusMember {
		t.Fatalf("alice after joining the channel = %+v, want unmuted", got)
	}
	if got := w.tg.Member(group.ID, bob.ID); got.Status != telegramtest.StatusRestricted {
		t.Fatalf("bob (muted by an admin) = %+v, want still restricted", got)
	}
}
