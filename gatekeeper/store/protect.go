package store

import (
	"database/sql"
	"errors"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
)

// Owner is the Telegram user recorded in owners.
type Owner struct {
	UserID   int64
	Username string // "" keeps a known one
}

// SaveProtection records /protect in one transaction: the caller (nil: none) in
// owners, the group (served by this bot, enabled; title "" keeps the known one), each
// channel with its invite link, and the links.
func (s *Store) SaveProtection(groupID int64, title string, caller *Owner, chans []Channel) error {
	return s.app.RunInTransaction(func(tx core.App) error {
		ownerRef := ""
		if caller != nil {
			o, err := upsertOwner(tx, caller)
			if err != nil {
				return err
			}
			ownerRef = o.Id
		}
		g, err := findOrNew(tx, c.ProtectedGroups, c.FieldGroupID, groupID, func() (*c.ProtectedGroup, error) {
			return c.NewProtectedGroup(tx)
		})
		if err != nil {
			return err
		}
		g.SetGroupID(groupID)
		g.SetBotInstanceRef(s.botRecordID)
		g.SetEnabled(true)
		setIf(title, g.SetTitle)
		if g.OwnerRef() == "" && ownerRef != "" {
			g.SetOwnerRef(ownerRef)
		}
		if err := tx.Save(g); err != nil {
			return err
		}
		for _, ch := range chans {
			rec, err := findOrNew(tx, c.EnforcedChannels, c.FieldChannelID, ch.ID, func() (*c.EnforcedChannel, error) {
				return c.NewEnforcedChannel(tx)
			})
			if err != nil {
				return err
			}
			rec.SetChannelID(ch.ID)
			setIf(ch.Title, rec.SetTitle) // known values are only overwritten by new ones
			setIf(ch.Username, rec.SetUsername)
			setIf(ch.InviteLink, rec.SetInviteLink)
			if err := tx.Save(rec); err != nil {
				return err
			}
			if err := ensureLink(tx, g.Id, rec.Id); err != nil {
				return err
			}
		}
		return nil
	})
}

// RecordGroup makes sure the group has a protected_groups row: a new one is served by
// this bot, disabled until /protect, owned by adder (nil: nobody); an existing one
// keeps its settings and, when no bot serves it yet, is served by this one. A locked
// database is retried.
func (s *Store) RecordGroup(groupID int64, title string, adder *Owner) error {
	return s.retryLocked("group", func() error {
		return s.app.RunInTransaction(func(tx core.App) error {
			rec, err := tx.FindFirstRecordByData(c.ProtectedGroups, c.FieldGroupID, groupID)
			var pg *c.ProtectedGroup
			switch {
			case errors.Is(err, sql.ErrNoRows):
				if pg, err = c.NewProtectedGroup(tx); err != nil {
					return err
				}
				pg.SetGroupID(groupID)
				pg.SetEnabled(false)
				if adder != nil {
					o, err := upsertOwner(tx, adder)
					if err != nil {
						return err
					}
					pg.SetOwnerRef(o.Id)
				}
			case err != nil:
				return err
			default:
				pg = c.Wrap(&c.ProtectedGroup{}, rec)
			}
			if pg.BotInstanceRef() == "" {
				pg.SetBotInstanceRef(s.botRecordID)
			}
			setIf(title, pg.SetTitle)
			return tx.Save(pg)
		})
	})
}

// Unlink removes one channel from a group and returns how many stay linked; the
// group is disabled when none is left.
func (s *Store) Unlink(groupRecordID, channelRecordID string) (int, error) {
	left := 0
	err := s.app.RunInTransaction(func(tx core.App) error {
		links, err := tx.FindAllRecords(c.GroupChannelLinks, dbx.HashExp{c.FieldGroup: groupRecordID})
		if err != nil {
			return err
		}
		for _, l := range links {
			if c.Wrap(&c.GroupChannelLink{}, l).ChannelRef() == channelRecordID {
				if err := tx.Delete(l); err != nil {
					return err
				}
				continue
			}
			left++
		}
		if left > 0 {
			return nil
		}
		rec, err := tx.FindRecordById(c.ProtectedGroups, groupRecordID)
		if err != nil {
			return err
		}
		pg := c.Wrap(&c.ProtectedGroup{}, rec)
		pg.SetEnabled(false)
		return tx.Save(pg)
	})
	return left, err
}

// upsertOwner finds or creates the owners row of a Telegram user.
func upsertOwner(tx core.App, u *Owner) (*c.Owner, error) {
	o, err := findOrNew(tx, c.Owners, c.FieldUserID, u.UserID, func() (*c.Owner, error) { return c.NewOwner(tx) })
	if err != nil {
		return nil, err
	}
	o.SetUserID(u.UserID)
	setIf(u.Username, o.SetUsername)
	return o, tx.Save(o)
}

// findOrNew loads the record whose field equals value into a proxy, or makes a new one.
func findOrNew[P core.RecordProxy](tx core.App, collection, field string, value any, create func() (P, error)) (P, error) {
	rec, err := tx.FindFirstRecordByData(collection, field, value)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return create()
	case err != nil:
		var zero P
		return zero, err
	}
	p, err := create()
	if err != nil {
		return p, err
	}
	p.SetProxyRecord(rec)
	return p, nil
}

// ensureLink adds the (group, channel) link unless it exists.
func ensureLink(tx core.App, groupRef, channelRef string) error {
	_, err := tx.FindFirstRecordByFilter(c.GroupChannelLinks, c.FieldGroup+" = {:g} && "+c.FieldChannel+" = {:c}",
		dbx.Params{"g": groupRef, "c": channelRef})
	if err == nil {
		return nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	l, err := c.NewGroupChannelLink(tx, groupRef, channelRef)
	if err != nil {
		return err
	}
	return tx.Save(l)
}

// setIf calls set with v unless v is empty.
func setIf(v string, set func(string)) {
	if v != "" {
		set(v)
	}
}
