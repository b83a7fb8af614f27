package gatekeeper_test

import (
	"testing"

	"github.com/nezuko/nezuko/telegramtest"
)

// Lifting a mute passes every permission true: on Telegram a user granted less stays
// restricted, frozen at those rights, so a group that is read-only at that moment
// would keep them muted after it opens again.
func TestUnmuteGrantsEveryPermission(t *testing.T) {
	w := newWorld(t)
	group, news := w.supergroup("Fans"), w.channel("News", "news")
	w.protect(w.botRec, true, group, news)
	w.start(false)

	alice := w.tg.AddUser("Alice")
	mustV[telegramtest.Message](t)(w.tg.Join(group.ID, alice))
	w.pump()
	w.tg.WaitFor(t, wait, func() bool { return len(w.warnings(group.ID)) == 1 })
	warn := w.warnings(group.ID)[0]

	w.tg.SetPermissions(group.ID, telegramtest.Permissions{}) // read-only for a while
	mustV[telegramtest.Message](t)(w.tg.Join(news.ID, alice))
	mustV[string](t)(w.tg.Press(alice, warn, "I have joined"))
	w.pump()
	if got := w.tg.Member(group.ID, alice.ID); got.Status != telegramtest.StatusMember {
		t.Fatalf("alice after verifying = %+v, want a plain member", got)
	}
	calls := w.callsFor("restrictChatMember", alice.ID)
	var sent map[string]bool
	must(t, calls[len(calls)-1].Decode("permissions", &sent))
	for _, k := range []string{"can_send_messages", "can_send_photos", "can_change_info", "can_invite_users",
		"can_pin_messages", "can_manage_topics"} {
		if !sent[k] {
			t.Errorf("unmute sent %s = false (%v)", k, sent)
		}
	}
	w.tg.SetPermissions(group.ID, telegramtest.DefaultPermissions) // the group opens again
	if _, err := w.tg.Send(group.ID, alice, "hello"); err != nil {
		t.Fatalf("alice cannot write once the group opens: %v", err)
	}
}
