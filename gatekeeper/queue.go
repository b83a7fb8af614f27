package gatekeeper

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
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
	facts           *warnFacts // what it is about, for combining; nil = always its own message
	batch           *batch     // the combined warning it went into; nil = its own message
	named           bool       // a combined warning has mentioned the user by name
}

// warningRefresh is the age after which a live warning is replaced by a new one (it
// may have scrolled away, or an admin may have deleted it).
const warningRefresh = 5 * time.Minute

// groupQueue is a group's pending warnings and its sliding one-minute send window.
type groupQueue struct {
	items   []*warning
	running bool        // a worker is sending
	window  []time.Time // sends and edits in the last minute, oldest first
	asked   []time.Time // warnings asked for in the last minute (burst detection)
	lastOp  time.Time   // the worker's last send or edit (pacing under a burst)
	batches []*batch    // combined warnings to send or live, oldest first
}

// windowSlack keeps a slot taken a little longer than a minute: the engine reserves
// it before the call, Telegram counts it when the call arrives, a few ms later, so a
// slot freed exactly a minute on could still be over the limit there.
const windowSlack = time.Second

// reserve takes a send slot in the window now, or says how long to wait for one.
func (q *groupQueue) reserve(now time.Time, perMinute int) time.Duration {
	q.window = since(q.window, now, time.Minute+windowSlack)
	if len(q.window) >= perMinute {
		return q.window[len(q.window)-perMinute].Add(time.Minute + windowSlack).Sub(now)
	}
	q.window = append(q.window, now)
	return 0
}

// since drops the times older than d before now (times are oldest first).
func since(times []time.Time, now time.Time, d time.Duration) []time.Time {
	i := 0
	for i < len(times) && now.Sub(times[i]) >= d {
		i++
	}
	return times[i:]
}

// warner sends warnings: at most one live warning per user per group, at most
// rate_per_group_per_minute messages per group (later ones wait in the group's queue,
// where a user's newer warning replaces their queued one).
type warner struct {
	e *Engine

	mu        sync.Mutex // guards everything below
	live      map[memberKey]*warning
	groups    map[int64]*groupQueue
	perMinute int
	lost      int
	kick      chan struct{} // closed and replaced when perMinute changes: waits re-evaluate
	single    bool          // never combine (a test hook: the one-warning-per-user baseline)
	lastBatch int64         // id of the newest combined warning
}

func newWarner(e *Engine) *warner {
	// Combined warnings' ids start from the clock, so that a button of an earlier run
	// names none of this run's.
	return &warner{e: e, live: map[memberKey]*warning{}, groups: map[int64]*groupQueue{}, perMinute: 20,
		kick: make(chan struct{}), lastBatch: time.Now().UnixMilli()}
}

func (w *warner) setGroupRate(perMinute int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if perMinute = max(perMinute, 1); perMinute != w.perMinute {
		w.perMinute = perMinute
		close(w.kick)
		w.kick = make(chan struct{})
	}
}

// pause waits d, until the group rate changes, or until ctx ends.
func (w *warner) pause(ctx context.Context, d time.Duration, kick <-chan struct{}) error {
	w.e.ev.RateLimitWait(d)
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-kick:
	case <-ctx.Done():
		return ctx.Err()
	}
	return nil
}

func warnKey(groupID, userID int64) memberKey { return memberKey{user: userID, channel: groupID} }

// queue returns a group's queue. Callers hold w.mu.
func (w *warner) queue(groupID int64) *groupQueue {
	q := w.groups[groupID]
	if q == nil {
		q = &groupQueue{}
		w.groups[groupID] = q
	}
	return q
}

// warn queues a warning unless the user has one live already (younger than
// warningRefresh; an older one is deleted and replaced); a queued one is replaced. The caller holds a unit of engine work (enter), so the worker may start.
func (w *warner) warn(groupID, userID int64, text string, markup *models.InlineKeyboardMarkup, ttl time.Duration) {
	w.warnIn(groupID, userID, 0, text, markup, ttl, nil)
}

// warnIn is warn into a forum topic (thread; 0 = none); facts, when set, let the
// warning be combined with others under a burst.
func (w *warner) warnIn(groupID, userID int64, thread int, text string, markup *models.InlineKeyboardMarkup, ttl time.Duration, facts *warnFacts) {
	w.mu.Lock()
	k := warnKey(groupID, userID)
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
		w.e.deleteMessage(w.e.ctx, groupID, stale)
	}
}

// startLocked marks the group's worker running and reports whether the caller must
// start it (go w.work). The caller holds w.mu and a unit of engine work.
func (w *warner) startLocked(q *groupQueue) bool {
	if q.running {
		return false
	}
	q.running = true
	w.e.wg.Add(1)
	return true
}

// has reports whether the user has a queued or live warning in the group.
func (w *warner) has(groupID, userID int64) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.live[warnKey(groupID, userID)] != nil
}

