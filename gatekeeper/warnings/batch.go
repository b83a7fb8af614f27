package warnings

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/nezuko/nezuko/gatekeeper/combine"
)

// maxBatchFails is how many sends or edits of a combined warning in a row may fail
// (429 beyond its retries, network) before the warner gives up on it.
const maxBatchFails = 5

// batch is one combined warning in a group.
type batch struct {
	id       int64 // in its button's callback data
	thread   int
	button   bool           // has "I have joined" (the users were muted, not kicked)
	members  []*warning     // the users it is still for, in arrival order
	ever     map[int64]bool // every user it was ever for: their button works on it
	ttl      time.Duration
	msgID    int // 0 = not sent (yet, or again after someone deleted it)
	sentAt   time.Time
	ver      int  // bumped when members change
	shownVer int  // ver of the text Telegram shows
	stuck    bool // Telegram refused an edit for good: no more edits, new users go to a new one
	fails    int  // failed sends or edits in a row
	gone     bool // deleted or expired
	gen      int  // bumped by every shown text: an older auto-delete no longer applies
	timerID  string
}

// batchOp is one send or edit of a combined warning, prepared under w.mu.
type batchOp struct {
	msgID    int // 0 = send a new message
	thread   int
	text     string
	markup   *models.InlineKeyboardMarkup
	ver      int
	included []*warning // the users the text is for
	named    []*warning // the users it names
}

// drop takes a user off the batch (they verified, were unmuted, or get a newer
// warning). The caller holds w.mu.
func (b *batch) drop(wn *warning) {
	if i := slices.Index(b.members, wn); i >= 0 {
		b.members = slices.Delete(b.members, i, i+1)
		b.ver++
	}
}

// unnamed reports whether some user of the batch was never named by it.
func (b *batch) unnamed() bool {
	return slices.ContainsFunc(b.members, func(m *warning) bool { return !m.named })
}

// due reports whether the worker has something to do for the batch.
func (b *batch) due() bool {
	switch {
	case b.gone:
		return false
	case b.msgID == 0:
		return len(b.members) > 0
	case len(b.members) == 0:
		return true // to delete
	}
	return !b.stuck && (b.ver != b.shownVer || b.unnamed())
}

// batchDue returns a combined warning the worker must send, edit or delete. The
// caller holds w.mu.
func (q *groupQueue) batchDue() *batch {
	for _, b := range q.batches {
		if b.due() {
			return b
		}
	}
	return nil
}

// emptyBatch takes a sent combined warning nobody is left on off the group's list,
// for the worker to delete. The caller holds w.mu.
func (q *groupQueue) emptyBatch() *batch {
	q.batches = slices.DeleteFunc(q.batches, func(b *batch) bool {
		if b.msgID == 0 && len(b.members) == 0 { // never shown: nothing to delete
			b.gone = true
			return true
		}
		return false
	})
	for i, b := range q.batches {
		if len(b.members) == 0 {
			q.batches = slices.Delete(q.batches, i, i+1)
			b.gone = true
			return b
		}
	}
	return nil
}

// burst reports whether the group is under a burst of warnings. The caller holds w.mu.
func (w *Warner) burst(q *groupQueue, now time.Time) bool {
	q.asked = since(q.asked, now, time.Minute)
	return !w.single && combine.Burst(len(q.asked), w.rate.PerMinute())
}

// combine picks the combined warning the worker sends or edits next, with its
// reserved slot: under a burst, the queued warnings that can be combined with the
// first one go into the group's open combined warning (or a new one); else a
// combined warning that is due. nil: send the first queued warning on its own.
// The caller holds w.mu.
func (w *Warner) combine(q *groupQueue, burst bool, now time.Time) *batch {
	if len(q.items) > 0 {
		head := q.items[0]
		if !burst || head.facts == nil {
			return nil
		}
		b := q.open(head.thread, head.facts.Button, now)
		if b == nil {
			w.lastBatch++
			b = &batch{id: w.lastBatch, thread: head.thread, button: head.facts.Button, ever: map[int64]bool{}, shownVer: -1}
			q.batches = append(q.batches, b)
		}
		q.items = slices.DeleteFunc(q.items, func(wn *warning) bool {
			if wn.state != warnQueued || wn.facts == nil || wn.thread != b.thread || wn.facts.Button != b.button {
				return wn.state == warnCancelled
			}
			wn.state, wn.batch = warnSending, b
			b.members = append(b.members, wn)
			b.ever[wn.userID] = true
			b.ttl = wn.ttl
			b.ver++
			return true
		})
		return b
	}
	return q.batchDue()
}

// open returns the group's combined warning new users of this kind join: the newest
// one that is still fresh (sent less than warningRefresh ago, or not sent yet).
func (q *groupQueue) open(thread int, button bool, now time.Time) *batch {
	for i := len(q.batches) - 1; i >= 0; i-- {
		b := q.batches[i]
		if b.thread != thread || b.button != button || b.gone || b.stuck {
			continue
		}
		if b.msgID == 0 || now.Sub(b.sentAt) < warningRefresh {
			return b
		}
	}
	return nil
}

