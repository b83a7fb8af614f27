// Package timers owns the bot's timed message deletions: scheduling them durably
// (through a Store, so a restart still runs them), firing each once, and deleting a
// message at most once.
//
// A message is deleted at most once: a warning removed when its user verifies takes
// its stored auto-deletion with it, and a press on it that arrives afterwards does
// not delete it again. A deletion due while the engine is closed stays stored and
// runs at the next start (Resume; overdue ones at once).
//
//	d := timers.New(timers.Config{Store: s, Now: time.Now, Enter: enter, Leave: leave, Delete: del})
//	id := d.After(chatID, msgID, ttl, nil)
package timers

import (
	"strings"
	"sync"
	"time"

	c "github.com/nezuko/nezuko/collections"
)

// Store keeps timers across restarts (bot_timers); the engine's store satisfies it.
type Store interface {
	// Add stores a timer and returns its id ("" when it cannot be stored: it then
	// runs in memory only).
	Add(kind string, chatID, userID int64, msgID int, due time.Time) string
	// Done drops a stored timer that ran or is no longer wanted ("" does nothing).
	Done(id string)
}

// Config is what Deletions needs; every field is required.
type Config struct {
	Store Store
	Now   func() time.Time
	// Enter begins a unit of the engine's work (false once it is closed: the due
	// deletion is left stored for the next start); Leave ends it.
	Enter func() bool
	Leave func()
	// Delete deletes a message that is due (normally through Once).
	Delete func(chatID int64, msgID int)
}

// Deletions schedules message deletions and remembers which messages were deleted,
// so none is deleted twice (a warning removed on verification, then pressed again or
// due for its auto-deletion).
type Deletions struct {
	cfg Config

	mu      sync.Mutex          // guards pending, deleted, order
	pending map[msgRef]string   // scheduled deletions: message → stored timer id ("" = not stored)
	deleted map[msgRef]delState // messages being deleted or deleted
	order   []msgRef            // deleted, oldest first (at most deletedCap)
}

// New returns Deletions with nothing scheduled.
func New(cfg Config) *Deletions {
	return &Deletions{cfg: cfg, pending: map[msgRef]string{}, deleted: map[msgRef]delState{}}
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

// After deletes a message after d (never when d <= 0 or msgID is 0) and returns the
// stored timer's id ("" when none), so that a caller who reschedules the deletion
// can drop it (Store.Done). ok, when set, runs first and may call the deletion off.
func (d *Deletions) After(chatID int64, msgID int, dur time.Duration, ok func() bool) string {
	if dur <= 0 || msgID == 0 {
		return ""
	}
	id := d.cfg.Store.Add(c.TimerDeleteMessage, chatID, 0, msgID, d.cfg.Now().Add(dur))
	d.schedule(msgRef{chatID, msgID}, id)
	time.AfterFunc(dur, func() { d.fire(id, chatID, msgID, ok) })
	return id
}

// Resume reschedules a deletion stored by an earlier run (id), at once when overdue.
func (d *Deletions) Resume(id string, chatID int64, msgID int, due time.Time) {
	d.schedule(msgRef{chatID, msgID}, id)
	time.AfterFunc(max(due.Sub(d.cfg.Now()), 0), func() { d.fire(id, chatID, msgID, nil) })
}

// schedule records a pending deletion and its stored timer.
func (d *Deletions) schedule(ref msgRef, id string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.pending[ref] = id
}

// fire runs a message deletion that is due; after Close it is left stored. A
// message deleted meanwhile (a verified user's warning) is not deleted again: its
// stored timer went with it.
func (d *Deletions) fire(id string, chatID int64, msgID int, ok func() bool) {
	if !d.cfg.Enter() {
		return
	}
	defer d.cfg.Leave()
	if !d.due(msgRef{chatID, msgID}, id) {
		d.cfg.Store.Done(id) // dropped with the deletion already, or replaced: no row left behind
		return
	}
	if ok == nil || ok() {
		d.cfg.Delete(chatID, msgID)
	}
	d.cfg.Store.Done(id)
}

// due takes the pending deletion of ref when it is still the timer id's: false when the
// message was deleted another way meanwhile (its stored timer dropped with it).
func (d *Deletions) due(ref msgRef, id string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	cur, ok := d.pending[ref]
	if !ok || cur != id {
		return false
	}
	delete(d.pending, ref)
	return true
}

// Once deletes a message unless it was deleted already (or is being deleted), and
// drops its pending auto-deletion once it is gone. del makes the call; "message to
// delete not found" means someone deleted it first: it is gone all the same.
func (d *Deletions) Once(chatID int64, msgID int, del func() error) {
	ref := msgRef{chatID, msgID}
	if !d.begin(ref) {
		return
	}
	err := del()
	gone := err == nil || strings.Contains(err.Error(), "message to delete not found")
	d.cfg.Store.Done(d.finish(ref, gone))
}

// begin claims the deletion of a message: false when it is deleted or being deleted.
func (d *Deletions) begin(ref msgRef) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.deleted[ref] != 0 {
		return false
	}
	d.deleted[ref] = delRunning
	return true
}

// finish ends a claimed deletion: gone (deleted, or Telegram no longer has it) is
// remembered and its pending timer, if any, returned to be dropped; else a later
// attempt may try again.
func (d *Deletions) finish(ref msgRef, gone bool) (timerID string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if !gone {
		delete(d.deleted, ref)
		return ""
	}
	d.deleted[ref] = delDone
	d.order = append(d.order, ref)
	if len(d.order) > deletedCap {
		delete(d.deleted, d.order[0])
		d.order = d.order[1:]
	}
	timerID = d.pending[ref]
	delete(d.pending, ref)
	return timerID
}