// remove cancels the user's warning in the group and deletes it if it was sent;
// extraMsgID (the message a button was pressed on) is deleted too. A user of a
// combined warning is taken off its list: the worker edits it, or deletes it when
// nobody is left.
func (w *warner) remove(ctx context.Context, groupID, userID int64, extraMsgID int) {
	w.mu.Lock()
	k := warnKey(groupID, userID)
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
		w.e.deleteMessage(ctx, groupID, del)
	}
	if extraMsgID != 0 && extraMsgID != del {
		w.e.deleteMessage(ctx, groupID, extraMsgID)
	}
}

// work sends a group's queued warnings, waiting for its window, and keeps its
// combined warnings up to date, until nothing is left to do.
func (w *warner) work(groupID int64) {
	defer w.e.wg.Done()
	ctx := w.e.ctx
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
		burst := w.burst(q, now)
		if burst || len(q.items) == 0 { // combined warnings go out at an even pace
			if wait := q.lastOp.Add(time.Minute / time.Duration(w.perMinute)).Sub(now); wait > 0 {
				kick := w.kick
				w.mu.Unlock()
				_ = w.pause(ctx, wait, kick)
				continue
			}
		}
		if wait := q.reserve(now, w.perMinute); wait > 0 {
			kick := w.kick
			w.mu.Unlock()
			_ = w.pause(ctx, wait, kick)
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
func (w *warner) sendOne(ctx context.Context, groupID int64, wn *warning, text string, markup *models.InlineKeyboardMarkup, thread int) {
	id, err := w.e.sendIn(ctx, groupID, thread, wn.userID, text, markup)

	w.mu.Lock()
	k := warnKey(groupID, wn.userID)
	cancelled := wn.state == warnCancelled
	switch {
	case err != nil:
		if w.live[k] == wn {
			delete(w.live, k)
		}
		w.e.log.Warn("warning not sent", "group_id", groupID, "user_id", wn.userID, "error", err)
	case !cancelled:
		wn.state, wn.msgID, wn.sentAt = warnSent, id, time.Now()
	}
	w.mu.Unlock()
	switch {
	case err == nil && cancelled:
		w.e.deleteMessage(ctx, groupID, id)
	case err == nil: // the timer is stored in the database: not under w.mu
		w.e.deleteAfter(groupID, id, wn.ttl, func() bool { return w.expire(wn) })
	}
}

// waitSlot waits for a send slot in the group's window (replies and commands).
func (w *warner) waitSlot(ctx context.Context, groupID int64) error {
	for {
		w.mu.Lock()
		wait := w.queue(groupID).reserve(time.Now(), w.perMinute)
		kick := w.kick
		w.mu.Unlock()
		if wait <= 0 {
			return nil
		}
		if err := w.pause(ctx, wait, kick); err != nil {
			return err
		}
	}
}

// dropped reports the warnings Close could not send.
func (w *warner) dropped() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.lost == 0 {
		return nil
	}
	return fmt.Errorf("gatekeeper: %d queued warnings not sent at close", w.lost)
}

// send sends an HTML message into a chat and returns its id; userID is the person
// it is about (for api_call_log).
func (e *Engine) send(ctx context.Context, chatID, userID int64, text string, markup *models.InlineKeyboardMarkup) (int, error) {
	return e.sendIn(ctx, chatID, 0, userID, text, markup)
}

// sendIn is send into a forum topic (thread, the message_thread_id; 0 = none); when
// Telegram no longer knows the topic (deleted meanwhile), the message goes to General.
func (e *Engine) sendIn(ctx context.Context, chatID int64, thread int, userID int64, text string, markup *models.InlineKeyboardMarkup) (int, error) {
	b, err := e.api()
	if err != nil {
		return 0, err
	}
	p := &bot.SendMessageParams{ChatID: chatID, MessageThreadID: thread, Text: text, ParseMode: models.ParseModeHTML,
		LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: bot.True()}}
	if markup != nil {
		p.ReplyMarkup = markup
	}
	m, err := b.SendMessage(withCall(ctx, chatID, userID), p)
	if err != nil && thread != 0 && strings.Contains(err.Error(), "message thread not found") {
		p.MessageThreadID = 0 // the topic was deleted meanwhile: General rather than nothing
		m, err = b.SendMessage(withCall(ctx, chatID, userID), p)
	}
	if err != nil {
		return 0, err
	}
	return m.ID, nil
}

// expire forgets a sent warning whose time is up; false when it is gone already
// (the user verified, or a newer warning replaced it).
func (w *warner) expire(wn *warning) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if wn.state != warnSent {
		return false
	}
	wn.state = warnCancelled
	if k := warnKey(wn.groupID, wn.userID); w.live[k] == wn {
		delete(w.live, k)
	}
	return true
}
