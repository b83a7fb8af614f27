package gatekeeper_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper"
	"github.com/nezuko/nezuko/gatekeeper/groups"
	"github.com/nezuko/nezuko/tests/telegramtest"
)

// restart closes the engine and starts a new one on the same database, as a process
// restart would.
func (w *world) restart(tweak ...func(*gatekeeper.Config)) {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	must(w.t, w.e.Close(ctx))
	w.start(false, tweak...)
}

// ownRestrictions counts the bot_restrictions rows of a user.
func (w *world) ownRestrictions(userID int64) int {
	w.t.Helper()
	rows, err := w.app.FindAllRecords(c.BotRestrictions, dbx.HashExp{c.FieldUserID: userID})
	must(w.t, err)
	return len(rows)
}

// waitOwn waits until the user has n bot_restrictions rows (they are written in the
// background).
func (w *world) waitOwn(userID int64, n int) {
	w.t.Helper()
	eventually(w.t, "bot_restrictions rows", func() bool { return w.ownRestrictions(userID) == n })
}

// mutedOnJoin protects a group with one channel, starts the engine and lets alice
// join the group without the channel: the bot mutes her.
func mutedOnJoin(t *testing.T, tweak ...func(*gatekeeper.Config)) (*world, telegramtest.Chat, telegramtest.Chat, telegramtest.User) {
	w, group, news := newFansWorld(t)
	w.start(false, tweak...)
	alice := w.tg.AddUser("Alice")
	mustV[telegramtest.Message](t)(w.tg.Join(group.ID, alice))
	w.pump()
	if got := w.tg.Member(group.ID, alice.ID); got.Status != telegramtest.StatusRestricted {
		t.Fatalf("alice not muted: %+v", got)
	}
	w.waitOwn(alice.ID, 1) // the bot's mute is recorded
	return w, group, news, alice
}

