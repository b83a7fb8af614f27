package gatekeeper_test

import (
	"context"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/nezuko/nezuko/tests/telegramtest"
)

// groupLookups counts the getChatMember calls about a user in a group.
func (w *world) groupLookups(groupID, userID int64) int {
	n := 0
	for _, call := range w.callsFor("getChatMember", userID) {
		if call.Int("chat_id") == groupID {
			n++
		}
	}
	return n
}

// A join whose chat_member update says "member" is muted without reading the member
// in the group again, whichever of its two updates (long polling: both) decides it.
func TestJoinAsMemberIsMutedWithoutAGroupLookup(t *testing.T) {
	w, group, _ := newFansWorld(t)
	w.start(true)
	for _, name := range []string{"Alice", "Bob", "Carol"} {
		u := w.tg.AddUser(name)
		mustV[telegramtest.Message](t)(w.tg.Join(group.ID, u))
		w.tg.WaitCall(t, wait, func(c telegramtest.Call) bool {
			return c.Method == "restrictChatMember" && c.Int("user_id") == u.ID
		})
		if n := w.groupLookups(group.ID, u.ID); n != 0 {
			t.Fatalf("%s: %d getChatMember calls in the group, want 0", name, n)
		}
	}
}

// A join known only from its service message (no chat_member update) still reads the
// member in the group before muting.
func TestServiceMessageJoinLooksTheMemberUp(t *testing.T) {
	w, group, _ := newFansWorld(t)
	w.start(false)
	dave := w.tg.AddUser("Dave")
	w.member(dave, group)
	u := &models.User{ID: dave.ID, FirstName: dave.FirstName}
	w.e.Handle(context.Background(), w.b, &models.Update{ID: 1, Message: &models.Message{ID: 1,
		Chat: chatOf(group), From: u, Date: int(time.Now().Unix()), NewChatMembers: []models.User{*u}}})
	if n := w.groupLookups(group.ID, dave.ID); n != 1 {
		t.Fatalf("getChatMember calls in the group = %d, want 1", n)
	}
	if n := len(w.callsFor("restrictChatMember", dave.ID)); n != 1 {
		t.Fatalf("restricts = %d, want 1", n)
	}
}

// Someone an admin restricted who leaves and comes back is announced "restricted":
// the bot warns them but leaves the admin's restriction as it is.
func TestRestrictedRejoinKeepsTheAdminsMute(t *testing.T) {
	w, group, _ := newFansWorld(t)
	w.start(true)
	erin := w.tg.AddUser("Erin")
	w.member(erin, group)
	must(t, w.tg.RestrictFor(group.ID, erin, telegramtest.Permissions{}, 7*24*time.Hour, w.tg.Owner(group.ID)))
	mustV[telegramtest.Message](t)(w.tg.Leave(group.ID, erin))
	admins := w.tg.Member(group.ID, erin.ID)
	mustV[telegramtest.Message](t)(w.tg.Join(group.ID, erin))
	w.tg.WaitFor(t, wait, func() bool { return len(w.warnings(group.ID)) == 1 })
	if n := len(w.callsFor("restrictChatMember", erin.ID)); n != 0 {
		t.Fatalf("the bot restricted erin over the admin's mute (%d calls)", n)
	}
	if got := w.tg.Member(group.ID, erin.ID); got.Status != telegramtest.StatusRestricted || got.UntilDate != admins.UntilDate {
		t.Fatalf("erin = %+v, want the admin's mute (until %d)", got, admins.UntilDate)
	}
}
