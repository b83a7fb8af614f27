package gatekeeper_test

import (
	"slices"
	"strconv"
	"testing"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper/rights"
	"github.com/nezuko/nezuko/tests/telegramtest"
)

// A private channel (no username) can be required only by one of its administrators:
// a stranger who adds the bot to their own group, or an anonymous admin nobody can
// check, is refused and nothing is linked; the channel's owner may.
func TestPrivateChannelOnlyForItsAdmins(t *testing.T) {
	w := newWorld(t)
	secret := w.tg.AddChannel("Secret", "")
	must(t, w.tg.SetMember(secret.ID, w.gate.ID, telegramtest.Admin(telegramtest.AdminRights{CanInviteUsers: true})))
	stranger := w.supergroup("Stranger's group")
	w.start(false)
	id := strconv.FormatInt(secret.ID, 10)

	w.command(stranger, w.tg.Owner(stranger.ID), "/protect "+id, "is a private channel: only its administrators may require it")
	mustV[telegramtest.Message](t)(w.tg.SendAsChat(stranger.ID, "/protect "+id))
	w.pump()
	eventually(t, "a refusal for the anonymous admin", func() bool {
		n := 0
		for _, s := range w.botTexts(stranger.ID) {
			if contains([]string{s}, "only its administrators may require it") {
				n++
			}
		}
		return n == 2
	})
	if n, _ := w.app.CountRecords(c.GroupChannelLinks); n != 0 {
		t.Fatalf("%d links made by people who do not administer the channel", n)
	}
	if n := len(w.tg.Calls("createChatInviteLink")); n != 0 {
		t.Fatalf("%d invite links made for strangers", n)
	}

	mine := w.supergroup("Fans")
	chOwner := w.tg.Owner(secret.ID)
	must(t, w.tg.SetMember(mine.ID, chOwner.ID, telegramtest.Admin(telegramtest.AdminRights{CanRestrictMembers: true})))
	w.command(mine, chOwner, "/protect "+id, "Protection is on")
	if n, _ := w.app.CountRecords(c.GroupChannelLinks); n != 1 {
		t.Fatalf("links = %d, want 1", n)
	}
}

// A private channel where the bot may not invite users via link has no way in for
// members: /protect refuses and says which right is missing, and health names it for
// a group that links such a channel already.
func TestPrivateChannelNeedsInviteRight(t *testing.T) {
	w := newWorld(t)
	secret := w.tg.AddChannel("Secret", "")
	must(t, w.tg.SetMember(secret.ID, w.gate.ID, telegramtest.Admin(telegramtest.AdminRights{CanPostMessages: true})))
	group := w.supergroup("Fans")
	chOwner := w.tg.Owner(secret.ID)
	must(t, w.tg.SetMember(group.ID, chOwner.ID, telegramtest.Admin(telegramtest.AdminRights{CanRestrictMembers: true})))
	w.start(false)

	w.command(group, chOwner, "/protect "+strconv.FormatInt(secret.ID, 10), "I need the right “Invite users via link” there")
	if n, _ := w.app.CountRecords(c.GroupChannelLinks); n != 0 {
		t.Fatalf("%d links to a channel nobody can join", n)
	}

	other := w.supergroup("Older")
	w.protect(w.botRec, true, other, secret) // linked before this check existed
	w.e.RunMaintenance()
	h := w.health(other)
	if h.OK || len(h.Problems) != 1 || h.Problems[0].ChatID != secret.ID ||
		!slices.Equal(h.Problems[0].Missing, []string{rights.Invite}) {
		t.Fatalf("health = %+v, want can_invite_users missing in the channel", h)
	}
}
