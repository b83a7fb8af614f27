package gatekeeper

import (
	"time"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper/joinrequests"
	"github.com/nezuko/nezuko/gatekeeper/timers"
)

// queuedTimers is the timers.Store of the engine: bot_timers rows written through
// the store's write queue.
type queuedTimers struct{ e *Engine }

func (q queuedTimers) Add(kind string, chatID, userID int64, msgID int, due time.Time) string {
	return q.e.addTimer(kind, chatID, userID, msgID, due)
}

func (q queuedTimers) Done(id string) { q.e.timerDone(id) }

// newDeletions builds the engine's timed message deletions.
func newDeletions(e *Engine) *timers.Deletions {
	return timers.New(timers.Config{Store: queuedTimers{e}, Now: e.now, Enter: e.enter, Leave: e.leave,
		Delete: func(chatID int64, msgID int) { e.deleteMessage(e.ctx, chatID, msgID) }})
}

// addTimer stores a timer through the write queue (a failed write is logged there)
// and returns its id.
func (e *Engine) addTimer(kind string, chatID, userID int64, msgID int, due time.Time) string {
	return e.store.AddTimer(kind, chatID, userID, msgID, due)
}

// timerDone drops a stored timer through the write queue (after its save).
func (e *Engine) timerDone(id string) { e.store.DropTimer(id) }

// deleteAfter deletes a message after d (never when d <= 0). ok, when set, runs first
// and may call the deletion off. The due time is stored in bot_timers: a deletion due
// while the engine is closed runs at the next start.
func (e *Engine) deleteAfter(chatID int64, msgID int, d time.Duration, ok func() bool) {
	e.deletions.After(chatID, msgID, d, ok)
}

// restoreTimers reschedules the timers stored by an earlier run of this bot: message
// deletions (overdue ones at once) and pending join requests (declined by the sweep
// once 24 h old).
func (e *Engine) restoreTimers() {
	stored, err := e.store.Timers()
	if err != nil {
		e.log.Error("timers not read", "error", err)
		return
	}
	for _, t := range stored {
		id, chatID, msgID, due := t.Id, t.ChatID(), t.MessageID(), t.DueAt().Time()
		switch t.Kind() {
		case c.TimerDeleteMessage:
			e.deletions.Resume(id, chatID, msgID, due)
		case c.TimerDeclineRequest:
			p := &joinrequests.Request{GroupID: chatID, UserID: t.UserID(), ChatID: t.UserID(), MsgID: msgID,
				At: due.Add(-joinrequests.TTL), TimerID: id}
			if old := e.joinReqs.Put(p); old != nil {
				e.timerDone(old.TimerID)
			}
		}
	}
}
