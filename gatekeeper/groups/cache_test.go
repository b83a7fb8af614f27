package groups

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper/store"
)

const (
	groupA  = int64(-1001000000001)
	groupB  = int64(-1001000000002)
	channel = int64(-1002000000001)
)

// fakeSource is a Source over a map that counts its reads; while block is set, a
// group read waits for it to close and then returns the group as it was when the
// read began.
type fakeSource struct {
	mu       sync.Mutex
	groups   map[int64]*store.Group
	channels map[int64][]int64
	block    chan struct{}
	reads    atomic.Int32 // Group calls
	chReads  atomic.Int32 // ChannelGroups calls
}

func (f *fakeSource) Group(chatID int64) (*store.Group, error) {
	f.reads.Add(1)
	f.mu.Lock()
	block := f.block
	var g *store.Group
	if stored := f.groups[chatID]; stored != nil {
		cp := *stored
		g = &cp
	}
	f.mu.Unlock()
	if block != nil {
		<-block
	}
	return g, nil
}

func (f *fakeSource) ChannelGroups(channelID int64) ([]int64, error) {
	f.chReads.Add(1)
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.channels[channelID], nil
}

func (f *fakeSource) MyGroups() ([]*store.Group, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []*store.Group
	for _, g := range f.groups {
		if g.Mine {
			out = append(out, g)
		}
	}
	return out, nil
}

// setTitle changes a group behind the cache's back.
func (f *fakeSource) setTitle(chatID int64, title string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.groups[chatID].Title = title
}

func newFake() *fakeSource {
	ch := store.Channel{ID: channel, Title: "news"}
	return &fakeSource{
		groups: map[int64]*store.Group{
			groupA: {RecordID: "a", ID: groupA, Title: "A", Enabled: true, Mine: true, Channels: []store.Channel{ch},
				Params: c.GroupParams{Action: ActionKick}},
			groupB: {RecordID: "b", ID: groupB, Title: "B", Enabled: false, Mine: true, Channels: []store.Channel{ch}},
		},
		channels: map[int64][]int64{channel: {groupA, groupB}},
	}
}

// newTestCache is a Cache over a new fakeSource whose clock is *now.
func newTestCache() (*fakeSource, *Cache, *time.Time) {
	src := newFake()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	s := NewCache(src)
	s.now = func() time.Time { return now }
	return src, s, &now
}

func TestCacheReusesAGroupForTTL(t *testing.T) {
	src, s, now := newTestCache()
	g, err := s.Group(groupA)
	if err != nil || g == nil || g.Title != "A" || g.Policy.Action != ActionKick {
		t.Fatalf("Group(A) = %+v, %v", g, err)
	}
	src.setTitle(groupA, "A2")
	*now = now.Add(TTL - time.Millisecond)
	if g, _ := s.Group(groupA); g.Title != "A" || src.reads.Load() != 1 {
		t.Fatalf("within TTL: title %q after %d reads, want the cached A after 1", g.Title, src.reads.Load())
	}
	*now = now.Add(time.Millisecond)
	if g, _ := s.Group(groupA); g.Title != "A2" || src.reads.Load() != 2 {
		t.Fatalf("after TTL: title %q after %d reads, want A2 after 2", g.Title, src.reads.Load())
	}
	// A chat without a row is cached as nil, too.
	for range 2 {
		if g, err := s.Group(-1009); g != nil || err != nil {
			t.Fatalf("Group(unknown) = %+v, %v; want nil, nil", g, err)
		}
	}
	if n := src.reads.Load(); n != 3 {
		t.Fatalf("%d reads, want the unknown chat read once", n)
	}
}

func TestCacheForget(t *testing.T) {
	src, s, _ := newTestCache()
	s.Group(groupA)
	s.Group(groupB)
	src.setTitle(groupA, "A2")
	src.setTitle(groupB, "B2")
	s.Forget(groupA)
	if g, _ := s.Group(groupA); g.Title != "A2" {
		t.Fatalf("after Forget(A): title %q, want A2", g.Title)
	}
	if g, _ := s.Group(groupB); g.Title != "B" {
		t.Fatalf("Forget(A) forgot B: title %q", g.Title)
	}
	s.Forget(0)
	if g, _ := s.Group(groupB); g.Title != "B2" {
		t.Fatalf("after Forget(0): title %q, want B2", g.Title)
	}
	s.OfChannel(channel)
	s.ForgetAll()
	s.OfChannel(channel)
	if n := src.chReads.Load(); n != 2 {
		t.Fatalf("ChannelGroups read %d times, want 2 (ForgetAll drops channels)", n)
	}
}

