package gatekeeper_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/nezuko/nezuko/analytics"
	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/tests/telegramtest"
)

// A gated join request to a group writes its funnel steps once: a subscriber's request
// is checked when it comes in (and approved: their join, which follows, writes nothing
// more); a request of someone missing channels is checked and warned (the private
// message with the join buttons), and their join after the approval adds nothing —
// joined the channel, the funnel counts them subscribed through the channel_joins row.
func TestJoinRequestFunnelSteps(t *testing.T) {
	w := newWorld(t)
	group, news := w.supergroup("Fans"), w.channel("News", "news")
	w.protect(w.botRec, true, group, news)
	w.setParams(group, func(p *c.GroupParams) { p.JoinRequests = true })
	w.start(false)
	alice, bob := w.tg.AddUser("Alice"), w.tg.AddUser("Bob")
	w.member(bob, news)

	must(t, w.tg.RequestJoin(group.ID, bob))
	w.pump()
	w.tg.WaitFor(t, wait, func() bool { return w.tg.Member(group.ID, bob.ID).Status == telegramtest.StatusMember })
	w.pump()
	if got := w.gateKinds(group.ID, bob.ID); !slices.Equal(got, []string{c.GateChecked}) {
		t.Fatalf("bob's steps (a subscriber, approved at once) = %v, want checked", got)
	}

	must(t, w.tg.RequestJoin(group.ID, alice))
	w.pump()
	dm := w.tg.WaitMessage(t, wait, alice.ID, func(m telegramtest.Message) bool { return m.ReplyMarkup != nil })
	if got := w.gateKinds(group.ID, alice.ID); !slices.Equal(got, []string{c.GateChecked, c.GateWarned}) {
		t.Fatalf("alice's steps after her request = %v, want checked, warned", got)
	}
	mustV[telegramtest.Message](t)(w.tg.Join(news.ID, alice))
	mustV[string](t)(w.tg.Press(alice, dm, "I have joined"))
	w.pump()
	w.tg.WaitFor(t, wait, func() bool { return w.tg.Member(group.ID, alice.ID).Status == telegramtest.StatusMember })
	w.pump()
	if got := w.gateKinds(group.ID, alice.ID); !slices.Equal(got, []string{c.GateChecked, c.GateWarned}) {
		t.Fatalf("alice's steps once approved and in the group = %v, want checked, warned (once)", got)
	}
	// The funnel: both checked once; alice blocked (warned), then subscribed by joining
	// the channel.
	w.joinRows(alice.ID, 1) // her channel join, stored
	w.flush()
	res, err := analytics.New(w.app).Call(context.Background(), analytics.FunnelName, analytics.Params{"p_period": "24h"})
	must(t, err)
	out, err := json.Marshal(res)
	must(t, err)
	if want := `"stages":{"checked":2,"not_subscribed":1,"subscribed":1,"unmuted":0}`; !strings.Contains(string(out), want) {
		t.Fatalf("funnel = %s, want %s", out, want)
	}
}
