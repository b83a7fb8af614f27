package gatekeeper_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/tests/telegramtest"
)

// gateKinds lists the funnel steps written for a user in a group, oldest first.
func (w *world) gateKinds(groupID, userID int64) []string {
	w.t.Helper()
	w.flush()
	var kinds []string
	err := w.app.DB().Select(c.FieldKind).From(c.GateEvents).
		Where(dbx.HashExp{c.FieldGroupID: groupID, c.FieldUserID: userID}).OrderBy("rowid").Column(&kinds)
	if err != nil {
		w.t.Fatal(err)
	}
	return kinds
}

// The engine writes its funnel steps: a join checked, a mute, the lift once the user
// joined the channel; a member who joins subscribed is only checked; action delete
// writes "warned".
func TestFunnelStepsAreLogged(t *testing.T) {
	w, group, news := newFansWorld(t)
	w.start(false)

	alice, bob := w.tg.AddUser("Alice"), w.tg.AddUser("Bob")
	w.member(bob, news)
	mustV[telegramtest.Message](t)(w.tg.Join(group.ID, alice))
	mustV[telegramtest.Message](t)(w.tg.Join(group.ID, bob))
	w.pump()
	if got := w.gateKinds(group.ID, alice.ID); !slices.Equal(got, []string{c.GateChecked, c.GateMuted}) {
		t.Fatalf("alice's steps after joining = %v, want checked, muted", got)
	}
	if got := w.gateKinds(group.ID, bob.ID); !slices.Equal(got, []string{c.GateChecked}) {
		t.Fatalf("bob's steps = %v, want checked", got)
	}
	mustV[telegramtest.Message](t)(w.tg.Join(news.ID, alice))
	w.pump()
	w.tg.WaitFor(t, wait, func() bool { return w.tg.Member(group.ID, alice.ID).Status == telegramtest.StatusMember })
	if got := w.gateKinds(group.ID, alice.ID); !slices.Equal(got, []string{c.GateChecked, c.GateMuted, c.GateUnmuted}) {
		t.Fatalf("alice's steps after joining the channel = %v, want checked, muted, unmuted", got)
	}

	w.setParams(group, func(p *c.GroupParams) { p.Action = "delete" })
	w.e.ForgetGroup(group.ID)
	carol := w.tg.AddUser("Carol")
	mustV[telegramtest.Message](t)(w.tg.Join(group.ID, carol))
	w.pump()
	w.tg.WaitFor(t, wait, func() bool {
		return slices.Equal(w.gateKinds(group.ID, carol.ID), []string{c.GateChecked, c.GateWarned})
	})
}

// /status says how many subscribers the group's links brought to each channel in the
// last 7 days (channel_joins rows attributed to the group, as members).
func TestStatusShowsSubscribersBrought(t *testing.T) {
	w := newWorld(t)
	group, other := w.supergroup("Fans"), w.supergroup("Others")
	news, tech := w.channel("News", "news"), w.channel("Tech", "tech")
	w.protect(w.botRec, true, group, news, tech)
	w.start(false)
	now := time.Now()
	for _, j := range []struct {
		channel, group int64
		via            string
		ago            time.Duration
	}{
		{news.ID, group.ID, c.JoinViaMember, time.Hour},
		{news.ID, group.ID, c.JoinViaMember, 6 * 24 * time.Hour},
		{news.ID, group.ID, c.JoinViaMember, 8 * 24 * time.Hour}, // too old
		{news.ID, group.ID, c.JoinViaRequest, time.Hour},         // a request, not a subscriber yet
		{news.ID, other.ID, c.JoinViaMember, time.Hour},          // another group's link
		{news.ID, c.NoGroup, c.JoinViaMember, time.Hour},         // no group's link
		{tech.ID, group.ID, c.JoinViaMember, 2 * time.Hour},
	} {
		rec, err := c.NewChannelJoin(w.app, w.gate.ID, j.channel, 7, j.group, j.via, "", now.Add(-j.ago))
		if err != nil {
			t.Fatal(err)
		}
		if err := w.app.Save(rec); err != nil {
			t.Fatal(err)
		}
	}
	owner := w.tg.Owner(group.ID)
	got := strings.Join(w.command(group, owner, "/status", "in the last 7 days"), "\n")
	if want := "Brought 2 subscribers to @news, 1 subscribers to @tech in the last 7 days."; !strings.Contains(got, want) {
		t.Fatalf("/status = %q, want the line %q", got, want)
	}

	w.setParams(group, func(p *c.GroupParams) { p.Language = "de" })
	w.e.ForgetGroup(group.ID)
	got = strings.Join(w.command(group, owner, "/status", "in den letzten 7 Tagen"), "\n")
	if want := "Brachte 2 Abonnenten zu @news, 1 Abonnenten zu @tech in den letzten 7 Tagen."; !strings.Contains(got, want) {
		t.Fatalf("/status (de) = %q, want the line %q", got, want)
	}
}
