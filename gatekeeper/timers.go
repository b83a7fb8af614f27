package gatekeeper

import (
	"strings"
	"sync"
	"time"

	c "github.com/nezuko/nezuko/collections"
)

// timerStore keeps the bot's pending timed actions (message auto-deletions,
// join-request declines; stored in bot_timers by the store, so a restart still runs
// them). It also
// remembers which messages the engine deleted, so none is deleted twice (a warning
// removed on verification, then pressed again or due for its auto-deletion).
type timerStore struct {
	mu      sync.Mutex          // guards pending, deleted, order
	pending map[msgRef]string   // scheduled deletions: message → stored timer id ("" = not stored)
	deleted map[msgRef]delState // messages being deleted or deleted
	order   []msgRef            // deleted, oldest first (at most deletedCap)
}

// msgRef names a message.
type msgRef struct {
	chat int64
	msg  int
}

// delState is where a message's deletion stands.
type delState uint8

const (
	delRunning delState = iota + 1 // a deleteMessage call is under way
	delDone                        // deleted (or found gone)
)

// deletedCap bounds the remembered deletions (message ids only grow within a chat, and
// a double delete comes within a warning's lifetime).
const deletedCap = 8192

// schedule records a pending deletion and its stored timer.
func (t *timerStore) schedule(ref msgRef, id string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.pending == nil {
		t.pending = map[msgRef]string{}
	}
	t.pending[ref] = id
}

// due takes the pending deletion of ref when it is still the timer id's: false when the
// message was deleted another way meanwhile (its stored timer dropped with it).
func (t *timerStore) due(ref msgRef, id string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	cur, ok := t.pending[ref]
	if !ok || cur != id {
		return false
	}
	delete(t.pending, ref)
	return true
}

// begin claims the deletion of a message: false when it is deleted or being deleted.
func (t *timerStore) begin(ref msgRef) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.deleted == nil {
		t.deleted = map[msgRef]delState{}
	}
	if t.deleted[ref] != 0 {
		return false
	}
	t.deleted[ref] = delRunning
	return true
}

// finish ends a claimed deletion: gone (deleted, or Telegram no longer has it) is
// remembered and its pending timer, if any, returned to be dropped; else a later
// attempt may try again.
func (t *timerStore) finish(ref msgRef, gone bool) (timerID string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !gone {
		delete(t.deleted, ref)
		return ""
	}
	t.deleted[ref] = delDone
	t.order = append(t.order, ref)
	if len(t.order) > deletedCap {
		delete(t.deleted, t.order[0])
		t.order = t.order[1:]
	}
	timerID = t.pending[ref]
	delete(t.pending, ref)
	return timerID
}

// addTimer stores a timer through the write queue and returns its id ("" when it
// cannot be stored: it then runs in memory only).
func (e *Engine) addTimer(kind string, chatID, userID int64, msgID int, due time.Time) string {
	id, err := e.store.AddTimer(kind, chatID, userID, msgID, due)
	if err != nil {
		e.log.Warn("timer not stored; a restart before it is due loses it", "kind", kind, "chat_id", chatID, "error", err)
	}
	return id
}

// timerDone drops a stored timer through the write queue (after its save).
func (e *Engine) timerDone(id string) { e.store.DropTimer(id) }

// deleteAfter deletes a message after d (never when d <= 0). ok, when set, runs first
// and may call the deletion off. The due time is stored in bot_timers: a deletion due
// while the engine is closed runs at the next start.
func (e *Engine) deleteAfter(chatID int64, msgID int, d time.Duration, ok func() bool) {
	e.deleteAfterTimer(chatID, msgID, d, ok)
}

// deleteAfterTimer is deleteAfter returning the stored timer's id ("" when none), so
// that a caller who reschedules the deletion can drop it (timerDone).
func (e *Engine) deleteAfterTimer(chatID int64, msgID int, d time.Duration, ok func() bool) string {
	if d <= 0 || msgID == 0 {
		return ""
	}
	id := e.addTimer(c.TimerDeleteMessage, chatID, 0, msgID, e.now().Add(d))
	e.timers.schedule(msgRef{chatID, msgID}, id)
	time.AfterFunc(d, func() { e.fireDelete(id, chatID, msgID, ok) })
	return id
}

// fireDelete runs a message deletion that is due; after Close it is left stored. A
// message the engine deleted meanwhile (a verified user's warning) is not deleted
// again: its stored timer went with it.
func (e *Engine) fireDelete(id string, chatID int64, msgID int, ok func() bool) {
	if !e.enter() {
		return
	}
	defer e.leave()
	if !e.timers.due(msgRef{chatID, msgID}, id) {
		e.timerDone(id) // dropped with the deletion already, or replaced: no row left behind
		return
	}
	if ok == nil || ok() {
		e.deleteMessage(e.ctx, chatID, msgID)
	}
	e.timerDone(id)
}

// deleteOnce deletes a message unless the engine deleted it already (or is deleting
// it), and drops its pending auto-deletion once it is gone. del makes the call.
func (e *Engine) deleteOnce(chatID int64, msgID int, del func() error) {
	ref := msgRef{chatID, msgID}
	if !e.timers.begin(ref) {
		return
	}
	err := del()
	// "message to delete not found": someone deleted it first; it is gone all the same.
	gone := err == nil || strings.Contains(err.Error(), "message to delete not found")
	e.timerDone(e.timers.finish(ref, gone))
}

// restoreTimers reschedules the timers stored by an earlier run of this bot: message
// deletions (overdue ones at once) and pending join requests (declined by the sweep
// once 24 h old).
func (e *Engine) restoreTimers() {
	timers, err := e.store.Timers()
	if err != nil {
		e.log.Error("timers not read", "error", err)
		return
	}
	now := e.now()
	for _, t := range timers {
		id, chatID, msgID, due := t.Id, t.ChatID(), t.MessageID(), t.DueAt().Time()
		switch t.Kind() {
		case c.TimerDeleteMessage:
			e.timers.schedule(msgRef{chatID, msgID}, id)
			time.AfterFunc(max(due.Sub(now), 0), func() { e.fireDelete(id, chatID, msgID, nil) })
		case c.TimerDeclineRequest:
			p := &pendingRequest{groupID: chatID, userID: t.UserID(), chatID: t.UserID(), msgID: msgID,
				at: due.Add(-requestTTL), timerID: id}
			if old := e.joinReqs.put(p); old != nil {
				e.timerDone(old.timerID)
			}
		}
	}
}
