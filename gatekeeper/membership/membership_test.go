package membership_test

import (
	"testing"
	"time"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper/membership"
)

var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func TestMembersExpireWithinTheJitteredTTL(t *testing.T) {
	m := membership.NewMembers()
	m.Put(1, 100, true, time.Minute, t0)
	m.Put(2, 200, false, time.Minute, t0)
	if in, ok := m.Get(1, 100, t0.Add(50*time.Second)); !ok || !in {
		t.Fatalf("Get(1, 100) before 0.85 TTL = %v, %v; want true, true", in, ok)
	}
	if in, ok := m.Get(2, 200, t0.Add(50*time.Second)); !ok || in {
		t.Fatalf("Get(2, 200) = %v, %v; want a cached no", in, ok)
	}
	if _, ok := m.Get(1, 100, t0.Add(70*time.Second)); ok {
		t.Fatal("Get(1, 100) after 1.15 TTL still cached")
	}
	m.Invalidate(2, 200)
	if _, ok := m.Get(2, 200, t0); ok {
		t.Fatal("Get(2, 200) after Invalidate still cached")
	}
}

func TestMembersClearByChannel(t *testing.T) {
	m := membership.NewMembers()
	for u := int64(1); u <= 3; u++ {
		m.Put(u, 100, true, time.Hour, t0)
		m.Put(u, 200, true, time.Hour, t0)
	}
	if n := m.Clear(map[int64]bool{100: true}); n != 3 {
		t.Fatalf("Clear(100) = %d, want 3", n)
	}
	if _, ok := m.Get(1, 100, t0); ok {
		t.Fatal("channel 100 still cached after Clear")
	}
	if _, ok := m.Get(1, 200, t0); !ok {
		t.Fatal("channel 200 forgotten by Clear(100)")
	}
	if n := m.Clear(nil); n != 3 {
		t.Fatalf("Clear(nil) = %d, want 3", n)
	}
}

func TestAdminsTTLAndForget(t *testing.T) {
	a := membership.NewAdmins()
	a.Put(-1, map[int64]bool{7: true}, t0)
	a.Put(-2, map[int64]bool{8: true}, t0)
	if ids, ok := a.Get(-1, t0.Add(membership.AdminTTL-time.Second)); !ok || !ids[7] {
		t.Fatalf("Get(-1) within AdminTTL = %v, %v", ids, ok)
	}
	if _, ok := a.Get(-1, t0.Add(membership.AdminTTL)); ok {
		t.Fatal("Get(-1) after AdminTTL still cached")
	}
	a.Forget(-1)
	if _, ok := a.Get(-1, t0); ok {
		t.Fatal("Get(-1) after Forget(-1) still cached")
	}
	if _, ok := a.Get(-2, t0); !ok {
		t.Fatal("Forget(-1) dropped group -2")
	}
	a.Forget(0)
	if _, ok := a.Get(-2, t0); ok {
		t.Fatal("Forget(0) kept group -2")
	}
}

func TestJoinsClaimOnceAMinute(t *testing.T) {
	j := membership.NewJoins()
	if !j.Claim(-1, 5, t0) || j.Claim(-1, 5, t0.Add(time.Second)) {
		t.Fatal("the second sighting of a join within a minute was claimed again")
	}
	if !j.Claim(-1, 5, t0.Add(membership.JoinTTL)) {
		t.Fatal("a join a minute later was not claimed")
	}
	j.Left(-1, 5)
	if !j.Claim(-1, 5, t0.Add(membership.JoinTTL+time.Second)) {
		t.Fatal("a rejoin after Left was not claimed")
	}
}

func TestJoinsSnapshotRestore(t *testing.T) {
	j := membership.NewJoins()
	j.Claim(-1, 5, t0)
	j.Claim(-1, 6, t0.Add(-2*time.Minute)) // too old to save
	snap := j.Snapshot(t0.Add(time.Second))
	if len(snap) != 1 || snap[0] != (c.RecentJoin{Group: -1, User: 5, At: t0.UnixMilli()}) {
		t.Fatalf("Snapshot = %+v", snap)
	}
	k := membership.NewJoins()
	k.Restore(snap)
	if k.Claim(-1, 5, t0.Add(2*time.Second)) {
		t.Fatal("a restored join was claimed again")
	}
}

func TestLinkedTTL(t *testing.T) {
	l := membership.NewLinked()
	if _, ok := l.Get(-1, t0); ok {
		t.Fatal("an unread group has a linked channel")
	}
	l.Put(-1, 0, t0) // read: no linked channel
	if id, ok := l.Get(-1, t0.Add(membership.LinkedTTL-time.Second)); !ok || id != 0 {
		t.Fatalf("Get within LinkedTTL = %d, %v; want 0, true", id, ok)
	}
	if _, ok := l.Get(-1, t0.Add(membership.LinkedTTL)); ok {
		t.Fatal("Get after LinkedTTL still cached")
	}
}

// AnyCached tells whether any of the channels has a live answer about the user, a
// "no" included.
func TestMembersAnyCached(t *testing.T) {
	m := membership.NewMembers()
	now := time.Now()
	if m.AnyCached(1, []int64{100, 200}, now) {
		t.Fatal("an empty cache holds an answer")
	}
	m.Put(1, 200, false, time.Minute, now)
	if !m.AnyCached(1, []int64{100, 200}, now) || m.AnyCached(2, []int64{100, 200}, now) {
		t.Fatal("AnyCached did not find the one cached answer, or found another user's")
	}
	if m.AnyCached(1, []int64{200}, now.Add(2*time.Minute)) {
		t.Fatal("an expired answer still counts")
	}
}
