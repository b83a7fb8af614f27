package store

import (
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
)

// AddTimer stores a timed action in bot_timers through the write queue and returns
// its id (known now, saved later): one INSERT, without PocketBase's record save (no
// hook reads bot_timers), since every warning sent stores one.
func (s *Store) AddTimer(kind string, chatID, userID int64, msgID int, due time.Time) string {
	id, now := core.GenerateDefaultRandomId(), c.DBTime(time.Now())
	q := "INSERT INTO `" + c.BotTimers + "` (`" + c.FieldID + "`, `" + c.FieldBotID + "`, `" + c.FieldKind + "`, `" +
		c.FieldChatID + "`, `" + c.FieldUserID + "`, `" + c.FieldMessageID + "`, `" + c.FieldDueAt + "`, `" +
		c.FieldCreated + "`, `" + c.FieldUpdated + "`) VALUES ({:id}, {:bot}, {:kind}, {:chat}, {:user}, {:msg}, {:due}, {:now}, {:now})"
	params := dbx.Params{"id": id, "bot": s.botID, "kind": kind, "chat": chatID, "user": userID, "msg": msgID,
		"due": c.DBTime(due), "now": now}
	s.Queue("timer", func(db core.App) error {
		_, err := db.DB().NewQuery(q).Bind(params).Execute()
		return err
	})
	return id
}

// DropTimer drops a timer that ran or is no longer wanted, through the write queue
// (after its save); "" is none.
func (s *Store) DropTimer(id string) {
	if id == "" {
		return
	}
	s.Queue("timer", func(db core.App) error {
		_, err := db.DB().Delete(c.BotTimers, dbx.HashExp{c.FieldID: id}).Execute()
		return err
	})
}

// Timers returns the bot's stored timers, soonest due first.
func (s *Store) Timers() ([]*c.BotTimer, error) {
	var recs []*core.Record
	err := s.app.RecordQuery(c.BotTimers).AndWhere(dbx.HashExp{c.FieldBotID: s.botID}).
		OrderBy(c.FieldDueAt + " ASC").All(&recs)
	if err != nil {
		return nil, err
	}
	out := make([]*c.BotTimer, len(recs))
	for i, r := range recs {
		out[i] = c.Wrap(&c.BotTimer{}, r)
	}
	return out, nil
}
