package gatekeeper_test

import (
	"testing"
)

// A channel linked to several groups of the bot has the bot's rights in it read once
// per maintenance, and every group's health still records the check.
func TestMaintenanceReadsASharedChannelOnce(t *testing.T) {
	w := newWorld(t)
	news := w.channel("News", "news")
	a, b, d := w.supergroup("A"), w.supergroup("B"), w.supergroup("D")
	w.protect(w.botRec, true, a, news)
	w.protect(w.botRec, true, b, news)
	w.protect(w.botRec, true, d, news)
	w.start(true)

	reads := func() int {
		n := 0
		for _, call := range w.tg.Calls("getChatMember") {
			if call.Int("chat_id") == news.ID && call.Int("user_id") == w.gate.ID {
				n++
			}
		}
		return n
	}
	before := reads()
	w.e.RunMaintenance()
	if got := reads() - before; got != 1 {
		t.Fatalf("the shared channel's rights were read %d times in one maintenance, want 1", got)
	}
	for _, g := range []struct {
		name string
		h    func() bool
	}{
		{"A", func() bool { h := w.health(a); return h.OK && h.CheckedAt != "" }},
		{"B", func() bool { h := w.health(b); return h.OK && h.CheckedAt != "" }},
		{"D", func() bool { h := w.health(d); return h.OK && h.CheckedAt != "" }},
	} {
		if !g.h() {
			t.Fatalf("group %s: health not recorded as OK", g.name)
		}
	}
	w.e.RunMaintenance() // the next maintenance reads it again
	if got := reads() - before; got != 2 {
		t.Fatalf("after two maintenances the shared channel was read %d times, want 2", got)
	}
}
