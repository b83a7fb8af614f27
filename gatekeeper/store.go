package gatekeeper

import (
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"golang.org/x/sync/singleflight"

	c "github.com/nezuko/nezuko/collections"
)

// storeTTL is how long a group read from the database is reused: a change through
// the API takes effect within it.
const storeTTL = time.Second

// channelInfo is one linked channel.
type channelInfo struct {
	RecordID   string
	ID         int64
	Title      string
	Username   string
	InviteLink string
	// CountRequests: a pending join request to the channel counts as membership
	// (enforced_channels.count_join_requests).
	CountRequests bool
	// GroupLink is the bot's own invite link for this group and channel, filled in
	// when a warning is built ("" = none: the channel's own link or username).
	GroupLink string
}

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

// store reads protected groups and their channels, cached for storeTTL. Concurrent
// misses of one chat share one read; a forget bumps gen, so a read begun before it is
// neither shared with later callers nor cached.
type store struct {
	app   core.App
	botID string // bot_instances record id

	mu       sync.Mutex // guards groups, channels, gen
	groups   map[int64]storeEntry
	channels map[int64]channelEntry
	gen      uint64
	reads    singleflight.Group
}

func newStore(app core.App, botRecordID string) *store {
	return &store{app: app, botID: botRecordID, groups: map[int64]storeEntry{}, channels: map[int64]channelEntry{}}
}

// forget drops what is cached about a chat (a group or a channel).
func (s *store) forget(chatID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.groups, chatID)
	delete(s.channels, chatID)
	s.gen++
}

// forgetAll drops the whole cache.
func (s *store) forgetAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.groups = map[int64]storeEntry{}
	s.channels = map[int64]channelEntry{}
	s.gen++
}

// group returns the protected group with this chat id, nil when there is none.
func (s *store) group(chatID int64) (*groupInfo, error) {
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

func (s *store) loadGroup(chatID int64) (*groupInfo, error) {
	rec, err := s.app.FindFirstRecordByData(c.ProtectedGroups, c.FieldGroupID, chatID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read group %d: %w", chatID, err)
	}
	return s.groupFromRecord(rec)
}

func (s *store) groupFromRecord(rec *core.Record) (*groupInfo, error) {
	pg := c.Wrap(&c.ProtectedGroup{}, rec)
	params, _ := pg.Params() // malformed params: defaults
	g := &groupInfo{RecordID: rec.Id, ID: pg.GroupID(), Title: pg.Title(), Enabled: pg.Enabled(),
		Mine: pg.BotInstanceRef() == s.botID, Policy: PolicyFrom(params)}
	var links []*core.Record // in the order they were added
	err := s.app.RecordQuery(c.GroupChannelLinks).Where(dbx.HashExp{c.FieldGroup: rec.Id}).
		OrderBy(c.FieldCreated+" ASC", "rowid ASC").All(&links)
	if err != nil {
		return nil, fmt.Errorf("read links of group %d: %w", g.ID, err)
	}
	ids := make([]string, 0, len(links))
	for _, l := range links {
		ids = append(ids, c.Wrap(&c.GroupChannelLink{}, l).ChannelRef())
	}
	if len(ids) == 0 {
		return g, nil
	}
	chans, err := s.app.FindRecordsByIds(c.EnforcedChannels, ids)
	if err != nil {
		return nil, fmt.Errorf("read channels of group %d: %w", g.ID, err)
	}
	byRef := make(map[string]channelInfo, len(chans))
	for _, r := range chans {
		ch := c.Wrap(&c.EnforcedChannel{}, r)
		byRef[r.Id] = channelInfo{RecordID: r.Id, ID: ch.ChannelID(), Title: ch.Title(),
			Username: ch.Username(), InviteLink: ch.InviteLink(), CountRequests: ch.CountJoinRequests()}
	}
	for _, ref := range ids { // in link order: the order the owner added them
		if ch, ok := byRef[ref]; ok {
			g.Channels = append(g.Channels, ch)
		}
	}
	return g, nil
}

// groupsOfChannel returns the groups this bot enforces that link the channel.
func (s *store) groupsOfChannel(channelID int64) ([]*groupInfo, error) {
	now := time.Now()
	s.mu.Lock()
	ent, ok := s.channels[channelID]
	gen := s.gen
	s.mu.Unlock()
	groups := ent.groups
	if !ok || now.Sub(ent.at) >= storeTTL {
		v, err, _ := s.reads.Do(fmt.Sprintf("c%d/%d", channelID, gen), func() (any, error) {
			ids, err := s.loadChannelGroups(channelID)
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

func (s *store) loadChannelGroups(channelID int64) ([]int64, error) {
	rec, err := s.app.FindFirstRecordByData(c.EnforcedChannels, c.FieldChannelID, channelID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read channel %d: %w", channelID, err)
	}
	links, err := s.app.FindAllRecords(c.GroupChannelLinks, dbx.HashExp{c.FieldChannel: rec.Id})
	if err != nil {
		return nil, fmt.Errorf("read links of channel %d: %w", channelID, err)
	}
	refs := make([]string, 0, len(links))
	for _, l := range links {
		refs = append(refs, c.Wrap(&c.GroupChannelLink{}, l).GroupRef())
	}
	if len(refs) == 0 {
		return nil, nil
	}
	groups, err := s.app.FindRecordsByIds(c.ProtectedGroups, refs)
	if err != nil {
		return nil, fmt.Errorf("read groups of channel %d: %w", channelID, err)
	}
	ids := make([]int64, 0, len(groups))
	for _, g := range groups {
		if pg := c.Wrap(&c.ProtectedGroup{}, g); pg.BotInstanceRef() == s.botID {
			ids = append(ids, pg.GroupID())
		}
	}
	return ids, nil
}

// myGroups returns every group this bot serves (enabled or not).
func (s *store) myGroups() ([]*groupInfo, error) {
	recs, err := s.app.FindAllRecords(c.ProtectedGroups, dbx.HashExp{c.FieldBotInstance: s.botID})
	if err != nil {
		return nil, fmt.Errorf("read groups: %w", err)
	}
	out := make([]*groupInfo, 0, len(recs))
	for _, r := range recs {
		g, err := s.groupFromRecord(r)
		if err != nil {
			return nil, err
		}
		out = append(out, g)
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
