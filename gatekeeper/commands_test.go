package gatekeeper_test

import (
	"context"
	"testing"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/tests/telegramtest"
)

// The command-worker operations act on Telegram and return what they did.
func TestCommandOperations(t *testing.T) {
	w, group, news := newFansWorld(t)
	w.start(false)
	ctx := context.Background()
	alice := w.tg.AddUser("Alice")
	w.member(alice, group)

	res, err := w.e.Mute(ctx, group.ID, alice.ID)
	if err != nil || res["restricted"] != true || w.tg.Member(group.ID, alice.ID).Status != telegramtest.StatusRestricted {
		t.Fatalf("Mute = %v, %v", res, err)
	}
	res, err = w.e.Unmute(ctx, group.ID, alice.ID)
	if err != nil || res["restricted"] != false || w.tg.Member(group.ID, alice.ID).Status != telegramtest.StatusMember {
		t.Fatalf("Unmute = %v, %v", res, err)
	}

	res, err = w.e.Recheck(ctx, group.ID, alice.ID) // not in the channel: muted and warned
	if err != nil || res["restricted"] != true || w.tg.Member(group.ID, alice.ID).Status != telegramtest.StatusRestricted {
		t.Fatalf("Recheck (missing) = %v, %v", res, err)
	}
	w.tg.WaitFor(t, wait, func() bool { return len(w.warnings(group.ID)) == 1 })
	w.member(alice, news)
	res, err = w.e.Recheck(ctx, group.ID, alice.ID) // joined: unmuted, warning gone
	if err != nil || res["restricted"] != false || w.tg.Member(group.ID, alice.ID).Status != telegramtest.StatusMember {
		t.Fatalf("Recheck (joined) = %v, %v", res, err)
	}
	w.tg.WaitFor(t, wait, func() bool { return len(w.warnings(group.ID)) == 0 })

	res, err = w.e.SendMessage(ctx, group.ID, "Hello <b>all</b>")
	if err != nil || res["message_id"] == nil || !contains(w.replies(group.ID), "Hello all") {
		t.Fatalf("SendMessage = %v, %v", res, err)
	}
	res, err = w.e.SendMessage(ctx, group.ID, "1 < 2 & <nope>") // not HTML: sent as typed
	if err != nil || res["message_id"] == nil || !contains(w.replies(group.ID), "1 < 2 & <nope>") {
		t.Fatalf("SendMessage (plain) = %v, %v", res, err)
	}
	res, err = w.e.Ban(ctx, group.ID, alice.ID)
	if err != nil || w.tg.Member(group.ID, alice.ID).Status != telegramtest.StatusKicked {
		t.Fatalf("Ban = %v, %v", res, err)
	}
	res, err = w.e.Unban(ctx, group.ID, alice.ID)
	if err != nil || w.tg.Member(group.ID, alice.ID).Status != telegramtest.StatusLeft {
		t.Fatalf("Unban = %v, %v", res, err)
	}

	res, err = w.e.SyncMembers(ctx, 0)
	if err != nil || res["synced"] != 2 || res["failed"] != 0 {
		t.Fatalf("SyncMembers = %v, %v", res, err)
	}
	rec, err := w.app.FindFirstRecordByData(c.ProtectedGroups, c.FieldGroupID, group.ID)
	must(t, err)
	if pg := c.Wrap(&c.ProtectedGroup{}, rec); pg.MemberCount() != 2 || pg.LastSyncAt().IsZero() {
		t.Fatalf("member_count = %d", pg.MemberCount())
	}

	if res := w.e.ClearCache(group.ID); res["cleared"] != 1 {
		t.Fatalf("ClearCache = %v, want 1 entry (alice, news)", res)
	}
	if res := w.e.ClearCache(0); res["cleared"] != 0 {
		t.Fatalf("ClearCache(0) = %v", res)
	}

	res, err = w.e.LeaveGroup(ctx, group.ID)
	if err != nil || res["left"] != true || w.tg.Member(group.ID, w.gate.ID).Status != telegramtest.StatusLeft {
		t.Fatalf("LeaveGroup = %v, %v", res, err)
	}
	if _, err := w.e.Mute(ctx, group.ID, alice.ID); err == nil {
		t.Fatal("Mute in a group the bot left succeeded")
	}
}
