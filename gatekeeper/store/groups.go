package store

import (
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
)

// Channel is one linked channel (an enforced_channels row).
type Channel struct {
	RecordID   string
	ID         int64
	Title      string
	Username   string
	InviteLink string
	// CountRequests: a pending join request to the channel counts as membership
	// (enforced_channels.count_join_requests).
	CountRequests bool
	// GroupLink is the bot's own invite link for this group and channel, filled in by
	// the engine when a warning is built ("" = none: the channel's own link or
	// username); never read from or written to the database here.
	GroupLink string
}

// Group is a protected_groups row with its channels, in the order they were linked.
type Group struct {
	RecordID string
	ID       int64
	Title    string
	Enabled  bool
	Mine     bool          // served by this bot
	Params   c.GroupParams // defaults when malformed
	Channels []Channel
}

// Group returns the protected group with this chat id, nil when there is none.
func (s *Store) Group(chatID int64) (*Group, error) {
	rec, err := s.app.FindFirstRecordByData(c.ProtectedGroups, c.FieldGroupID, chatID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read group %d: %w", chatID, err)
	}
	return s.groupFromRecord(rec)
}

func (s *Store) groupFromRecord(rec *core.Record) (*Group, error) {
	gs, err := s.groupsFromRecords([]*core.Record{rec})
	if err != nil {
		return nil, err
	}
	return gs[0], nil
}

// Groups returns the protected groups with these chat ids that have a row, read as
// Group reads each, in three queries for all of them.
func (s *Store) Groups(chatIDs []int64) ([]*Group, error) {
	if len(chatIDs) > groupsBatch {
		return inBatches(chatIDs, s.Groups)
	}
	if len(chatIDs) == 0 {
		return nil, nil
	}
	ids := make([]any, len(chatIDs))
	for i, id := range chatIDs {
		ids[i] = id
	}
	recs, err := s.app.FindAllRecords(c.ProtectedGroups, dbx.In(c.FieldGroupID, ids...))
	if err != nil {
		return nil, fmt.Errorf("read %d groups: %w", len(chatIDs), err)
	}
	return s.groupsFromRecords(recs)
}

// groupsBatch bounds the groups whose links and channels one query reads (SQLite's
// bound on a statement's parameters is far above it).
const groupsBatch = 500

// inBatches calls read with up to groupsBatch items at a time and joins the groups.
func inBatches[T any](items []T, read func([]T) ([]*Group, error)) ([]*Group, error) {
	out := make([]*Group, 0, len(items))
	for batch := range slices.Chunk(items, groupsBatch) {
		gs, err := read(batch)
		if err != nil {
			return nil, err
		}
		out = append(out, gs...)
	}
	return out, nil
}

// groupsFromRecords builds the groups of protected_groups rows with their channels,
// reading the links and the channels of up to groupsBatch of them at once.
func (s *Store) groupsFromRecords(recs []*core.Record) ([]*Group, error) {
	if len(recs) > groupsBatch {
		return inBatches(recs, s.groupsFromRecords)
	}
	out := make([]*Group, len(recs))
	if len(recs) == 0 {
		return out, nil
	}
	refs := make([]any, len(recs))
	byRec := make(map[string]*Group, len(recs))
	for i, rec := range recs {
		pg := c.Wrap(&c.ProtectedGroup{}, rec)
		params, _ := pg.Params() // malformed params: defaults
		out[i] = &Group{RecordID: rec.Id, ID: pg.GroupID(), Title: pg.Title(), Enabled: pg.Enabled(),
			Mine: pg.BotInstanceRef() == s.botRecordID, Params: params}
		refs[i] = rec.Id
		byRec[rec.Id] = out[i]
	}
	var links []*core.Record // in the order they were added
	err := s.app.RecordQuery(c.GroupChannelLinks).Where(dbx.In(c.FieldGroup, refs...)).
		OrderBy(c.FieldCreated+" ASC", "rowid ASC").All(&links)
	if err != nil {
		return nil, fmt.Errorf("read links of group %d: %w", out[0].ID, err)
	}
	chanRefs := make(map[string][]string, len(recs)) // channel refs by group record, in link order
	var ids []string
	seen := map[string]bool{}
	for _, l := range links {
		gl := c.Wrap(&c.GroupChannelLink{}, l)
		chanRefs[gl.GroupRef()] = append(chanRefs[gl.GroupRef()], gl.ChannelRef())
		if !seen[gl.ChannelRef()] {
			seen[gl.ChannelRef()] = true
			ids = append(ids, gl.ChannelRef())
		}
	}
	if len(ids) == 0 {
		return out, nil
	}
	chans, err := s.app.FindRecordsByIds(c.EnforcedChannels, ids)
	if err != nil {
		return nil, fmt.Errorf("read channels of group %d: %w", out[0].ID, err)
	}
	byRef := make(map[string]Channel, len(chans))
	for _, r := range chans {
		ch := c.Wrap(&c.EnforcedChannel{}, r)
		byRef[r.Id] = Channel{RecordID: r.Id, ID: ch.ChannelID(), Title: ch.Title(),
			Username: ch.Username(), InviteLink: ch.InviteLink(), CountRequests: ch.CountJoinRequests()}
	}
	for recID, g := range byRec {
		for _, ref := range chanRefs[recID] { // in link order: the order the owner added them
			if ch, ok := byRef[ref]; ok {
				g.Channels = append(g.Channels, ch)
			}
		}
	}
	return out, nil
}

// ChannelGroups returns the chat ids of this bot's groups (enabled or not) that link
// the channel.
func (s *Store) ChannelGroups(channelID int64) ([]int64, error) {
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
		if pg := c.Wrap(&c.ProtectedGroup{}, g); pg.BotInstanceRef() == s.botRecordID {
			ids = append(ids, pg.GroupID())
		}
	}
	return ids, nil
}

// MyGroups returns every group this bot serves (enabled or not).
func (s *Store) MyGroups() ([]*Group, error) {
	recs, err := s.app.FindAllRecords(c.ProtectedGroups, dbx.HashExp{c.FieldBotInstance: s.botRecordID})
	if err != nil {
		return nil, fmt.Errorf("read groups: %w", err)
	}
	return s.groupsFromRecords(recs)
}

// GroupRecord reads a group's protected_groups row afresh (params, member count,
// health), bypassing every cache.
func (s *Store) GroupRecord(recordID string) (*c.ProtectedGroup, error) {
	rec, err := s.app.FindRecordById(c.ProtectedGroups, recordID)
	if err != nil {
		return nil, err
	}
	return c.Wrap(&c.ProtectedGroup{}, rec), nil
}

// UpdateGroup re-reads a group's record and saves change in one transaction, so that
// concurrent updates (health, settings, /protect) never overwrite each other's fields;
// a locked database is retried.
func (s *Store) UpdateGroup(recordID string, change func(*c.ProtectedGroup)) error {
	return s.retryLocked("group", func() error {
		return s.app.RunInTransaction(func(tx core.App) error {
			rec, err := tx.FindRecordById(c.ProtectedGroups, recordID)
			if err != nil {
				return err
			}
			pg := c.Wrap(&c.ProtectedGroup{}, rec)
			change(pg)
			return tx.Save(pg)
		})
	})
}

// SetEnabled turns a group's protection on or off.
func (s *Store) SetEnabled(recordID string, on bool) error {
	return s.UpdateGroup(recordID, func(pg *c.ProtectedGroup) { pg.SetEnabled(on) })
}
