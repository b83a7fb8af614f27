package store

import (
	"time"

	c "github.com/nezuko/nezuko/collections"
)

// RecordChannelJoin appends a channel_joins row through the write queue: a join into
// (or a request to) the channel, attributed to group (collections.NoGroup = none).
func (s *Store) RecordChannelJoin(channelID, userID, group int64, via, url string, at time.Time) {
	s.Queue("channel join", func() error {
		j, err := c.NewChannelJoin(s.app, s.botID, channelID, userID, group, via, url, at)
		if err != nil {
			return err
		}
		return s.app.Save(j)
	})
}
