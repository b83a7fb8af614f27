package store

import (
	"time"

	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
)

// SaveMemberCount stores a group's member count.
func (s *Store) SaveMemberCount(groupID int64, n int, at time.Time) error {
	return s.saveCount(c.ProtectedGroups, c.FieldGroupID, groupID, func(rec *core.Record) {
		c.Wrap(&c.ProtectedGroup{}, rec).SetMemberCount(n, at)
	})
}

// SaveSubscriberCount stores a channel's subscriber count.
func (s *Store) SaveSubscriberCount(channelID int64, n int, at time.Time) error {
	return s.saveCount(c.EnforcedChannels, c.FieldChannelID, channelID, func(rec *core.Record) {
		c.Wrap(&c.EnforcedChannel{}, rec).SetSubscriberCount(n, at)
	})
}

// saveCount reads and saves one chat's row in one transaction, so that a concurrent
// /protect or settings change is kept.
func (s *Store) saveCount(collection, field string, chatID int64, set func(*core.Record)) error {
	return s.app.RunInTransaction(func(tx core.App) error {
		rec, err := tx.FindFirstRecordByData(collection, field, chatID)
		if err != nil {
			return err
		}
		set(rec)
		return tx.Save(rec)
	})
}
