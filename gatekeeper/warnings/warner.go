package warnings

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/nezuko/nezuko/telegram"
)

// States of a warning.
const (
	warnQueued    = iota // waiting for the group's message window
	warnSending          // being sent
	warnSent             // live in the group
	warnCancelled        // no longer wanted (the user verified, was unmuted, …)
)

// warning is one warning for one user in one group.
type warning struct {
	groupID, userID int64
	thread          int // forum topic to send into; 0 = General / no topic
	text            string
	markup          *models.InlineKeyboardMarkup
	ttl             time.Duration // auto-delete after sending; 0 = keep
	state           int
	msgID           int
	sentAt          time.Time
	facts           *Facts // what it is about, for combining; nil = always its own message
	batch           *batch // the combined warning it went into; nil = its own message
	named           bool   // a combined warning has mentioned the user by name
}

// warningRefresh is the age after which a live warning is replaced by a new one (it
// may have scrolled away, or an admin may have deleted it).
const warningRefresh = 5 * time.Minute

// groupQueue is a group's pending warnings and combined warnings; its send window
// is the engine's telegram.GroupLimiter.
type groupQueue struct {
	items   []*warning
	running bool        // a worker is sending
	asked   []time.Time // warnings asked for in the last minute (burst detection)
	lastOp  time.Time   // the worker's last send or edit (pacing under a burst)
	batches []*batch    // combined warnings to send or live, oldest first
}

// since drops the times older than d before now (times are oldest first).
func since(times []time.Time, now time.Time, d time.Duration) []time.Time {
	i := 0
	for i < len(times) && now.Sub(times[i]) >= d {
		i++
	}
	return times[i:]
}

// Messenger is what the warner does through the engine: send, edit and delete
// messages, and schedule or cancel their deletion.
type Messenger interface {
	// Send sends an HTML message into a chat (into a forum topic: thread; 0 = none)
	// and returns its id; userID is the person it is about (0 = several).
	Send(ctx context.Context, chatID int64, thread int, userID int64, text string, markup *models.InlineKeyboardMarkup) (int, error)
	// Edit replaces the text and buttons of a message of the bot's.
	Edit(ctx context.Context, chatID int64, msgID int, text string, markup *models.InlineKeyboardMarkup) error
	// Delete deletes a message.
	Delete(ctx context.Context, chatID int64, msgID int)
	// DeleteAfter deletes a message after d (never when d <= 0); ok, when set, runs
	// first and may call the deletion off. It returns the stored timer's id ("" when
	// none), so that a caller who reschedules the deletion can drop it (TimerDone).
	DeleteAfter(chatID int64, msgID int, d time.Duration, ok func() bool) string
	// TimerDone drops a stored timer ("" does nothing).
	TimerDone(id string)
}

// key is one user's warning in one group.
type key struct{ group, user int64 }

func keyOf(groupID, userID int64) key { return key{group: groupID, user: userID} }

// Warner sends warnings: at most one live warning per user per group, at most
// rate_per_group_per_minute messages per group (later ones wait in the group's queue,
// where a user's newer warning replaces their queued one).
type Warner struct {
	ctx  context.Context        // the engine's handling context: workers send with it
	wg   *sync.WaitGroup        // the engine's units of work: a running worker is one
	msgs Messenger              // the engine's messages
	rate *telegram.GroupLimiter // the per-group message window, shared with replies
	log  *slog.Logger

	mu        sync.Mutex // guards everything below
	live      map[key]*warning
	groups    map[int64]*groupQueue
	lost      int
	single    bool  // never combine (a test hook: the one-warning-per-user baseline)
	lastBatch int64 // id of the newest combined warning
}

// New builds the warner of an engine from what it uses of it: the handling
// context, the work group Close waits for, its messages, the group window and log.
func New(ctx context.Context, wg *sync.WaitGroup, msgs Messenger, rate *telegram.GroupLimiter, log *slog.Logger) *Warner {
	// Combined warnings' ids start from the clock, so that a button of an earlier run
	// names none of this run's.
	return &Warner{ctx: ctx, wg: wg, msgs: msgs, rate: rate, log: log, live: map[key]*warning{},
		groups: map[int64]*groupQueue{}, lastBatch: time.Now().UnixMilli()}
}

// queue returns a group's queue. Callers hold w.mu.
func (w *Warner) queue(groupID int64) *groupQueue {
	q := w.groups[groupID]
	if q == nil {
		q = &groupQueue{}
		w.groups[groupID] = q
	}
	return q
}

// Warn queues a warning unless the user has one live already (younger than
// warningRefresh; an older one is deleted and replaced); a queued one is replaced.
// thread is the forum topic to send into (0 = none); facts, when set, let the
// warning be combined with others under a burst. The caller holds a unit of engine
// work (wg), so the worker may start.
func (w *Warner) Warn(groupID, userID int64, thread int, text string, markup *models.InlineKeyboardMarkup, ttl time.Duration, facts *Facts) {
	w.mu.Lock()
	k := keyOf(groupID, userID)
	stale := 0
	if cur := w.live[k]; cur != nil {
		if cur.state == warnSent && time.Since(cur.sentAt) > warningRefresh {
			if cur.batch != nil {
				cur.batch.drop(cur) // its combined warning is edited or deleted by the worker
			} else {
				stale = cur.msgID
			}
			cur.state = warnCancelled
		} else {
			if cur.state == warnQueued {
				cur.text, cur.markup, cur.ttl, cur.thread, cur.facts = text, markup, ttl, thread, facts
			}
			w.mu.Unlock()
			return
		}
	}
	wn := &warning{groupID: groupID, userID: userID, thread: thread, text: text, markup: markup, ttl: ttl, facts: facts}
	w.live[k] = wn
	q := w.queue(groupID)
	q.items = append(q.items, wn)
	q.asked = append(since(q.asked, time.Now(), time.Minute), time.Now())
	start := w.startLocked(q)
	w.mu.Unlock()
	if start {
		go w.work(groupID)
	}
	if stale != 0 {
		w.msgs.Delete(w.ctx, groupID, stale)
	}
}

