package joinrequests_test

import (
	"cmp"
	"errors"
	"io"
	"log/slog"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/nezuko/nezuko/gatekeeper/joinrequests"
	"github.com/nezuko/nezuko/gatekeeper/store"
)

var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func TestGroupsPutReplacesAndTakeRemoves(t *testing.T) {
	g := joinrequests.NewGroups()
	a := &joinrequests.Request{GroupID: -100, UserID: 1, At: t0, TimerID: "a"}
	if old := g.Put(a); old != nil {
		t.Fatalf("Put(first) replaced %+v", old)
	}
	b := &joinrequests.Request{GroupID: -100, UserID: 1, At: t0.Add(time.Minute), TimerID: "b"}
	if old := g.Put(b); old != a {
		t.Fatalf("Put(second) replaced %+v, want the first", old)
	}
	g.Put(&joinrequests.Request{GroupID: -200, UserID: 1, At: t0})
	if p := g.Take(-100, 1); p != b {
		t.Fatalf("Take = %+v, want the second", p)
	}
	if p := g.Take(-100, 1); p != nil {
		t.Fatalf("Take again = %+v, want nil", p)
	}
	if p := g.Take(-200, 1); p == nil {
		t.Fatal("the request to the other group is gone")
	}
}

func TestGroupsExpiredAfterTTL(t *testing.T) {
	g := joinrequests.NewGroups()
	old := &joinrequests.Request{GroupID: -100, UserID: 1, At: t0}
	fresh := &joinrequests.Request{GroupID: -100, UserID: 2, At: t0.Add(time.Hour)}
	g.Put(old)
	g.Put(fresh)
	if got := g.Expired(t0.Add(joinrequests.TTL)); len(got) != 0 {
		t.Fatalf("Expired at exactly TTL = %d requests, want none", len(got))
	}
	got := g.Expired(t0.Add(joinrequests.TTL + time.Minute))
	if len(got) != 1 || got[0] != old {
		t.Fatalf("Expired after TTL = %+v, want the old one", got)
	}
	if p := g.Take(-100, 1); p != nil {
		t.Fatal("an expired request is still pending")
	}
	if p := g.Take(-100, 2); p != fresh {
		t.Fatal("the fresh request went with the expired one")
	}
}

func TestGroupsCountedOnceWithin25Hours(t *testing.T) {
	g := joinrequests.NewGroups()
	g.MarkCounted(-100, 1, t0)
	if !g.TakeCounted(-100, 1, t0.Add(25*time.Hour)) {
		t.Fatal("TakeCounted within 25 h = false")
	}
	if g.TakeCounted(-100, 1, t0.Add(25*time.Hour)) {
		t.Fatal("TakeCounted twice = true")
	}
	g.MarkCounted(-100, 2, t0)
	if g.TakeCounted(-100, 2, t0.Add(25*time.Hour+time.Second)) {
		t.Fatal("TakeCounted after 25 h = true")
	}
	if g.TakeCounted(-200, 3, t0) {
		t.Fatal("TakeCounted of an unmarked request = true")
	}
}

func TestGroupsMarkCountedForgetsOldMarks(t *testing.T) {
	g := joinrequests.NewGroups()
	g.MarkCounted(-100, 1, t0)
	g.MarkCounted(-100, 2, t0.Add(26*time.Hour)) // drops the first mark
	if g.TakeCounted(-100, 1, t0) {
		t.Fatal("a mark older than 25 h outlived a later MarkCounted")
	}
}

func TestButtonData(t *testing.T) {
	if d := joinrequests.ButtonData(-1001234); d != "nzj:-1001234" {
		t.Fatalf("ButtonData = %q", d)
	}
	if id, ok := joinrequests.ParseButtonData(joinrequests.ButtonData(-1001234)); !ok || id != -1001234 {
		t.Fatalf("ParseButtonData(ButtonData) = %d, %v", id, ok)
	}
	for _, d := range []string{"", "nzv:5", "nzj:", "nzj:x", "nzj:99999999999999999999"} {
		if _, ok := joinrequests.ParseButtonData(d); ok {
			t.Fatalf("ParseButtonData(%q) ok", d)
		}
	}
}

