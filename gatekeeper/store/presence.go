package store

import (
	"slices"
	"sync"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
)

// The bot's record of where it has seen each user (bot_members): a channel leave is
// looked up only in the linked groups where the user was seen (issue 22), not in
// every group of the channel. Sightings are noted in memory at once and written in
// batches through the queue (one transaction for all the sightings queued while the
// previous write ran); a pair noted within presenceRefresh is not written again.

// presenceRefresh is how often a pair seen again is written again (its seen_at).
const presenceRefresh = time.Hour

// maxPresenceMemo bounds the pairs a bot remembers as written lately (100 bots: at most
// a million pairs, ~50 MB; forgetting one only costs its upsert again).
const maxPresenceMemo = 10_000

// presence holds the sightings not saved yet and the pairs written lately.
type presence struct {
	mu       sync.Mutex             // guards every field
	pending  map[memberKey]sighting // noted, not yet taken by a write
	inflight map[memberKey]sighting // taken by the write running now
	written  map[memberKey]int64    // unix seconds of the pair's last write as present
	queued   bool                   // a write is queued and has not taken pending yet
}

// sighting is one pending write: present (with when) or gone.
type sighting struct {
	present bool
	at      time.Time
}

// NotePresent records that the user is in the group (seen joining or writing there).
func (s *Store) NotePresent(groupID, userID int64, at time.Time) {
	k, p := memberKey{groupID, userID}, &s.seen
	p.mu.Lock()
	defer p.mu.Unlock()
	if last, ok := p.written[k]; ok && at.Unix()-last < int64(presenceRefresh/time.Second) {
		if cur, ok := p.pending[k]; !ok || cur.present {
			return
		}
	}
	if p.written == nil || len(p.written) >= maxPresenceMemo {
		p.written = map[memberKey]int64{}
	}
	p.written[k] = at.Unix()
	s.notePresenceLocked(k, sighting{present: true, at: at})
}

// NoteGone records that the user left the group (or was removed from it).
func (s *Store) NoteGone(groupID, userID int64) {
	k, p := memberKey{groupID, userID}, &s.seen
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.written, k)
	s.notePresenceLocked(k, sighting{})
}

// notePresenceLocked adds a sighting to the next write, queueing one if none is.
func (s *Store) notePresenceLocked(k memberKey, v sighting) {
	p := &s.seen
	if p.pending == nil {
		p.pending = map[memberKey]sighting{}
	}
	p.pending[k] = v
	if p.queued {
		return
	}
	p.queued = true
	var batch map[memberKey]sighting
	s.queueSaved("member sightings", func(db core.App) error {
		if batch == nil { // the first try takes what was noted until now
			p.mu.Lock()
			batch, p.pending, p.queued = p.pending, nil, false
			p.inflight = batch
			p.mu.Unlock()
		}
		return s.writePresence(db, batch)
	}, func() { // committed; writes run one batch at a time: no other sightings are in flight
		p.mu.Lock()
		p.inflight = nil
		p.mu.Unlock()
	})
}

// writePresence saves a batch of sightings in one transaction.
func (s *Store) writePresence(db core.App, batch map[memberKey]sighting) error {
	upsert := "INSERT INTO `" + c.BotMembers + "` (`id`, `" + c.FieldBotID + "`, `" + c.FieldGroupID + "`, `" +
		c.FieldUserID + "`, `" + c.FieldSeenAt + "`) VALUES ({:id}, {:bot}, {:group}, {:user}, {:at})" +
		" ON CONFLICT(`" + c.FieldBotID + "`, `" + c.FieldUserID + "`, `" + c.FieldGroupID + "`)" +
		" DO UPDATE SET `" + c.FieldSeenAt + "` = excluded.`" + c.FieldSeenAt + "`"
	return db.RunInTransaction(func(tx core.App) error {
		for k, v := range batch {
			var err error
			if v.present {
				_, err = tx.DB().NewQuery(upsert).Bind(dbx.Params{"id": core.GenerateDefaultRandomId(),
					"bot": s.botID, "group": k.group, "user": k.user, "at": c.DBTime(v.at)}).Execute()
			} else {
				_, err = tx.DB().Delete(c.BotMembers, dbx.HashExp{c.FieldBotID: s.botID,
					c.FieldUserID: k.user, c.FieldGroupID: k.group}).Execute()
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// SeenIn returns the groups where the bot has seen the user and not seen them leave,
// unsaved sightings included.
func (s *Store) SeenIn(userID int64) ([]int64, error) {
	// The unsaved sightings first: one saved after this read is in the table below.
	p, noted := &s.seen, map[int64]bool{}
	p.mu.Lock()
	for _, m := range []map[memberKey]sighting{p.inflight, p.pending} { // pending wins
		for k, v := range m {
			if k.user == userID {
				noted[k.group] = v.present
			}
		}
	}
	p.mu.Unlock()
	return s.userGroups(c.BotMembers, userID, noted)
}

// userGroups returns the groups with a row of the bot and the user in the collection,
// corrected by overlay (group → present or not; the overlay wins).
func (s *Store) userGroups(collection string, userID int64, overlay map[int64]bool) ([]int64, error) {
	var rows []struct {
		Group int64 `db:"group_id"`
	}
	err := s.app.DB().Select(c.FieldGroupID).From(collection).
		Where(dbx.HashExp{c.FieldBotID: s.botID, c.FieldUserID: userID}).All(&rows)
	if err != nil {
		return nil, err
	}
	var out []int64
	for _, r := range rows {
		if in, ok := overlay[r.Group]; !ok || in {
			out = append(out, r.Group)
		}
		delete(overlay, r.Group)
	}
	for g, in := range overlay {
		if in {
			out = append(out, g)
		}
	}
	slices.Sort(out)
	return out, nil
}

// PruneMembers deletes the bot's bot_members rows of users not seen since before.
func (s *Store) PruneMembers(before time.Time) (int64, error) {
	res, err := s.app.DB().Delete(c.BotMembers, dbx.And(dbx.HashExp{c.FieldBotID: s.botID},
		dbx.NewExp("`"+c.FieldSeenAt+"` < {:before}", dbx.Params{"before": c.DBTime(before)}))).Execute()
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
