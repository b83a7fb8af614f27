package store

import (
	"database/sql"
	"errors"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
)

// InviteLink is the bot's own invite link of a (group, channel) pair (bot_invite_links).
type InviteLink struct {
	URL      string
	Requests bool // creates join requests
}

// InviteLink returns the pair's current link (not replaced), nil when none.
func (s *Store) InviteLink(groupID, channelID int64) (*InviteLink, error) {
	rec := &core.Record{}
	err := s.app.RecordQuery(c.BotInviteLinks).AndWhere(s.currentLink(groupID, channelID)).Limit(1).One(rec)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	bl := c.Wrap(&c.BotInviteLink{}, rec)
	return &InviteLink{URL: bl.InviteLink(), Requests: bl.CreatesJoinRequest()}, nil
}

// SaveInviteLink makes link the pair's current link through the write queue. A current
// row with another URL is kept, marked revoked at now, so a join request made by it
// and approved later is still the group's; a new row is added.
func (s *Store) SaveInviteLink(groupID, channelID int64, link InviteLink, now time.Time) {
	s.Queue("invite link", func(db core.App) error {
		return db.RunInTransaction(func(tx core.App) error {
			rec := &core.Record{}
			err := tx.RecordQuery(c.BotInviteLinks).AndWhere(s.currentLink(groupID, channelID)).Limit(1).One(rec)
			switch {
			case err == nil:
				bl := c.Wrap(&c.BotInviteLink{}, rec)
				if bl.InviteLink() == link.URL {
					bl.SetLink(link.URL, link.Requests)
					return tx.Save(bl)
				}
				bl.SetRevoked(now)
				if err := tx.Save(bl); err != nil {
					return err
				}
			case !errors.Is(err, sql.ErrNoRows):
				return err
			}
			bl, err := c.NewBotInviteLink(tx, s.botID, groupID, channelID, link.URL, link.Requests)
			if err != nil {
				return err
			}
			return tx.Save(bl)
		})
	})
}

// LinkGroup returns the group whose link of the channel url is, current or replaced (ok false when it is
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

// currentLink selects the pair's current link row (revoked_at unset).
func (s *Store) currentLink(groupID, channelID int64) dbx.HashExp {
	return dbx.HashExp{c.FieldBotID: s.botID, c.FieldGroupID: groupID, c.FieldChannelID: channelID, c.FieldRevokedAt: ""}
}
