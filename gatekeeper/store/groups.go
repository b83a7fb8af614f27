package store

import (
	"database/sql"
	"encoding/json"
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
	gs, err := s.readGroups("p.`"+c.FieldGroupID+"` = {:key}", chatID)
	if err != nil {
		return nil, fmt.Errorf("read group %d: %w", chatID, err)
	}
	if len(gs) == 0 {
		return nil, nil
	}
	return gs[0], nil
}

// groupRow is one row of readGroups: a group's columns and one of its linked
// channels' (all null when it links none).
type groupRow struct {
	RecordID string         `db:"rid"`
	GroupID  int64          `db:"gid"`
	Title    string         `db:"title"`
	Enabled  bool           `db:"enabled"`
	Bot      string         `db:"bot"`
	Params   sql.NullString `db:"params"`
	ChRecord sql.NullString `db:"ch_rid"`
	ChID     sql.NullInt64  `db:"ch_id"`
	ChTitle  sql.NullString `db:"ch_title"`
	ChUser   sql.NullString `db:"ch_user"`
	ChLink   sql.NullString `db:"ch_link"`
	ChCount  sql.NullBool   `db:"ch_count"`
}

// readGroups reads the groups matching where (bound to {:key}) with their channels in
// the order they were linked, in one query: a group is read on most updates of a
// large fleet (each group's first update within groups.TTL), and PocketBase's record
// loading cost three queries and most of the CPU of it.
func (s *Store) readGroups(where string, key any) ([]*Group, error) {
	q := "SELECT p.`id` AS rid, p.`" + c.FieldGroupID + "` AS gid, p.`" + c.FieldTitle + "` AS title, p.`" +
		c.FieldEnabled + "` AS enabled, p.`" + c.FieldBotInstance + "` AS bot, p.`" + c.FieldParams + "` AS params," +
		" ch.`id` AS ch_rid, ch.`" + c.FieldChannelID + "` AS ch_id, ch.`" + c.FieldTitle + "` AS ch_title, ch.`" +
		c.FieldUsername + "` AS ch_user, ch.`" + c.FieldInviteLink + "` AS ch_link, ch.`" + c.FieldCountJoinRequests +
		"` AS ch_count FROM `" + c.ProtectedGroups + "` p" +
		" LEFT JOIN `" + c.GroupChannelLinks + "` l ON l.`" + c.FieldGroup + "` = p.`id`" +
		" LEFT JOIN `" + c.EnforcedChannels + "` ch ON ch.`id` = l.`" + c.FieldChannel + "`" +
		" WHERE " + where + " ORDER BY p.rowid, l.`" + c.FieldCreated + "` ASC, l.rowid ASC"
	var rows []groupRow
	if err := s.app.DB().NewQuery(q).Bind(dbx.Params{"key": key}).All(&rows); err != nil {
		return nil, err
	}
	var out []*Group
	for _, r := range rows {
		if len(out) == 0 || out[len(out)-1].RecordID != r.RecordID {
			var params c.GroupParams
			if r.Params.Valid && r.Params.String != "" {
				_ = json.Unmarshal([]byte(r.Params.String), &params) // malformed params: defaults
			}
			out = append(out, &Group{RecordID: r.RecordID, ID: r.GroupID, Title: r.Title, Enabled: r.Enabled,
				Mine: r.Bot == s.botRecordID, Params: params})
		}
		if r.ChRecord.Valid {
			g := out[len(out)-1]
			g.Channels = append(g.Channels, Channel{RecordID: r.ChRecord.String, ID: r.ChID.Int64,
				Title: r.ChTitle.String, Username: r.ChUser.String, InviteLink: r.ChLink.String,
				CountRequests: r.ChCount.Bool})
		}
	}
	return out, nil
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

// MyGroups returns every group this bot serves (enabled or not), in one query.
func (s *Store) MyGroups() ([]*Group, error) {
	gs, err := s.readGroups("p.`"+c.FieldBotInstance+"` = {:key}", s.botRecordID)
	if err != nil {
		return nil, fmt.Errorf("read groups: %w", err)
	}
	return gs, nil
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
