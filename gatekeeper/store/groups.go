package store

import (
	"database/sql"
	"errors"
	"fmt"

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
	pg := c.Wrap(&c.ProtectedGroup{}, rec)
	params, _ := pg.Params() // malformed params: defaults
	g := &Group{RecordID: rec.Id, ID: pg.GroupID(), Title: pg.Title(), Enabled: pg.Enabled(),
		Mine: pg.BotInstanceRef() == s.botRecordID, Params: params}
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
	byRef := make(map[string]Channel, len(chans))
	for _, r := range chans {
		ch := c.Wrap(&c.EnforcedChannel{}, r)
		byRef[r.Id] = Channel{RecordID: r.Id, ID: ch.ChannelID(), Title: ch.Title(),
			Username: ch.Username(), InviteLink: ch.InviteLink(), CountRequests: ch.CountJoinRequests()}
	}
	for _, ref := range ids { // in link order: the order the owner added them
		if ch, ok := byRef[ref]; ok {
			g.Channels = append(g.Channels, ch)
		}
	}
	return g, nil
}

// ChannelGroups returns the chat ids of this bot's groups (enabled or not) that link
// the channel: one query, reading none of the other bots' groups (at 100 bots a
// channel's groups are mostly theirs).
func (s *Store) ChannelGroups(channelID int64) ([]int64, error) {
	var rows []struct {
		Group int64 `db:"group_id"`
	}
	q := "SELECT p.`" + c.FieldGroupID + "` AS group_id FROM `" + c.EnforcedChannels + "` ch" +
		" JOIN `" + c.GroupChannelLinks + "` l ON l.`" + c.FieldChannel + "` = ch.`" + c.FieldID + "`" +
		" JOIN `" + c.ProtectedGroups + "` p ON p.`" + c.FieldID + "` = l.`" + c.FieldGroup + "`" +
		" WHERE ch.`" + c.FieldChannelID + "` = {:channel} AND p.`" + c.FieldBotInstance + "` = {:bot}"
	err := s.app.DB().NewQuery(q).Bind(dbx.Params{"channel": channelID, "bot": s.botRecordID}).All(&rows)
	if err != nil {
		return nil, fmt.Errorf("read groups of channel %d: %w", channelID, err)
	}
	ids := make([]int64, 0, len(rows))
	for _, r := range rows {
		ids = append(ids, r.Group)
	}
	return ids, nil
}

// MyGroups returns every group this bot serves (enabled or not).
func (s *Store) MyGroups() ([]*Group, error) {
	recs, err := s.app.FindAllRecords(c.ProtectedGroups, dbx.HashExp{c.FieldBotInstance: s.botRecordID})
	if err != nil {
		return nil, fmt.Errorf("read groups: %w", err)
	}
	out := make([]*Group, 0, len(recs))
	for _, r := range recs {
		g, err := s.groupFromRecord(r)
		if err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, nil
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
