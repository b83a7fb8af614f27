// Package membership owns the engine's short-lived memory of who is where: channel
// memberships (TTL ± 15 %), group administrators (10 min), each group's linked
// discussion channel (5 min), the joins decided in the last minute, and the
// status a chat_member join announced until the join is decided (Statuses).
//
// The membership TTLs come from admin_config (cache_positive_ttl_seconds,
// cache_negative_ttl_seconds); concurrent lookups of one pair share one call
// (Members.Flight, Admins.Flight). Joins are remembered so that the service message
// and the chat_member update of one join make one decision; the engine saves them
// at Close (Snapshot) and reads them back at start (Restore).
package membership

import (
	"math/rand/v2"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"
)

// jitter is the ± fraction applied to every membership TTL.
const jitter = 0.15

// key is one (user, chat) pair.
type key struct{ user, chat int64 }

type memberEntry struct {
	member  bool
	expires int64 // unix nanoseconds
}

const memberShards = 64

// Members remembers channel memberships for a while; concurrent lookups of one
// pair share a call through Flight.
type Members struct {
	shards [memberShards]struct {
		mu sync.RWMutex // guards m
		m  map[key]memberEntry
	}
	// Flight lets concurrent lookups of one pair share one getChatMember.
	Flight singleflight.Group
}

// NewMembers returns an empty membership cache.
func NewMembers() *Members {
	mc := &Members{}
	for i := range mc.shards {
		mc.shards[i].m = map[key]memberEntry{}
	}
	return mc
}

func (mc *Members) shard(k key) int {
	h := uint64(k.user)*0x9E3779B97F4A7C15 ^ uint64(k.chat)
	return int(h>>32) % memberShards
}

// Get returns the cached membership of the user in the channel, if any and fresh.
func (mc *Members) Get(userID, channelID int64, now time.Time) (member, ok bool) {
	k := key{userID, channelID}
	s := &mc.shards[mc.shard(k)]
	s.mu.RLock()
	e, found := s.m[k]
	s.mu.RUnlock()
	if !found || e.expires <= now.UnixNano() {
		return false, false
	}
	return e.member, true
}

// AnyCached reports whether an answer about the user is cached for any of the
// channels.
func (mc *Members) AnyCached(userID int64, channels []int64, now time.Time) bool {
	for _, ch := range channels {
		if _, ok := mc.Get(userID, ch, now); ok {
			return true
		}
	}
	return false
}

// Put caches a membership for ttl ± 15 %.
func (mc *Members) Put(userID, channelID int64, member bool, ttl time.Duration, now time.Time) {
	k := key{userID, channelID}
	d := time.Duration(float64(ttl) * (1 + jitter*(2*rand.Float64()-1)))
	s := &mc.shards[mc.shard(k)]
	s.mu.Lock()
	s.m[k] = memberEntry{member: member, expires: now.Add(d).UnixNano()}
	s.mu.Unlock()
}

// Invalidate forgets one pair.
func (mc *Members) Invalidate(userID, channelID int64) {
	k := key{userID, channelID}
	s := &mc.shards[mc.shard(k)]
	s.mu.Lock()
	delete(s.m, k)
	s.mu.Unlock()
}

// Clear forgets every pair whose channel is in channels (nil: everything) and
// returns how many entries it dropped.
func (mc *Members) Clear(channels map[int64]bool) int {
	n := 0
	for i := range mc.shards {
		s := &mc.shards[i]
		s.mu.Lock()
		if channels == nil {
			n += len(s.m)
			s.m = map[key]memberEntry{}
		} else {
			for k := range s.m {
				if channels[k.chat] {
					delete(s.m, k)
					n++
				}
			}
		}
		s.mu.Unlock()
	}
	return n
}