// startLocked marks the group's worker running and reports whether the caller must
// start it (go w.work). The caller holds w.mu and a unit of engine work.
func (w *Warner) startLocked(q *groupQueue) bool {
	if q.running {
		return false
	}
	q.running = true
	w.wg.Add(1)
	return true
}

// Remove cancels the user's warning in the group and deletes it if it was sent;
// extraMsgID (the message a button was pressed on) is deleted too. A user of a
// combined warning is taken off its list: the worker edits it, or deletes it when
// nobody is left.
func (w *Warner) Remove(ctx context.Context, groupID, userID int64, extraMsgID int) {
	w.mu.Lock()
	k := keyOf(groupID, userID)
	wn := w.live[k]
	delete(w.live, k)
	del, start := 0, false
	if wn != nil {
		switch {
		case wn.batch != nil:
			wn.batch.drop(wn)
			start = w.startLocked(w.queue(groupID))
		case wn.state == warnSent:
			del = wn.msgID
		}
		wn.state = warnCancelled
	}
	w.mu.Unlock()
	if start {
		go w.work(groupID)
	}
	if del != 0 {
		w.msgs.Delete(ctx, groupID, del)
	}
	if extraMsgID != 0 && extraMsgID != del {
		w.msgs.Delete(ctx, groupID, extraMsgID)
	}
}

// work sends a group's queued warnings, waiting for its window, and keeps its
// combined warnings up to date, until nothing is left to do.
func (w *Warner) work(groupID int64) {
	defer w.wg.Done()
	ctx := w.ctx
	for {
		w.mu.Lock()
		q := w.groups[groupID]
		for len(q.items) > 0 && q.items[0].state == warnCancelled {
			q.items = q.items[1:]
		}
		if ctx.Err() != nil || (len(q.items) == 0 && q.batchDue() == nil) {
			w.lost += len(q.items)
			for _, b := range q.batches {
				if b.msgID == 0 && !b.gone {
					w.lost += len(b.members) // combined, never shown
				}
			}
			q.items, q.running = nil, false
			w.mu.Unlock()
			return
		}
		if b := q.emptyBatch(); b != nil { // nobody left on it: deleted, no slot needed
			msgID, timerID := b.msgID, b.timerID
			w.mu.Unlock()
			w.deleteBatch(ctx, groupID, msgID, timerID)
			continue
		}
		now := time.Now()
		perMinute, changed := w.rate.Rate()
		burst := w.burst(q, now)
		if burst || len(q.items) == 0 { // combined warnings go out at an even pace
			if wait := q.lastOp.Add(time.Minute / time.Duration(perMinute)).Sub(now); wait > 0 {
				w.mu.Unlock()
				_ = w.rate.Pause(ctx, wait, changed)
				continue
			}
		}
		if wait, changed := w.rate.Reserve(groupID, now); wait > 0 {
			w.mu.Unlock()
			_ = w.rate.Pause(ctx, wait, changed)
			continue
		}
		q.lastOp = now
		if b := w.combine(q, burst, now); b != nil {
			op := b.begin()
			w.mu.Unlock()
			w.runBatch(ctx, groupID, b, op)
			continue
		}
		wn := q.items[0]
		q.items = q.items[1:]
		wn.state = warnSending
		text, markup, thread := wn.text, wn.markup, wn.thread
		w.mu.Unlock()
		w.sendOne(ctx, groupID, wn, text, markup, thread)
	}
}

// sendOne sends a warning as its own message.
func (w *Warner) sendOne(ctx context.Context, groupID int64, wn *warning, text string, markup *models.InlineKeyboardMarkup, thread int) {
	id, err := w.msgs.Send(ctx, groupID, thread, wn.userID, text, markup)

	w.mu.Lock()
	k := keyOf(groupID, wn.userID)
	cancelled := wn.state == warnCancelled
	switch {
	case err != nil:
		if w.live[k] == wn {
			delete(w.live, k)
		}
		w.log.Warn("warning not sent", "group_id", groupID, "user_id", wn.userID, "error", err)
	case !cancelled:
		wn.state, wn.msgID, wn.sentAt = warnSent, id, time.Now()
	}
	w.mu.Unlock()
	switch {
	case err == nil && cancelled:
		w.msgs.Delete(ctx, groupID, id)
	case err == nil: // the timer is stored in the database: not under w.mu
		w.msgs.DeleteAfter(groupID, id, wn.ttl, func() bool { return w.expire(wn) })
	}
}

// Dropped reports the warnings that were queued when the context ended (Close
// could not send them).
func (w *Warner) Dropped() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.lost == 0 {
		return nil
	}
	return fmt.Errorf("gatekeeper: %d queued warnings not sent at close", w.lost)
}

// expire forgets a sent warning whose time is up; false when it is gone already
// (the user verified, or a newer warning replaced it).
func (w *Warner) expire(wn *warning) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if wn.state != warnSent {
		return false
	}
	wn.state = warnCancelled
	if k := keyOf(wn.groupID, wn.userID); w.live[k] == wn {
		delete(w.live, k)
	}
	return true
}
