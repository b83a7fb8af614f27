package gatekeeper

import (
	"math/rand/v2"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"
)

// jitter is the ± fraction applied to every membership TTL.
const jitter = 0.15

// memberKey is one (user, channel) pair.
type memberKey struct{ user, channel int64 }

type memberEntry struct {
	member  bool
	expires int64 // unix nanoseconds
}

const memberShards = 64

// memberCache remembers channel memberships for a while; concurrent lookups of one
// pair share a call (flight).
type memberCache struct {
	shards [memberShards]struct {
		mu sync.RWMutex // guards m
		m  map[memberKey]memberEntry
	}
	flight singleflight.Group
}

func newMemberCache() *memberCache {
	mc := &memberCache{}
	for i := range mc.shards {
		mc.shards[i].m = map[memberKey]memberEntry{}
	}
	return mc
}

func (mc *memberCache) shard(k memberKey) int {
	h := uint64(k.user)*0x9E3779B97F4A7C15 ^ uint64(k.channel)
	return int(h>>32) % memberShards
}

// get returns the cached membership, if any and fresh.
func (mc *memberCache) get(k memberKey, now time.Time) (member, ok bool) {
	s := &mc.shards[mc.shard(k)]
	s.mu.RLock()
	e, found := s.m[k]
	s.mu.RUnlock()
	if !found || e.expires <= now.UnixNano() {
		return false, false
	}
	return e.member, true
}

// put caches a membership for ttl ± 15 %.
func (mc *memberCache) put(k memberKey, member bool, ttl time.Duration, now time.Time) {
	d := time.Duration(float64(ttl) * (1 + jitter*(2*rand.Float64()-1)))
	s := &mc.shards[mc.shard(k)]
	s.mu.Lock()
	s.m[k] = memberEntry{member: member, expires: now.Add(d).UnixNano()}
	s.mu.Unlock()
}

// invalidate forgets one pair.
func (mc *memberCache) invalidate(k memberKey) {
	s := &mc.shards[mc.shard(k)]
	s.mu.Lock()
	delete(s.m, k)
	s.mu.Unlock()
}

// clear forgets every pair whose channel is in channels (nil: everything) and
// returns how many entries it dropped.
func (mc *memberCache) clear(channels map[int64]bool) int {
	n := 0
	for i := range mc.shards {
		s := &mc.shards[i]
		s.mu.Lock()
		if channels == nil {
			n += len(s.m)
			s.m = map[memberKey]memberEntry{}
		} else {
			for k := range s.m {
				if channels[k.channel] {
					delete(s.m, k)
					n++
				}
			}
		}
		s.mu.Unlock()
	}
	return n
}

// adminTTL is how long a group's administrator list is reused; chat_member updates
// about administrators refresh it sooner.
const adminTTL = 10 * time.Minute

type adminEntry struct {
	ids map[int64]bool
	at  time.Time
}

// adminCache remembers each group's administrators (creator included).
type adminCache struct {
	mu     sync.Mutex // guards groups
	groups map[int64]adminEntry
	flight singleflight.Group
}

func newAdminCache() *adminCache { return &adminCache{groups: map[int64]adminEntry{}} }

func (a *adminCache) get(groupID int64, now time.Time) (map[int64]bool, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	e, ok := a.groups[groupID]
	if !ok || now.Sub(e.at) >= adminTTL {
		return nil, false
	}
	return e.ids, true
}

func (a *adminCache) put(groupID int64, ids map[int64]bool, now time.Time) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.groups[groupID] = adminEntry{ids: ids, at: now}
}

// forget drops a group's list (0: every group's).
func (a *adminCache) forget(groupID int64) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if groupID == 0 {
		a.groups = map[int64]adminEntry{}
		return
	}
	delete(a.groups, groupID)
}

// recentJoinTTL is how long a join is remembered, so that the service message and
// the chat_member update of one join make one decision.
const recentJoinTTL = time.Minute

// recentJoins remembers the joins decided lately.
type recentJoins struct {
	mu   sync.Mutex // guards seen
	seen map[memberKey]time.Time
}

func newRecentJoins() *recentJoins { return &recentJoins{seen: map[memberKey]time.Time{}} }

// claim reports whether this is the first sighting of the (user, group) join.
func (r *recentJoins) claim(groupID, userID int64, now time.Time) bool {
	k := memberKey{user: userID, channel: groupID}
	r.mu.Lock()
	defer r.mu.Unlock()
	if at, ok := r.seen[k]; ok && now.Sub(at) < recentJoinTTL {
		return false
	}
	if len(r.seen) > 10000 {
		for key, at := range r.seen {
			if now.Sub(at) >= recentJoinTTL {
				delete(r.seen, key)
			}
		}
	}
	r.seen[k] = now
	return true
}

// left forgets the user's join, so a rejoin is decided again.
func (r *recentJoins) left(groupID, userID int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.seen, memberKey{user: userID, channel: groupID})
}
