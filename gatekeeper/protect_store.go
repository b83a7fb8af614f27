package gatekeeper

import (
	"database/sql"
	"errors"

	"github.com/go-telegram/bot/models"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
)

// saveProtection records /protect in one transaction: the caller in owners, the group
// (served by this bot, enabled), each channel with its invite link, and the links.
func (e *Engine) saveProtection(chat models.Chat, caller *models.User, chans []channelInfo) error {
	return e.cfg.App.RunInTransaction(func(tx core.App) error {
		ownerRef := ""
		if caller != nil {
			o, err := upsertOwner(tx, caller)
			if err != nil {
				return err
			}
			ownerRef = o.Id
		}
		g, err := findOrNew(tx, c.ProtectedGroups, c.FieldGroupID, chat.ID, func() (*c.ProtectedGroup, error) {
			return c.NewProtectedGroup(tx)
		})
		if err != nil {
			return err
		}
		g.SetGroupID(chat.ID)
		g.SetBotInstanceRef(e.cfg.BotRecordID)
		g.SetEnabled(true)
		if chat.Title != "" {
			g.SetTitle(chat.Title)
		}
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

// upsertOwner finds or creates the owners row of a Telegram user.
func upsertOwner(tx core.App, u *models.User) (*c.Owner, error) {
	o, err := findOrNew(tx, c.Owners, c.FieldUserID, u.ID, func() (*c.Owner, error) { return c.NewOwner(tx) })
	if err != nil {
		return nil, err
	}
	o.SetUserID(u.ID)
	if u.Username != "" {
		o.SetUsername(u.Username)
	}
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

// setEnabled turns a group's protection on or off.
func (e *Engine) setEnabled(g *groupInfo, on bool) error {
	return e.updateGroup(g.RecordID, func(pg *c.ProtectedGroup) { pg.SetEnabled(on) })
}

// unlink removes one channel from a group and returns how many stay linked; the
// group is disabled when none is left.
func (e *Engine) unlink(g *groupInfo, ch channelInfo) (int, error) {
	left := 0
	err := e.cfg.App.RunInTransaction(func(tx core.App) error {
		links, err := tx.FindAllRecords(c.GroupChannelLinks, dbx.HashExp{c.FieldGroup: g.RecordID})
		if err != nil {
			return err
		}
		for _, l := range links {
			if c.Wrap(&c.GroupChannelLink{}, l).ChannelRef() == ch.RecordID {
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
		rec, err := tx.FindRecordById(c.ProtectedGroups, g.RecordID)
		if err != nil {
			return err
		}
		pg := c.Wrap(&c.ProtectedGroup{}, rec)
		pg.SetEnabled(false)
		return tx.Save(pg)
	})
	return left, err
}

// setIf calls set with v unless v is empty.
func setIf(v string, set func(string)) {
	if v != "" {
		set(v)
	}
}

// updateGroup re-reads a group's record and saves change in one transaction, so that
// concurrent updates (health, settings, /protect) never overwrite each other's fields;
// a locked database is retried (retryLocked).
func (e *Engine) updateGroup(recordID string, change func(*c.ProtectedGroup)) error {
	return e.retryLocked("group", func() error {
		return e.cfg.App.RunInTransaction(func(tx core.App) error {
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
