package store

import (
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
)

// AddTimer stores a timed action in bot_timers through the write queue and returns
// its id; an error means it cannot be stored (it then runs in memory only).
func (s *Store) AddTimer(kind string, chatID, userID int64, msgID int, due time.Time) (string, error) {
	rec, err := c.NewBotTimer(s.app, s.botID, kind, chatID, userID, msgID, due)
	if err != nil {
		return "", err
	}
	rec.Id = core.GenerateDefaultRandomId() // known now, saved later
	s.Queue("timer", func() error { return s.app.Save(rec) })
	return rec.Id, nil
}

// DropTimer drops a timer that ran or is no longer wanted, through the write queue
// (after its save); "" is none.
func (s *Store) DropTimer(id string) {
	if id == "" {
		return
	}
	s.Queue("timer", func() error {
		_, err := s.app.DB().Delete(c.BotTimers, dbx.HashExp{c.FieldID: id}).Execute()
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