func TestCacheSharesAMiss(t *testing.T) {
	src, s, _ := newTestCache()
	src.block = make(chan struct{})
	const callers = 8
	got := make([]*Group, callers)
	var wg sync.WaitGroup
	for i := range callers {
		wg.Go(func() { got[i], _ = s.Group(groupA) })
	}
	for src.reads.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond) // the other callers join the read in flight
	close(src.block)
	wg.Wait()
	if n := src.reads.Load(); n != 1 {
		t.Fatalf("%d concurrent misses made %d reads, want 1", callers, n)
	}
	for i, g := range got {
		if g == nil || g != got[0] {
			t.Fatalf("caller %d got %p, caller 0 %p: want one shared group", i, g, got[0])
		}
	}
}

func TestCacheDropsAReadBegunBeforeAForget(t *testing.T) {
	src, s, _ := newTestCache()
	block := make(chan struct{})
	src.block = block
	done := make(chan *Group)
	go func() { g, _ := s.Group(groupA); done <- g }()
	for src.reads.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	src.mu.Lock()
	src.block = nil
	src.mu.Unlock()
	src.setTitle(groupA, "A2") // a change saved while the read is in flight
	s.Forget(groupA)
	fresh := make(chan *Group)
	go func() { g, _ := s.Group(groupA); fresh <- g }()
	select {
	case g := <-fresh:
		if g.Title != "A2" {
			t.Fatalf("Group after Forget = %q, want A2", g.Title)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a read after Forget joined the one begun before it")
	}
	close(block)
	if g := <-done; g.Title != "A" {
		t.Fatalf("the read begun before Forget = %q, want A", g.Title)
	}
	if g, _ := s.Group(groupA); g.Title != "A2" || src.reads.Load() != 2 {
		t.Fatalf("cached %q after %d reads: the read begun before Forget replaced the newer one", g.Title, src.reads.Load())
	}
}

func TestOfChannelKeepsTheEnforcedGroupsLinkingIt(t *testing.T) {
	src, s, now := newTestCache()
	src.groups[-1003] = &store.Group{ID: -1003, Enabled: true, Mine: true, Channels: []store.Channel{{ID: -1004}}}
	src.channels[channel] = append(src.channels[channel], -1003, -1009)
	for range 2 {
		gs, err := s.OfChannel(channel)
		if err != nil || len(gs) != 1 || gs[0].ID != groupA {
			t.Fatalf("OfChannel = %+v, %v; want group A alone (B disabled, -1003 not linking it, -1009 no row)", gs, err)
		}
	}
	if n := src.chReads.Load(); n != 1 {
		t.Fatalf("ChannelGroups read %d times within TTL, want 1", n)
	}
	*now = now.Add(TTL)
	s.OfChannel(channel)
	if n := src.chReads.Load(); n != 2 {
		t.Fatalf("ChannelGroups read %d times after TTL, want 2", n)
	}
}

func TestMineReadsAfresh(t *testing.T) {
	src := newFake()
	s := NewCache(src)
	gs, err := s.Mine()
	if err != nil || len(gs) != 2 {
		t.Fatalf("Mine = %+v, %v; want A and B", gs, err)
	}
	for _, g := range gs {
		if g.ID == groupA && g.Policy.Action != ActionKick || g.ID == groupB && g.Policy.Action != ActionMute {
			t.Fatalf("group %d has policy %+v", g.ID, g.Policy)
		}
	}
}

// errSource fails every read.
type errSource struct{ fakeSource }

func (*errSource) Group(int64) (*store.Group, error) { return nil, errors.New("locked") }

func TestCacheKeepsNoError(t *testing.T) {
	src := &errSource{}
	s := NewCache(src)
	for range 2 {
		if g, err := s.Group(groupA); g != nil || err == nil {
			t.Fatalf("Group over a failing source = %+v, %v; want an error", g, err)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.groups) != 0 {
		t.Fatalf("a failed read was cached: %+v", s.groups)
	}
}
