package gatekeeper

import (
	"database/sql"
	"errors"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
)

// ownRestrictions is the bot's durable record of the restrictions it set itself
// (bot_restrictions): the only ones it ever lifts. It outlives restarts, warnings
// deleted by their TTL and users leaving the group (Telegram keeps a restriction
// when the user leaves and applies it again when they come back).
type ownRestrictions struct {
	app   core.App
	botID int64
}

func (o *ownRestrictions) key(groupID, userID int64) dbx.HashExp {
	return dbx.HashExp{c.FieldBotID: o.botID, c.FieldGroupID: groupID, c.FieldUserID: userID}
}

// find returns the bot's record of its restriction of the user in the group, nil when
// there is none.
func (o *ownRestrictions) find(groupID, userID int64) (*c.BotRestriction, error) {
	r := &core.Record{}
	err := o.app.RecordQuery(c.BotRestrictions).AndWhere(o.key(groupID, userID)).Limit(1).One(r)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return c.Wrap(&c.BotRestriction{}, r), nil
}

// put records that the bot restricted the user in the group (kind: why).
func (o *ownRestrictions) put(groupID, userID int64, kind string) error {
	cur, err := o.find(groupID, userID)
	if err != nil {
		return err
	}
	if cur != nil {
		if cur.Kind() == kind {
			return nil
		}
		cur.SetKind(kind)
		return o.app.Save(cur)
	}
	rec, err := c.NewBotRestriction(o.app, o.botID, groupID, userID, kind)
	if err != nil {
		return err
	}
	if err := o.app.Save(rec); err != nil {
		if again, _ := o.find(groupID, userID); again != nil {
			return nil // a concurrent put won
		}
		return err
	}
	return nil
}

// drop forgets the bot's restriction of the user in the group.
func (o *ownRestrictions) drop(groupID, userID int64) error {
	_, err := o.app.DB().Delete(c.BotRestrictions, o.key(groupID, userID)).Execute()
	return err
}

// due returns up to n of the bot's mutes for missing channels set since the cutoff,
// the longest unchecked first.
func (o *ownRestrictions) due(since time.Time, n int) ([]*c.BotRestriction, error) {
	var recs []*core.Record
	err := o.app.RecordQuery(c.BotRestrictions).
		AndWhere(dbx.HashExp{c.FieldBotID: o.botID, c.FieldKind: c.RestrictionChannels}).
		AndWhere(dbx.NewExp(c.FieldCreated+" >= {:since}", dbx.Params{"since": c.DBTime(since)})).
		OrderBy(c.FieldCheckedAt+" ASC", c.FieldCreated+" ASC").Limit(int64(n)).All(&recs)
	if err != nil {
		return nil, err
	}
	out := make([]*c.BotRestriction, len(recs))
	for i, r := range recs {
		out[i] = c.Wrap(&c.BotRestriction{}, r)
	}
	return out, nil
}

// checked records a background re-check of the restriction.
func (o *ownRestrictions) checked(r *c.BotRestriction, at time.Time) error {
	r.SetCheckedAt(at)
	return o.app.Save(r)
}
