package store

import (
	"database/sql"
	"errors"
	"sync"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	c "github.com/nezuko/nezuko/collections"
)

// The bot's durable record of the restrictions it set itself (bot_restrictions): the
// only ones it ever lifts. It outlives restarts, warnings deleted by their TTL and
// users leaving the group (Telegram keeps a restriction when the user leaves and
// applies it again when they come back). Writes go through the queue; the Store
// overlays the queued ones on the table, so its owner reads its own writes at once.

// memberKey names a user in a group.
type memberKey struct{ group, user int64 }

// pendingOp is a bot_restrictions write not saved yet: the kind put, or "" for a drop.
type pendingOp struct {
	kind string
	seq  uint64
}

// pendingRestrictions are the queued bot_restrictions writes.
type pendingRestrictions struct {
	mu  sync.Mutex // guards m, seq
	m   map[memberKey]pendingOp
	seq uint64
}

// SetRestriction records (kind) or forgets ("") the bot's restriction of a user, in
// memory at once and in bot_restrictions through the write queue.
func (s *Store) SetRestriction(groupID, userID int64, kind string) {
	p, k := &s.own, memberKey{groupID, userID}
	p.mu.Lock()
	if p.m == nil {
		p.m = map[memberKey]pendingOp{}
	}
	p.seq++
	op := pendingOp{kind: kind, seq: p.seq}
	p.m[k] = op
	p.mu.Unlock()
	s.queueSaved("restriction record", func(db core.App) error {
		if kind == "" {
			return s.dropRestriction(db, groupID, userID)
		}
		return s.putRestriction(db, groupID, userID, kind)
	}, func() { // committed: the table answers from now on
		p.mu.Lock()
		if p.m[k].seq == op.seq {
			delete(p.m, k)
		}
		p.mu.Unlock()
	})
}

// RestrictionKind is the kind of the bot's restriction of the user ("" = none),
// queued writes included.
func (s *Store) RestrictionKind(groupID, userID int64) (string, error) {
	p := &s.own
	p.mu.Lock()
	op, ok := p.m[memberKey{groupID, userID}]
	p.mu.Unlock()
	if ok {
		return op.kind, nil
	}
	r, err := s.findRestriction(groupID, userID)
	if err != nil || r == nil {
		return "", err
	}
	return r.Kind(), nil
}

func (s *Store) restrictionKey(groupID, userID int64) dbx.HashExp {
	return dbx.HashExp{c.FieldBotID: s.botID, c.FieldGroupID: groupID, c.FieldUserID: userID}
}

// findRestriction returns the bot's record of its restriction of the user in the
// group, nil when there is none.
func (s *Store) findRestriction(groupID, userID int64) (*c.BotRestriction, error) {
	r := &core.Record{}
	err := s.app.RecordQuery(c.BotRestrictions).AndWhere(s.restrictionKey(groupID, userID)).Limit(1).One(r)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return c.Wrap(&c.BotRestriction{}, r), nil
}

// putRestriction records that the bot restricted the user in the group (kind: why):
// one upsert, without PocketBase's record save (no hook reads bot_restrictions), so
// recording a mute costs the write queue one statement.
func (s *Store) putRestriction(db core.App, groupID, userID int64, kind string) error {
	now := c.DBTime(time.Now())
	q := "INSERT INTO `" + c.BotRestrictions + "` (`" + c.FieldID + "`, `" + c.FieldBotID + "`, `" + c.FieldGroupID +
		"`, `" + c.FieldUserID + "`, `" + c.FieldKind + "`, `" + c.FieldCreated + "`, `" + c.FieldUpdated +
		"`) VALUES ({:id}, {:bot}, {:group}, {:user}, {:kind}, {:now}, {:now})" +
		" ON CONFLICT(`" + c.FieldBotID + "`, `" + c.FieldGroupID + "`, `" + c.FieldUserID + "`)" +
		" DO UPDATE SET `" + c.FieldKind + "` = excluded.`" + c.FieldKind + "`, `" + c.FieldUpdated + "` = excluded.`" +
		c.FieldUpdated + "` WHERE `" + c.FieldKind + "` != excluded.`" + c.FieldKind + "`"
	_, err := db.DB().NewQuery(q).Bind(dbx.Params{"id": core.GenerateDefaultRandomId(), "bot": s.botID,
		"group": groupID, "user": userID, "kind": kind, "now": now}).Execute()
	return err
}

// dropRestriction forgets the bot's restriction of the user in the group.
func (s *Store) dropRestriction(db core.App, groupID, userID int64) error {
	_, err := db.DB().Delete(c.BotRestrictions, s.restrictionKey(groupID, userID)).Execute()
	return err
}

// DueRestrictions returns up to n of the bot's mutes for missing channels set since
// the cutoff, the longest unchecked first.
func (s *Store) DueRestrictions(since time.Time, n int) ([]*c.BotRestriction, error) {
	var recs []*core.Record
	err := s.app.RecordQuery(c.BotRestrictions).
		AndWhere(dbx.HashExp{c.FieldBotID: s.botID, c.FieldKind: c.RestrictionChannels}).
		AndWhere(dbx.NewExp(c.FieldCreated+" >= {:since}", dbx.Params{"since": since.UTC().Format(types.DefaultDateLayout)})).
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

// RestrictionChecked records a background re-check of the restriction, through the
// write queue.
func (s *Store) RestrictionChecked(r *c.BotRestriction, at time.Time) {
	s.Queue("re-check", func(db core.App) error {
		r.SetCheckedAt(at)
		return db.Save(r)
	})
}

// RestrictedIn returns the groups where the bot holds a restriction of the user
// (queued writes included): one read of the user's rows, not one per group.
func (s *Store) RestrictedIn(userID int64) ([]int64, error) {
	// The queued writes first: one saved after this read is in the table.
	p, queued := &s.own, map[int64]bool{}
	p.mu.Lock()
	for k, op := range p.m {
		if k.user == userID {
			queued[k.group] = op.kind != ""
		}
	}
	p.mu.Unlock()
	return s.userGroups(c.BotRestrictions, userID, queued)
}
