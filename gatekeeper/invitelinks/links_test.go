package invitelinks_test

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/go-telegram/bot"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper/invitelinks"
	"github.com/nezuko/nezuko/gatekeeper/store"
)

var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// fakeStore is a Store in memory that counts its reads.
type fakeStore struct {
	mu     sync.Mutex
	links  map[[2]int64]store.InviteLink
	groups map[string]int64 // url → group, replaced links included
	err    error
	reads  int
}

func newFakeStore() *fakeStore {
	return &fakeStore{links: map[[2]int64]store.InviteLink{}, groups: map[string]int64{}}
}

func (s *fakeStore) InviteLink(groupID, channelID int64) (*store.InviteLink, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reads++
	if s.err != nil {
		return nil, s.err
	}
	l, ok := s.links[[2]int64{groupID, channelID}]
	if !ok {
		return nil, nil
	}
	return &l, nil
}

func (s *fakeStore) SaveInviteLink(groupID, channelID int64, link store.InviteLink, _ time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.links[[2]int64{groupID, channelID}] = link
	s.groups[link.URL] = groupID
}

func (s *fakeStore) LinkGroup(_ int64, url string) (int64, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, ok := s.groups[url]
	return g, ok
}

func TestName(t *testing.T) {
	long := strings.Repeat("é", 31) + " Fans Club"
	for _, tc := range []struct {
		title string
		want  string
	}{
		{"  Fans  ", "Fans"},
		{"", "-100123"},
		{"   ", "-100123"},
		{strings.Repeat("a", 32), strings.Repeat("a", 32)},
		{strings.Repeat("a", 33), strings.Repeat("a", 32)},
		{long, strings.Repeat("é", 31)}, // cut on a character, then trimmed
	} {
		if got := invitelinks.Name(tc.title, -100123); got != tc.want {
			t.Errorf("Name(%q) = %q, want %q", tc.title, got, tc.want)
		}
	}
}

func TestStoredReadsTheStoreOnceAPair(t *testing.T) {
	db := newFakeStore()
	db.links[[2]int64{-1, -10}] = store.InviteLink{URL: "https://t.me/+a", Requests: true}
	l := invitelinks.New(db)
	st, err := l.Stored(-1, -10)
	if err != nil || st == nil || st.URL != "https://t.me/+a" || !st.Requests {
		t.Fatalf("Stored = %+v, %v", st, err)
	}
	again, _ := l.Stored(-1, -10)
	if again != st || db.reads != 1 {
		t.Fatalf("second Stored = %p (want %p), store reads = %d (want 1)", again, st, db.reads)
	}
	if st, err := l.Stored(-2, -10); st != nil || err != nil {
		t.Fatalf("Stored of a pair without a link = %+v, %v", st, err)
	}
	db.err = errors.New("database is locked")
	if _, err := l.Stored(-3, -10); err == nil {
		t.Fatal("a store error is lost")
	}
}

func TestSaveAndGroupOf(t *testing.T) {
	db := newFakeStore()
	l := invitelinks.New(db)
	st := l.Save(-1, -10, "https://t.me/+a", false, t0)
	if got, _ := l.Stored(-1, -10); got != st || db.reads != 0 {
		t.Fatalf("Stored after Save = %p (want %p), store reads = %d", got, st, db.reads)
	}
	if saved := db.links[[2]int64{-1, -10}]; saved.URL != "https://t.me/+a" || saved.Requests {
		t.Fatalf("stored link = %+v", saved)
	}
	if g := l.GroupOf(-10, "https://t.me/+a"); g != -1 {
		t.Fatalf("GroupOf(remembered) = %d", g)
	}
	db.groups["https://t.me/+old"] = -2 // a replaced link, from an earlier run
	if g := l.GroupOf(-10, "https://t.me/+old"); g != -2 {
		t.Fatalf("GroupOf(stored) = %d", g)
	}
	if g := l.GroupOf(-10, "https://t.me/+other"); g != c.NoGroup {
		t.Fatalf("GroupOf(someone else's) = %d, want NoGroup", g)
	}
}