// begin prepares the batch's next send or edit. The caller holds w.mu.
func (b *batch) begin() batchOp {
	text, markup, named := b.render()
	return batchOp{msgID: b.msgID, thread: b.thread, text: text, markup: markup, ver: b.ver,
		included: slices.Clone(b.members), named: named}
}

// runBatch sends or edits a combined warning and records the outcome.
func (w *Warner) runBatch(ctx context.Context, groupID int64, b *batch, op batchOp) {
	id, err := op.msgID, error(nil)
	if op.msgID == 0 {
		id, err = w.msgs.Send(ctx, groupID, op.thread, 0, op.text, op.markup)
	} else {
		err = w.msgs.Edit(ctx, groupID, op.msgID, op.text, op.markup)
		if err != nil && strings.Contains(err.Error(), "message is not modified") {
			err = nil
		}
	}
	now := time.Now()
	w.mu.Lock()
	switch {
	case b.gone: // expired meanwhile: whatever was sent goes too
		w.mu.Unlock()
		if err == nil && op.msgID == 0 {
			w.msgs.Delete(ctx, groupID, id)
		}
		return
	case err == nil:
		w.shown(b, op, id, now)
		gen, old, ttl := b.gen, b.timerID, b.ttl
		w.mu.Unlock()
		timer := w.msgs.DeleteAfter(groupID, id, ttl, func() bool { return w.expireBatch(groupID, b, gen) })
		w.msgs.TimerDone(old)
		w.mu.Lock()
		if b.gen == gen {
			b.timerID = timer
		}
		w.mu.Unlock()
		return
	case op.msgID != 0 && strings.Contains(err.Error(), "message to edit not found"):
		// Someone deleted it: users it had not shown yet get it again as a new
		// message; if it showed everyone already, it is over.
		fresh := slices.ContainsFunc(b.members, func(m *warning) bool { return m.state == warnSending })
		if fresh {
			b.msgID, b.sentAt, b.shownVer = 0, time.Time{}, -1
			b.gen++ // the old message's auto-delete no longer applies
		} else {
			w.endBatch(groupID, b)
		}
	case errors.Is(err, bot.ErrorBadRequest) || errors.Is(err, bot.ErrorForbidden):
		w.log.Warn("combined warning refused", "group_id", groupID, "users", len(op.included), "error", err)
		if op.msgID == 0 {
			w.endBatch(groupID, b) // like a single warning that could not be sent
		} else {
			b.stuck = true
		}
	default: // 429 beyond its retries, network: tried again at the next paced step, a few times
		w.log.Warn("combined warning not sent", "group_id", groupID, "users", len(op.included), "error", err)
		if b.fails++; b.fails >= maxBatchFails && op.msgID == 0 {
			w.endBatch(groupID, b)
		} else if b.fails >= maxBatchFails {
			b.stuck = true
		}
	}
	w.mu.Unlock()
}

// shown records that Telegram shows op's text as message id. The caller holds w.mu.
func (w *Warner) shown(b *batch, op batchOp, id int, now time.Time) {
	b.fails = 0
	if b.msgID == 0 {
		b.sentAt = now
	}
	b.msgID, b.shownVer = id, op.ver
	b.gen++
	for _, m := range op.included {
		if m.batch == b && m.state == warnSending {
			m.state, m.msgID, m.sentAt = warnSent, id, now
		}
	}
	for _, m := range op.named {
		m.named = true
	}
}

// endBatch forgets a combined warning and its users' warnings (they stay muted, as
// after a single warning that expired). The caller holds w.mu.
func (w *Warner) endBatch(groupID int64, b *batch) {
	b.gone = true
	for _, m := range b.members {
		if k := keyOf(groupID, m.userID); w.live[k] == m {
			delete(w.live, k)
		}
		m.state = warnCancelled
	}
	if q := w.groups[groupID]; q != nil {
		q.batches = slices.DeleteFunc(q.batches, func(x *batch) bool { return x == b })
	}
}

// expireBatch ends a combined warning whose time is up, unless it was shown again
// since (gen) or is gone already; true when its message should be deleted.
func (w *Warner) expireBatch(groupID int64, b *batch, gen int) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if b.gone || b.gen != gen {
		return false
	}
	w.endBatch(groupID, b)
	return true
}

// deleteBatch deletes the message of a combined warning nobody is left on.
func (w *Warner) deleteBatch(ctx context.Context, groupID int64, msgID int, timerID string) {
	w.msgs.Delete(ctx, groupID, msgID)
	w.msgs.TimerDone(timerID)
}

// Named reports whether the group's combined warning id is for the user: known is
// false when the warner has no record of it (sent before a restart, or over).
func (w *Warner) Named(groupID, id, userID int64) (known, named bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	q := w.groups[groupID]
	if q == nil {
		return false, false
	}
	for _, b := range q.batches {
		if b.id == id && !b.gone {
			return true, b.ever[userID]
		}
	}
	return false, false
}