// fakeStore is a Store in memory that counts its calls.
type fakeStore struct {
	mu      sync.Mutex
	rows    []store.JoinRequest
	err     error
	reads   int
	saved   []joinrequests.Pair
	dropped []joinrequests.Pair
}

func (s *fakeStore) JoinRequests() ([]store.JoinRequest, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reads++
	return s.rows, s.err
}

func (s *fakeStore) SaveJoinRequest(userID, channelID int64, _ string, _ time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.saved = append(s.saved, joinrequests.Pair{UserID: userID, ChannelID: channelID})
}

func (s *fakeStore) DropJoinRequest(userID, channelID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dropped = append(s.dropped, joinrequests.Pair{UserID: userID, ChannelID: channelID})
}

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func TestChannelsLoadOnceAndCountFor24Hours(t *testing.T) {
	db := &fakeStore{rows: []store.JoinRequest{{UserID: 1, ChannelID: -10, At: t0}}}
	r := joinrequests.NewChannels(db, quiet)
	if !r.Counts(1, -10, t0.Add(24*time.Hour-time.Second)) {
		t.Fatal("a stored request does not count within 24 h")
	}
	if r.Counts(1, -10, t0.Add(24*time.Hour)) {
		t.Fatal("a request counts after 24 h")
	}
	if r.Counts(2, -10, t0) {
		t.Fatal("an unknown request counts")
	}
	r.Add(2, -10, "https://t.me/+x", t0)
	if !r.Counts(2, -10, t0) {
		t.Fatal("an added request does not count")
	}
	if db.reads != 1 {
		t.Fatalf("store read %d times, want once", db.reads)
	}
	if want := []joinrequests.Pair{{UserID: 2, ChannelID: -10}}; !slices.Equal(db.saved, want) {
		t.Fatalf("saved = %v, want %v", db.saved, want)
	}
}

func TestChannelsDropStoresOnlyWhatItHad(t *testing.T) {
	db := &fakeStore{}
	r := joinrequests.NewChannels(db, quiet)
	if r.Drop(1, -10) {
		t.Fatal("Drop of nothing = true")
	}
	r.Add(1, -10, "", t0)
	if !r.Drop(1, -10) {
		t.Fatal("Drop of a pending request = false")
	}
	if r.Counts(1, -10, t0) {
		t.Fatal("a dropped request counts")
	}
	if want := []joinrequests.Pair{{UserID: 1, ChannelID: -10}}; !slices.Equal(db.dropped, want) {
		t.Fatalf("dropped = %v, want %v", db.dropped, want)
	}
}

func TestChannelsOverdue(t *testing.T) {
	db := &fakeStore{}
	r := joinrequests.NewChannels(db, quiet)
	for u := int64(1); u <= 3; u++ {
		r.Add(u, -10, "", t0)
	}
	r.Add(9, -10, "", t0.Add(time.Hour))
	if got := r.Overdue(5, t0.Add(24*time.Hour-time.Second)); len(got) != 0 {
		t.Fatalf("Overdue before 24 h = %v", got)
	}
	got := r.Overdue(5, t0.Add(24*time.Hour))
	slices.SortFunc(got, func(a, b joinrequests.Pair) int { return cmp.Compare(a.UserID, b.UserID) })
	want := []joinrequests.Pair{{UserID: 1, ChannelID: -10}, {UserID: 2, ChannelID: -10}, {UserID: 3, ChannelID: -10}}
	if !slices.Equal(got, want) {
		t.Fatalf("Overdue at 24 h = %v, want %v", got, want)
	}
	if got := r.Overdue(2, t0.Add(48*time.Hour)); len(got) != 2 {
		t.Fatalf("Overdue(2) = %d pairs, want 2", len(got))
	}
	if !r.Counts(1, -10, t0) {
		t.Fatal("Overdue dropped a request")
	}
}

func TestChannelsUnreadableStoreStartsEmpty(t *testing.T) {
	db := &fakeStore{err: errors.New("database is locked")}
	r := joinrequests.NewChannels(db, quiet)
	if r.Counts(1, -10, t0) {
		t.Fatal("a request counts though none was read")
	}
	r.Add(1, -10, "", t0)
	if !r.Counts(1, -10, t0) {
		t.Fatal("an added request does not count after a failed read")
	}
}
