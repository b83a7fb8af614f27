package groups

import (
	"fmt"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/nezuko/nezuko/gatekeeper/store"
)

// TTL is how long a group read from the database is reused. Every change made
// through the app (API, dashboard, admin UI, the bot's own writes) is a record save
// whose hook forgets the group in every engine at once (botmanager.Register), so the
// TTL bounds only changes made behind the app's back (another process on the same
// pb_data). It was a second until issue 22: at 20,000 groups most updates then
// found their group expired and read it again (three queries).
const TTL = 30 * time.Second

// Source is where a Cache reads groups; package store's Store satisfies it.
type Source interface {
	// Group returns the protected group with this chat id, nil when there is none.
	Group(chatID int64) (*store.Group, error)
	// ChannelGroups returns the ids of the groups linked to the channel.
	ChannelGroups(channelID int64) ([]int64, error)
	// MyGroups returns every group this bot serves.
	MyGroups() ([]*store.Group, error)
}

type groupEntry struct {
	g  *Group // nil: no protected_groups row
	at time.Time
}

type channelEntry struct {
	groups []int64 // groups linked to the channel
	at     time.Time
}

// Cache keeps the protected groups and channels read from a Source for TTL.
// Concurrent misses of one chat share one read; a Forget bumps gen, so a read begun
// before it is neither shared with later callers nor cached.
type Cache struct {
	src Source
	now func() time.Time

	mu       sync.Mutex // guards groups, channels, gen
	groups   map[int64]groupEntry
	channels map[int64]channelEntry
	gen      uint64
	reads    singleflight.Group
}

// NewCache returns an empty cache in front of src.
func NewCache(src Source) *Cache {
	return &Cache{src: src, now: time.Now, groups: map[int64]groupEntry{}, channels: map[int64]channelEntry{}}
}

// Forget drops what is cached about a chat (a group or a channel); 0 drops everything.
func (s *Cache) Forget(chatID int64) {
	if chatID == 0 {
		s.ForgetAll()
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.groups, chatID)
	delete(s.channels, chatID)
	s.gen++
}

// ForgetAll drops the whole cache.
func (s *Cache) ForgetAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.groups = map[int64]groupEntry{}
	s.channels = map[int64]channelEntry{}
	s.gen++
}

// Group returns the protected group with this chat id, nil when there is none.
func (s *Cache) Group(chatID int64) (*Group, error) {
	now := s.now()
	s.mu.Lock()
	ent, ok := s.groups[chatID]
	gen := s.gen
	s.mu.Unlock()
	if ok && now.Sub(ent.at) < TTL {
		return ent.g, nil
	}
	return shared(s, fmt.Sprintf("g%d/%d", chatID, gen), gen, func() (*Group, error) { return s.load(chatID) },
		func(g *Group) { s.groups[chatID] = groupEntry{g: g, at: now} })
}

// shared runs read once for every caller of one key (a chat and a generation) and
// keeps its result with keep, under s.mu, unless a Forget came first.
func shared[T any](s *Cache, key string, gen uint64, read func() (T, error), keep func(T)) (T, error) {
	v, err, _ := s.reads.Do(key, func() (any, error) {
		r, err := read()
		if err != nil {
			return nil, err
		}
		s.mu.Lock()
		if s.gen == gen {
			keep(r)
		}
		s.mu.Unlock()
		return r, nil
	})
	if err != nil {
		var zero T
		return zero, err
	}
	return v.(T), nil
}

// load reads a group afresh; nil when there is none.
func (s *Cache) load(chatID int64) (*Group, error) {
	g, err := s.src.Group(chatID)
	if err != nil || g == nil {
		return nil, err
	}
	return from(g), nil
}

// OfChannel returns the groups this bot enforces that link the channel.
func (s *Cache) OfChannel(channelID int64) ([]*Group, error) {
	now := s.now()
	s.mu.Lock()
	ent, ok := s.channels[channelID]
	gen := s.gen
	s.mu.Unlock()
	groups := ent.groups
	if !ok || now.Sub(ent.at) >= TTL {
		ids, err := shared(s, fmt.Sprintf("c%d/%d", channelID, gen), gen,
			func() ([]int64, error) { return s.src.ChannelGroups(channelID) },
			func(ids []int64) { s.channels[channelID] = channelEntry{groups: ids, at: now} })
		if err != nil {
			return nil, err
		}
		groups = ids
	}
	return s.LinkingAmong(channelID, groups)
}

// LinkingAmong returns those of the groups (chat ids) that this bot enforces and that
// link the channel: a caller that knows which groups concern one user (where the bot
// saw them, where it muted them) reads those, not every group of the channel.
func (s *Cache) LinkingAmong(channelID int64, ids []int64) ([]*Group, error) {
	var out []*Group
	for _, id := range ids {
		g, err := s.Group(id)
		if err != nil {
			return nil, err
		}
		if g.Enforced() && g.Linked(channelID) {
			out = append(out, g)
		}
	}
	return out, nil
}

// Mine returns every group this bot serves (enabled or not), read afresh.
func (s *Cache) Mine() ([]*Group, error) {
	gs, err := s.src.MyGroups()
	if err != nil {
		return nil, err
	}
	out := make([]*Group, len(gs))
	for i, g := range gs {
		out[i] = from(g)
	}
	return out, nil
}
