package store

import (
	"database/sql"
	"errors"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
)

// JoinRequest is a pending join request to a channel (bot_join_requests).
type JoinRequest struct {
	UserID, ChannelID int64
	At                time.Time
}

// JoinRequests returns the bot's stored pending join requests to channels.
func (s *Store) JoinRequests() ([]JoinRequest, error) {
	var recs []*core.Record
	err := s.app.RecordQuery(c.BotJoinRequests).AndWhere(dbx.HashExp{c.FieldBotID: s.botID}).All(&recs)
	out := make([]JoinRequest, 0, len(recs))
	for _, rec := range recs {
		q := c.Wrap(&c.BotJoinRequest{}, rec)
		out = append(out, JoinRequest{UserID: q.UserID(), ChannelID: q.ChannelID(), At: q.Timestamp()})
	}
	return out, err
}

// SaveJoinRequest stores (or refreshes) a pending join request through the write queue.
func (s *Store) SaveJoinRequest(userID, channelID int64, link string, at time.Time) {
	s.Queue("pending join request", func(db core.App) error {
		rec := &core.Record{}
		err := db.RecordQuery(c.BotJoinRequests).AndWhere(s.joinRequestKey(userID, channelID)).Limit(1).One(rec)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			q, err := c.NewBotJoinRequest(db, s.botID, channelID, userID, link, at)
			if err != nil {
				return err
			}
			return db.Save(q)
		case err != nil:
			return err
		}
		rec.Set(c.FieldInviteLink, link)
		rec.Set(c.FieldTimestamp, at.UTC())
		return db.Save(rec)
	})
}

// DropJoinRequest forgets a pending join request through the write queue.
func (s *Store) DropJoinRequest(userID, channelID int64) {
	s.Queue("pending join request", func(db core.App) error {
		_, err := db.DB().Delete(c.BotJoinRequests, s.joinRequestKey(userID, channelID)).Execute()
		return err
	})
}

func (s *Store) joinRequestKey(userID, channelID int64) dbx.HashExp {
	return dbx.HashExp{c.FieldBotID: s.botID, c.FieldChannelID: channelID, c.FieldUserID: userID}
}
