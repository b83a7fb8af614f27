package warnings_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot"

	"github.com/nezuko/nezuko/gatekeeper/warnings"
)

// burst makes a raid of users 1..n: the group's budget is spent while they are
// queued, then a slot frees (rate 7: a burst is more than 3 warnings a minute); the
// rate is raised afterwards so that edits follow at once.
func (r *rig) burst(t *testing.T, n int64) (int, msg) {
	t.Helper()
	r.rate.SetRate(1)
	r.rate.Reserve(group, time.Now())
	for id := int64(1); id <= n; id++ {
		r.w.Warn(group, id, 0, "own warning", nil, time.Minute, facts(id))
	}
	r.rate.SetRate(7)
	eventually(t, "the combined warning shown", func() bool { return len(r.w.Shown(group)) == int(n) })
	r.rate.SetRate(6000)
	return r.f.only(t)
}

// Under a burst the queued warnings go out as one message naming every user, with
// the join button of the channel and one "I have joined" for all of them.
func TestBurstCombinesWarnings(t *testing.T) {
	r := newRig(t, 20)
	_, m := r.burst(t, 5)
	for u := int64(1); u <= 5; u++ {
		if !strings.Contains(m.text, user(u)) {
			t.Fatalf("combined warning %q does not name user %d", m.text, u)
		}
	}
	if !strings.Contains(m.text, "@news") || !strings.Contains(m.text, "I have joined") {
		t.Fatalf("combined warning = %q", m.text)
	}
	rows := m.markup.InlineKeyboard
	if len(rows) != 2 || rows[0][0].URL != "https://t.me/news" {
		t.Fatalf("buttons = %+v", rows)
	}
	batch, ok := warnings.ParseCombinedData(rows[1][0].CallbackData)
	if !ok || !strings.HasPrefix(rows[1][0].CallbackData, warnings.CombinedPrefix) {
		t.Fatalf("button data = %q", rows[1][0].CallbackData)
	}
	if known, named := r.w.Named(group, batch, 3); !known || !named {
		t.Fatalf("Named(user 3) = %v, %v", known, named)
	}
	if known, named := r.w.Named(group, batch, 42); !known || named {
		t.Fatalf("Named(outsider) = %v, %v", known, named)
	}
	if known, _ := r.w.Named(group, batch+1, 3); known {
		t.Fatal("an unknown combined warning is known")
	}
	if sends, _ := r.f.counts(); sends != 1 {
		t.Fatalf("sends = %d, want 1", sends)
	}
}

// A user taken off a combined warning is no longer named (an edit); when nobody is
// left, it is deleted with its stored timer.
func TestCombinedWarningIsEditedThenDeleted(t *testing.T) {
	r := newRig(t, 20)
	id, _ := r.burst(t, 4)
	r.w.Remove(context.Background(), group, 2, 0)
	eventually(t, "an edit without user 2", func() bool {
		_, m := r.f.only(t)
		return !strings.Contains(m.text, user(2))
	})
	for _, u := range []int64{1, 3, 4} {
		r.w.Remove(context.Background(), group, u, 0)
	}
	eventually(t, "the combined warning deleted", func() bool { return len(r.f.texts()) == 0 })
	r.f.mu.Lock()
	defer r.f.mu.Unlock()
	if len(r.f.deleted) != 1 || r.f.deleted[0] != id {
		t.Fatalf("deleted %v, want the combined warning %d once", r.f.deleted, id)
	}
	if last := "t" + strconv.Itoa(len(r.f.timers)); len(r.f.done) == 0 || r.f.done[len(r.f.done)-1] != last {
		t.Fatalf("timers dropped %v: the last auto-delete (%s) stays stored", r.f.done, last)
	}
}

// A combined warning whose TTL is up ends: its users' warnings are forgotten.
func TestCombinedWarningExpires(t *testing.T) {
	r := newRig(t, 20)
	id, _ := r.burst(t, 4)
	if !r.f.fire(t, id) {
		t.Fatal("the TTL did not delete the combined warning")
	}
	for u := int64(1); u <= 4; u++ {
		if r.w.Has(group, u) {
			t.Fatalf("user %d still has a warning", u)
		}
	}
}

// An edit Telegram refuses leaves the combined warning as it is: no more edits.
func TestRefusedEditIsNotRetried(t *testing.T) {
	r := newRig(t, 20)
	r.burst(t, 4)
	r.f.mu.Lock()
	r.f.editErr = fmt.Errorf("%w, message can't be edited", bot.ErrorBadRequest)
	r.f.mu.Unlock()
	r.w.Remove(context.Background(), group, 1, 0)
	eventually(t, "an edit tried", func() bool { _, edits := r.f.counts(); return edits == 1 })
	r.w.Remove(context.Background(), group, 2, 0)
	time.Sleep(100 * time.Millisecond)
	if _, edits := r.f.counts(); edits != 1 {
		t.Fatalf("edits tried = %d, want 1", edits)
	}
}

// An edit that fails otherwise (429 beyond its retries, network) is tried again,
// five times in all.
func TestFailedEditIsRetriedAFewTimes(t *testing.T) {
	r := newRig(t, 20)
	r.burst(t, 4)
	r.f.mu.Lock()
	r.f.editErr = errors.New("network down")
	r.f.mu.Unlock()
	r.w.Remove(context.Background(), group, 1, 0)
	eventually(t, "five edits tried", func() bool { _, edits := r.f.counts(); return edits == 5 })
	time.Sleep(100 * time.Millisecond)
	if _, edits := r.f.counts(); edits != 5 {
		t.Fatalf("edits tried = %d, want 5", edits)
	}
}

// Single keeps one warning per user even under a burst.
func TestSingleNeverCombines(t *testing.T) {
	r := newRig(t, 20)
	r.w.Single()
	r.rate.SetRate(1)
	r.rate.Reserve(group, time.Now())
	for id := int64(1); id <= 4; id++ {
		r.w.Warn(group, id, 0, "own warning "+strconv.FormatInt(id, 10), nil, 0, facts(id))
	}
	r.rate.SetRate(7) // a burst: more than 3 a minute
	eventually(t, "four warnings", func() bool { return len(r.f.texts()) == 4 })
	for _, text := range r.f.texts() {
		if !strings.HasPrefix(text, "own warning") {
			t.Fatalf("sent %q", text)
		}
	}
}
