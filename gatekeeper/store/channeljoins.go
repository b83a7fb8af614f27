package store

import (
	"time"

	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
)

// RecordChannelJoin appends a channel_joins row through the write queue: a join into
// (or a request to) the channel, attributed to group (collections.NoGroup = none).
func (s *Store) RecordChannelJoin(channelID, userID, group int64, via, url string, at time.Time) {
	s.Queue("channel join", func(db core.App) error {
		j, err := c.NewChannelJoin(db, s.botID, channelID, userID, group, via, url, at)
		if err != nil {
			return err
		}
		return db.Save(j)
	})
}
