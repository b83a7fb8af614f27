package gatekeeper

import (
	"fmt"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/nezuko/nezuko/gatekeeper/store"
)

// storeTTL is how long a group read from the database is reused: a change through
// the API takes effect within it.
const storeTTL = time.Second

// channelInfo is one linked channel.
type channelInfo = store.Channel

// groupInfo is a protected group as the engine needs it.
type groupInfo struct {
	RecordID string
	ID       int64
	Title    string
	Enabled  bool
	Mine     bool // served by this bot
	Policy   Policy
	Channels []channelInfo
}

// enforced reports whether this bot enforces the group now. A basic group never is:
// Telegram restricts nobody there, so deleting and warning alone would make members'
// messages vanish with no way to write (health names the missing supergroup).
func (g *groupInfo) enforced() bool {
	return g != nil && g.Mine && g.Enabled && len(g.Channels) > 0 && !basicGroupID(g.ID)
}

// linked reports whether chatID is one of the group's channels.
func (g *groupInfo) linked(chatID int64) bool {
	for _, ch := range g.Channels {
		if ch.ID == chatID {
			return true
		}
	}
	return false
}

type storeEntry struct {
	g  *groupInfo // nil: no protected_groups row
	at time.Time
}

type channelEntry struct {
	groups []int64 // groups linked to the channel
	at     time.Time
}

// groupStore is the engine's store: the persistence layer (package store) with the
// protected groups and channels in front of it cached for storeTTL. Concurrent misses
// of one chat share one read; a forget bumps gen, so a read begun before it is neither
// shared with later callers nor cached.
type groupStore struct {
	*store.Store

	mu       sync.Mutex // guards groups, channels, gen
	groups   map[int64]storeEntry
	channels map[int64]channelEntry
	gen      uint64
	reads    singleflight.Group
}

func newGroupStore(db *store.Store) *groupStore {
	return &groupStore{Store: db, groups: map[int64]storeEntry{}, channels: map[int64]channelEntry{}}
}

// forget drops what is cached about a chat (a group or a channel).
func (s *groupStore) forget(chatID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.groups, chatID)
	delete(s.channels, chatID)
	s.gen++
}

// forgetAll drops the whole cache.
func (s *groupStore) forgetAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.groups = map[int64]storeEntry{}
	s.channels = map[int64]channelEntry{}
	s.gen++
}

// group returns the protected group with this chat id, nil when there is none.
func (s *groupStore) group(chatID int64) (*groupInfo, error) {
	now := time.Now()
	s.mu.Lock()
	ent, ok := s.groups[chatID]
	gen := s.gen
	s.mu.Unlock()
	if ok && now.Sub(ent.at) < storeTTL {
		return ent.g, nil
	}
	v, err, _ := s.reads.Do(fmt.Sprintf("g%d/%d", chatID, gen), func() (any, error) {
		g, err := s.loadGroup(chatID)
		if err != nil {
			return nil, err
		}
		s.mu.Lock()
		if s.gen == gen {
			s.groups[chatID] = storeEntry{g: g, at: now}
		}
		s.mu.Unlock()
		return g, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*groupInfo), nil
}

// loadGroup reads a group afresh; nil when there is none.
func (s *groupStore) loadGroup(chatID int64) (*groupInfo, error) {
	g, err := s.Group(chatID)
	if err != nil || g == nil {
		return nil, err
	}
	return groupFrom(g), nil
}

// groupFrom is a stored group as the engine needs it.
func groupFrom(g *store.Group) *groupInfo {
	return &groupInfo{RecordID: g.RecordID, ID: g.ID, Title: g.Title, Enabled: g.Enabled, Mine: g.Mine,
		Policy: PolicyFrom(g.Params), Channels: g.Channels}
}

// groupsOfChannel returns the groups this bot enforces that link the channel.
func (s *groupStore) groupsOfChannel(channelID int64) ([]*groupInfo, error) {
	now := time.Now()
	s.mu.Lock()
	ent, ok := s.channels[channelID]
	gen := s.gen
	s.mu.Unlock()
	groups := ent.groups
	if !ok || now.Sub(ent.at) >= storeTTL {
		v, err, _ := s.reads.Do(fmt.Sprintf("c%d/%d", channelID, gen), func() (any, error) {
			ids, err := s.ChannelGroups(channelID)
			if err != nil {
				return nil, err
			}
			s.mu.Lock()
			if s.gen == gen {
				s.channels[channelID] = channelEntry{groups: ids, at: now}
			}
			s.mu.Unlock()
			return ids, nil
		})
		if err != nil {
			return nil, err
		}
		groups = v.([]int64)
	}
	var out []*groupInfo
	for _, id := range groups {
		g, err := s.group(id)
		if err != nil {
			return nil, err
		}
		if g.enforced() && g.linked(channelID) {
			out = append(out, g)
		}
	}
	return out, nil
}

// myGroups returns every group this bot serves (enabled or not).
func (s *groupStore) myGroups() ([]*groupInfo, error) {
	gs, err := s.MyGroups()
	if err != nil {
		return nil, err
	}
	out := make([]*groupInfo, len(gs))
	for i, g := range gs {
		out[i] = groupFrom(g)
	}
	return out, nil
}

// ForgetGroup drops the cached protected group with this chat id (0: every group and
// channel), so a change made elsewhere (the API, the dashboard) applies to the next
// update instead of within storeTTL.
func (e *Engine) ForgetGroup(groupID int64) {
	if groupID == 0 {
		e.store.forgetAll()
		return
	}
	e.store.forget(groupID)
}
