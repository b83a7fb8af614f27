package store

import (
	"database/sql"
	"errors"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
)

// InviteLink is the bot's own invite link of a (group, channel) pair (bot_invite_links).
type InviteLink struct {
	URL      string
	Requests bool // creates join requests
}

// InviteLink returns the pair's stored link, nil when none.
func (s *Store) InviteLink(groupID, channelID int64) (*InviteLink, error) {
	rec := &core.Record{}
	err := s.app.RecordQuery(c.BotInviteLinks).AndWhere(s.inviteLinkKey(groupID, channelID)).Limit(1).One(rec)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	bl := c.Wrap(&c.BotInviteLink{}, rec)
	return &InviteLink{URL: bl.InviteLink(), Requests: bl.CreatesJoinRequest()}, nil
}

// SaveInviteLink stores the pair's link through the write queue (replacing the old one).
func (s *Store) SaveInviteLink(groupID, channelID int64, link InviteLink) {
	s.Queue("invite link", func() error {
		rec := &core.Record{}
		err := s.app.RecordQuery(c.BotInviteLinks).AndWhere(s.inviteLinkKey(groupID, channelID)).Limit(1).One(rec)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			bl, err := c.NewBotInviteLink(s.app, s.botID, groupID, channelID, link.URL, link.Requests)
			if err != nil {
				return err
			}
			return s.app.Save(bl)
		case err != nil:
			return err
		}
		bl := c.Wrap(&c.BotInviteLink{}, rec)
		bl.SetLink(link.URL, link.Requests)
		return s.app.Save(bl)
	})
}

// LinkGroup returns the group whose link of the channel url is (ok false when it is
// none of this bot's stored links).
func (s *Store) LinkGroup(channelID int64, url string) (groupID int64, ok bool) {
	rec := &core.Record{}
	err := s.app.RecordQuery(c.BotInviteLinks).
		AndWhere(dbx.HashExp{c.FieldBotID: s.botID, c.FieldChannelID: channelID, c.FieldInviteLink: url}).Limit(1).One(rec)
	if err != nil {
		return 0, false
	}
	return c.Wrap(&c.BotInviteLink{}, rec).GroupID(), true
}

func (s *Store) inviteLinkKey(groupID, channelID int64) dbx.HashExp {
	return dbx.HashExp{c.FieldBotID: s.botID, c.FieldGroupID: groupID, c.FieldChannelID: channelID}
}
