package store

import (
	"database/sql"
	"errors"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
)

// MoveGroup moves a basic group's protected_groups row (links, params, health) to the
// supergroup id Telegram upgraded it to, in one transaction (a locked database is
// retried); moved is false when no row has the old id. A row the new supergroup got
// meanwhile (the bot seen there before the move) is replaced when it holds nothing
// yet; one already protected wins.
func (s *Store) MoveGroup(oldID, newID int64) (moved bool, err error) {
	err = s.retryLocked("group migration", func() error {
		moved = false
		return s.app.RunInTransaction(func(tx core.App) error {
			rec, err := tx.FindFirstRecordByData(c.ProtectedGroups, c.FieldGroupID, oldID)
			if errors.Is(err, sql.ErrNoRows) {
				return nil
			}
			if err != nil {
				return err
			}
			taken, err := tx.FindFirstRecordByData(c.ProtectedGroups, c.FieldGroupID, newID)
			switch {
			case errors.Is(err, sql.ErrNoRows):
			case err != nil:
				return err
			default:
				links, err := tx.CountRecords(c.GroupChannelLinks, dbx.HashExp{c.FieldGroup: taken.Id})
				if err != nil {
					return err
				}
				if c.Wrap(&c.ProtectedGroup{}, taken).Enabled() || links > 0 {
					s.log.Warn("group upgraded to a supergroup that is protected already: the old protection stays under the old id",
						"old_group_id", oldID, "group_id", newID)
					return nil
				}
				if err := tx.Delete(taken); err != nil {
					return err
				}
			}
			pg := c.Wrap(&c.ProtectedGroup{}, rec)
			pg.SetGroupID(newID)
			if h, err := pg.Health(); err == nil {
				for i := range h.Problems {
					if h.Problems[i].ChatID == oldID {
						h.Problems[i].ChatID = newID
					}
				}
				pg.SetHealth(h)
			}
			moved = true
			return tx.Save(pg)
		})
	})
	return moved, err
}
