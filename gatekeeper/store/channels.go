package store

import (
	c "github.com/nezuko/nezuko/collections"
)

// Subscribers is a channel's last synced subscriber count (0 when unreadable).
func (s *Store) Subscribers(recordID string) int {
	rec, err := s.app.FindRecordById(c.EnforcedChannels, recordID)
	if err != nil {
		return 0
	}
	return c.Wrap(&c.EnforcedChannel{}, rec).SubscriberCount()
}

// SetCountJoinRequests sets a channel's count_join_requests (a locked database is
// retried).
func (s *Store) SetCountJoinRequests(recordID string, on bool) error {
	return s.retryLocked("channel", func() error {
		rec, err := s.app.FindRecordById(c.EnforcedChannels, recordID)
		if err != nil {
			return err
		}
		ec := c.Wrap(&c.EnforcedChannel{}, rec)
		ec.SetCountJoinRequests(on)
		return s.app.Save(ec)
	})
}