// Lifting a mute passes every permission true: on Telegram a user granted less stays
// restricted, frozen at those rights, so a group that is read-only at that moment
// would keep them muted after it opens again.
func TestUnmuteGrantsEveryPermission(t *testing.T) {
	w, group, news := newFansWorld(t)
	w.start(false)

	alice := w.joinWarned(t, group, "Alice")
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

// A user the bot muted leaves the group (Telegram keeps the restriction), joins the
// channel without the bot hearing of it, and comes back: nothing is missing, and the
// bot lifts its own mute.
func TestRejoinAfterSubscribingLiftsOwnMute(t *testing.T) {
	w, group, news, alice := mutedOnJoin(t)
	mustV[telegramtest.Message](t)(w.tg.Leave(group.ID, alice))
	w.pump()
	if got := w.tg.Member(group.ID, alice.ID); got.Status != telegramtest.StatusRestricted || got.IsMember {
		t.Fatalf("alice after leaving = %+v", got)
	}
	w.member(alice, news) // no chat_member update reaches the bot
	mustV[telegramtest.Message](t)(w.tg.Join(group.ID, alice))
	w.pump()
	if got := w.tg.Member(group.ID, alice.ID); got.Status != telegramtest.StatusMember {
		t.Fatalf("alice back with the channel = %+v, want unmuted", got)
	}
	w.waitOwn(alice.ID, 0) // the lifted mute is forgotten
}

// The bot's mutes survive a restart: after it, the channel join update still unmutes.
func TestOwnMuteSurvivesRestart(t *testing.T) {
	w, group, news, alice := mutedOnJoin(t)
	w.restart()
	mustV[telegramtest.Message](t)(w.tg.Join(news.ID, alice))
	w.pump()
	if got := w.tg.Member(group.ID, alice.ID); got.Status != telegramtest.StatusMember {
		t.Fatalf("alice after joining the channel, bot restarted = %+v, want unmuted", got)
	}
}

// No chat_member update from the channel ever comes (Telegram does not promise them
// for every member of a large channel): the background re-check unmutes, and stops
// looking at mutes older than a week.
func TestRecheckUnmutesWithoutChannelUpdate(t *testing.T) {
	k := &clock{}
	w, group, news, alice := mutedOnJoin(t, withClock(k))
	w.e.RecheckMutes() // still missing the channel: stays muted, checked
	if got := w.tg.Member(group.ID, alice.ID); got.Status != telegramtest.StatusRestricted {
		t.Fatalf("alice re-checked without the channel = %+v", got)
	}
	w.member(alice, news) // joined; the bot hears nothing
	w.restart(withClock(k))
	w.e.RecheckMutes()
	if got := w.tg.Member(group.ID, alice.ID); got.Status != telegramtest.StatusMember {
		t.Fatalf("alice after the re-check = %+v, want unmuted", got)
	}
	w.waitOwn(alice.ID, 0) // the lifted mute is forgotten

	bob := w.tg.AddUser("Bob")
	mustV[telegramtest.Message](t)(w.tg.Join(group.ID, bob))
	w.pump()
	w.member(bob, news)
	k.advance(8 * 24 * time.Hour)
	before := len(w.callsFor("getChatMember", bob.ID))
	w.e.RecheckMutes()
	if n := len(w.callsFor("getChatMember", bob.ID)); n != before {
		t.Fatalf("a mute older than a week was re-checked (%d lookups)", n-before)
	}
}

// A group admin mutes Bob for 7 days; Bob leaves the channel and joins it again and
// presses the warning's button: the admin's mute stays exactly as it was (never
// overwritten, made permanent, or lifted), the warning still goes out.
func TestNeverOverwritesAnAdminsMute(t *testing.T) {
	w, group, news := newFansWorld(t)
	w.start(false)
	bob := w.tg.AddUser("Bob")
	w.member(bob, group, news)
	must(t, w.tg.RestrictFor(group.ID, bob, telegramtest.Permissions{}, 7*24*time.Hour, w.tg.Owner(group.ID)))
	w.pump()
	admins := w.tg.Member(group.ID, bob.ID)

	mustV[telegramtest.Message](t)(w.tg.Leave(news.ID, bob))
	w.pump()
	w.tg.WaitFor(t, wait, func() bool { return len(w.warnings(group.ID)) == 1 })
	if n := len(w.callsFor("restrictChatMember", bob.ID)); n != 0 {
		t.Fatalf("the bot restricted bob over the admin's mute (%d calls)", n)
	}
	mustV[telegramtest.Message](t)(w.tg.Join(news.ID, bob))
	w.pump()
	q := mustV[string](t)(w.tg.Press(bob, w.warnings(group.ID)[0], "I have joined"))
	w.pump()
	if a, _ := w.tg.CallbackAnswer(q); a.ShowAlert {
		t.Fatalf("answer = %+v", a)
	}
	if got := w.tg.Member(group.ID, bob.ID); got != admins {
		t.Fatalf("bob = %+v, want the admin's mute %+v untouched", got, admins)
	}
	if n := len(w.callsFor("restrictChatMember", bob.ID)); n != 0 {
		t.Fatalf("the bot changed bob's restriction (%d calls)", n)
	}

	// kick mode would erase the admin's mute (an unban leaves no restriction)
	w.setParams(group, func(p *c.GroupParams) { p.Action = groups.ActionKick })
	w.e.ForgetGroup(group.ID)
	mustV[telegramtest.Message](t)(w.tg.Leave(news.ID, bob))
	w.pump()
	if n := len(w.callsFor("banChatMember", bob.ID)); n != 0 || w.tg.Member(group.ID, bob.ID) != admins {
		t.Fatalf("bob kicked out of the admin's mute: %d bans, %+v", n, w.tg.Member(group.ID, bob.ID))
	}
}

// A warning's auto-deletion and a join request's 24 h decline are stored: after a
// restart they still happen (overdue ones at once).
func TestTimersSurviveRestart(t *testing.T) {
	k := &clock{}
	w, group, _ := newFansWorld(t)
	w.setParams(group, func(p *c.GroupParams) { p.JoinRequests = true })
	w.start(false, withClock(k))

	alice, carol := w.tg.AddUser("Alice"), w.tg.AddUser("Carol")
	mustV[telegramtest.Message](t)(w.tg.Join(group.ID, alice))
	must(t, w.tg.RequestJoin(group.ID, carol))
	w.pump()
	w.tg.WaitFor(t, wait, func() bool { return len(w.warnings(group.ID)) == 1 })
	w.tg.WaitMessage(t, wait, carol.ID, func(m telegramtest.Message) bool { return m.ReplyMarkup != nil })
	// The warning is visible a moment before its deletion is stored (with its due time
	// from the clock): wait for both timers before moving the clock.
	eventually(t, "both timers stored", func() bool {
		rows, err := w.app.FindAllRecords(c.BotTimers)
		return err == nil && len(rows) == 2
	})

	k.advance(25 * time.Hour) // both overdue by the next start
	w.restart(withClock(k))
	w.tg.WaitFor(t, wait, func() bool { return len(w.warnings(group.ID)) == 0 })
	w.e.SweepJoinRequests()
	w.tg.WaitCall(t, wait, func(call telegramtest.Call) bool {
		return call.Method == "declineChatJoinRequest" && call.Int("user_id") == carol.ID && call.OK
	})
	w.tg.WaitMessage(t, wait, carol.ID, func(m telegramtest.Message) bool { return strings.Contains(m.Text, "expired") })
	eventually(t, "no timer left in bot_timers", func() bool {
		rows, err := w.app.FindAllRecords(c.BotTimers)
		return err == nil && len(rows) == 0
	})
}

// An admin who changes the bot's mute (here: mutes again, just as the bot does) makes
// it theirs: joining the channel no longer lifts it. A mute_user command is an admin's
// decision too: only unmute_user lifts it.
func TestAPersonsChangeMakesTheMuteTheirs(t *testing.T) {
	w, group, news, alice := mutedOnJoin(t)
	must(t, w.tg.RestrictFor(group.ID, alice, telegramtest.Permissions{}, 0, w.tg.Owner(group.ID)))
	w.pump()
	w.waitOwn(alice.ID, 0) // an admin re-set it: not the bot's any more
	mustV[telegramtest.Message](t)(w.tg.Join(news.ID, alice))
	w.pump()
	if got := w.tg.Member(group.ID, alice.ID); got.Status != telegramtest.StatusRestricted {
		t.Fatalf("the admin's mute was lifted: %+v", got)
	}

	bob := w.tg.AddUser("Bob")
	w.member(bob, group)
	mustV[map[string]any](t)(w.e.Mute(context.Background(), group.ID, bob.ID))
	mustV[telegramtest.Message](t)(w.tg.Join(news.ID, bob))
	w.pump()
	if got := w.tg.Member(group.ID, bob.ID); got.Status != telegramtest.StatusRestricted {
		t.Fatalf("a mute_user mute was lifted by joining the channel: %+v", got)
	}
	mustV[map[string]any](t)(w.e.Unmute(context.Background(), group.ID, bob.ID))
	if got := w.tg.Member(group.ID, bob.ID); got.Status != telegramtest.StatusMember {
		t.Fatalf("after unmute_user bob = %+v", got)
	}
	w.waitOwn(bob.ID, 0)
}

// Two lifts of one mute at once (on a bot that is behind: the re-check sweep and the
// user's press, or two presses) lift it once: both see the bot's mute before either
// has forgotten it, so each would otherwise call restrictChatMember.
func TestConcurrentLiftsUnmuteOnce(t *testing.T) {
	w, group, news := newFansWorld(t)
	w.start(true)
	alice := w.tg.AddUser("Alice")
	mustV[telegramtest.Message](t)(w.tg.Join(group.ID, alice))
	w.tg.WaitFor(t, wait, func() bool { return len(w.warnings(group.ID)) == 1 })
	w.waitOwn(alice.ID, 1)
	warn := w.warnings(group.ID)[0]
	w.member(alice, news) // joined; the bot hears nothing
	w.tg.InjectFault(telegramtest.Fault{Method: "getChatMember", Kind: telegramtest.FaultDelay,
		Delay: 300 * time.Millisecond, Times: -1}) // both presses are inside the lift together
	q1 := mustV[string](t)(w.tg.Press(alice, warn, "I have joined"))
	q2 := mustV[string](t)(w.tg.Press(alice, warn, "I have joined"))
	w.tg.WaitFor(t, wait, func() bool {
		_, ok1 := w.tg.CallbackAnswer(q1)
		_, ok2 := w.tg.CallbackAnswer(q2)
		return ok1 && ok2
	})
	w.tg.ClearFaults()
	if got := w.tg.Member(group.ID, alice.ID); got.Status != telegramtest.StatusMember {
		t.Fatalf("alice after pressing = %+v, want unmuted", got)
	}
	if n := len(w.callsFor("restrictChatMember", alice.ID)); n != 2 {
		t.Fatalf("restrictChatMember calls = %d, want 2 (the mute, one lift)", n)
	}
}

// When the bot's record of its mute cannot be read, a press does not pass for
// verified while the user stays muted: it says it failed, and a press once the
// database answers again lifts the mute.
func TestUnreadableMuteRecordFailsThePress(t *testing.T) {
	w, group, news, alice := mutedOnJoin(t)
	w.tg.WaitFor(t, wait, func() bool { return len(w.warnings(group.ID)) == 1 })
	warn := w.warnings(group.ID)[0]
	w.member(alice, news)
	rename := func(from, to string) {
		t.Helper()
		if _, err := w.app.DB().NewQuery("ALTER TABLE `" + from + "` RENAME TO `" + to + "`").Execute(); err != nil {
			t.Fatal(err)
		}
	}
	rename(c.BotRestrictions, "bot_restrictions_away")
	q := mustV[string](t)(w.tg.Press(alice, warn, "I have joined"))
	w.pump()
	if a, ok := w.tg.CallbackAnswer(q); !ok || a.Text == gatekeeper.AnswerVerified {
		t.Fatalf("answer with the record unreadable = %+v (answered %v), want a failure", a, ok)
	}
	if got := w.tg.Member(group.ID, alice.ID); got.Status != telegramtest.StatusRestricted {
		t.Fatalf("alice = %+v, want still muted", got)
	}
	rename("bot_restrictions_away", c.BotRestrictions)
	q = mustV[string](t)(w.tg.Press(alice, warn, "I have joined"))
	w.pump()
	if a, _ := w.tg.CallbackAnswer(q); a.Text != gatekeeper.AnswerVerified {
		t.Fatalf("answer once readable = %+v", a)
	}
	if got := w.tg.Member(group.ID, alice.ID); got.Status != telegramtest.StatusMember {
		t.Fatalf("alice = %+v, want unmuted", got)
	}
}