func TestLinkFitsWorksBroken(t *testing.T) {
	var none *invitelinks.Link
	if none.Fits(false) || none.Works(false) {
		t.Fatal("no link fits")
	}
	st := &invitelinks.Link{URL: "https://t.me/+a", Requests: true}
	if !st.Fits(true) || st.Fits(false) || !st.Works(true) {
		t.Fatal("Fits/Works of a working join-request link")
	}
	st.MarkBroken()
	if !st.Broken() || !st.Fits(true) || st.Works(true) {
		t.Fatal("a broken link still works")
	}
}

func TestFailedRefusalHoldsThePairOff(t *testing.T) {
	l := invitelinks.New(newFakeStore())
	refused := fmt.Errorf("%w, %s", bot.ErrorBadRequest, "CHAT_ADMIN_REQUIRED")
	old := &invitelinks.Link{URL: "https://t.me/+a"}
	l.Failed(-1, -10, old, false, refused, t0)
	if !old.Broken() {
		t.Fatal("the link of the wanted kind that could not be replaced is not broken")
	}
	if !l.RefusedLately(-1, -10, t0.Add(15*time.Minute-time.Second)) {
		t.Fatal("a refusal is not remembered for 15 min")
	}
	if l.RefusedLately(-1, -10, t0.Add(15*time.Minute)) {
		t.Fatal("a refusal is remembered after 15 min")
	}
	if l.RefusedLately(-2, -10, t0) {
		t.Fatal("another pair is held off")
	}
	l.ClearRefused(-1, -10)
	if l.RefusedLately(-1, -10, t0) {
		t.Fatal("ClearRefused left the refusal")
	}

	other := &invitelinks.Link{URL: "https://t.me/+b", Requests: true}
	l.Failed(-3, -10, other, false, errors.New("connection reset"), t0)
	if other.Broken() || l.RefusedLately(-3, -10, t0) {
		t.Fatal("a failure that is no refusal, of a link of the other kind, changed its state")
	}
	l.Failed(-4, -10, nil, false, refused, t0) // nothing to replace
	if !l.RefusedLately(-4, -10, t0) {
		t.Fatal("a refusal without an old link is not remembered")
	}
}

func TestDoSharesOneMakeAPair(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		l := invitelinks.New(newFakeStore())
		var calls atomic.Int32
		release := make(chan struct{})
		create := func() (string, error) {
			calls.Add(1)
			<-release
			return "https://t.me/+a", nil
		}
		var wg sync.WaitGroup
		urls := make([]string, 4)
		for i := range urls {
			wg.Go(func() { urls[i], _ = l.Do(-1, -10, create) })
		}
		synctest.Wait() // one runs create, the others wait for it
		close(release)
		wg.Wait()
		for _, u := range urls {
			if u != "https://t.me/+a" {
				t.Fatalf("Do = %q", u)
			}
		}
		if n := calls.Load(); n != 1 {
			t.Fatalf("create ran %d times, want once", n)
		}
	})
	l := invitelinks.New(newFakeStore())
	if _, err := l.Do(-1, -10, func() (string, error) { return "", errors.New("no") }); err == nil {
		t.Fatal("Do lost the error")
	}
}

func TestRefusals(t *testing.T) {
	for _, tc := range []struct {
		err            error
		refusal, right bool
	}{
		{fmt.Errorf("%w, %s", bot.ErrorForbidden, "bot was kicked"), true, true},
		{fmt.Errorf("%w, %s", bot.ErrorBadRequest, "not enough rights to manage chat invite link"), true, true},
		{fmt.Errorf("%w, %s", bot.ErrorBadRequest, "CHAT_ADMIN_REQUIRED"), true, true},
		{fmt.Errorf("%w, %s", bot.ErrorBadRequest, "need administrator rights in the channel chat"), true, true},
		{fmt.Errorf("%w, %s", bot.ErrorBadRequest, "chat not found"), true, false},
		{errors.New("dial tcp: connection refused"), false, false},
	} {
		if got := invitelinks.Refusal(tc.err); got != tc.refusal {
			t.Errorf("Refusal(%v) = %v", tc.err, got)
		}
		if got := invitelinks.RightsRefusal(tc.err); got != tc.right {
			t.Errorf("RightsRefusal(%v) = %v", tc.err, got)
		}
	}
}
