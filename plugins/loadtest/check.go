package loadtest

import (
	"fmt"
	"slices"
	"time"

	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
)

// maxExamples bounds the failure lines of one kind of discrepancy.
const maxExamples = 5

// tally counts and reports discrepancies of one kind of effect.
type tally struct {
	r        *Result
	what     string
	examples int
}

// compare records want vs got for one key: fewer is dropped, more is duplicated.
func (t *tally) compare(key string, want, got int) {
	if want == got {
		return
	}
	if got < want {
		t.r.Dropped += want - got
	} else {
		t.r.Duplicates += got - want
	}
	if t.examples < maxExamples {
		t.r.fail("%s %s: want %d, got %d", t.what, key, want, got)
	}
	t.examples++
}

// check compares everything the fake and the database saw with what the actions
// must lead to, exactly once each.
func (r *runner) check(s *seen, res *Result) {
	wantRows := map[rowKey]int{}
	wantMutes, wantUnmutes := map[pair]int{}, map[pair]int{}
	wantAnswers, wantDeletes := map[string]int{}, map[pair]int{}
	for _, a := range r.d.actions {
		for _, k := range a.expectedRows() {
			wantRows[k]++
		}
		k := pair{a.group.chat.ID, a.user.ID}
		wantMutes[k] += a.mutes()
		wantUnmutes[k] += a.unmutes()
		if a.kind.isPress() {
			wantAnswers[a.queryID]++
		}
		if a.kind == msgRestricted {
			wantDeletes[pair{a.group.chat.ID, int64(a.msgID)}]++
		}
		if a.decides() {
			res.Decisions++
		}
	}
	rows := &tally{r: res, what: "verification rows"}
	budget := r.recheckBudget()
	for k, n := range wantRows {
		got := s.rows[k]
		if extra := got - n; extra > 0 && r.sweepable(k, wantMutes) && extra <= budget {
			budget -= extra // the re-check of a user the load muted, not a second decision
			res.Rechecks += extra
			continue
		}
		rows.compare(fmt.Sprintf("(group %d, user %d, channel %d, %s)", k.group, k.user, k.channel, k.status), n, got)
	}
	for k, n := range s.rows {
		if _, ok := wantRows[k]; !ok {
			rows.compare(fmt.Sprintf("(group %d, user %d, channel %d, %s)", k.group, k.user, k.channel, k.status), 0, n)
		}
	}
	comparePairs(&tally{r: res, what: "mutes of"}, wantMutes, s.mutes)
	comparePairs(&tally{r: res, what: "unmutes of"}, wantUnmutes, s.unmutes)
	answers := &tally{r: res, what: "answers to callback query"}
	for id, n := range wantAnswers {
		answers.compare(id, n, len(s.answers[id]))
	}
	for id, ts := range s.answers {
		if _, ok := wantAnswers[id]; !ok {
			answers.compare(id, 0, len(ts))
		}
	}
	deletes := &tally{r: res, what: "deletions of the message"}
	for k, n := range wantDeletes {
		deletes.compare(fmt.Sprintf("(chat %d, message %d)", k.chat, k.id), n, s.deletes[k])
	}
	if s.bans > 0 {
		res.Duplicates += s.bans
		res.fail("%d banChatMember calls, none expected (the groups mute)", s.bans)
	}
	for i, call := range s.failed {
		if i == maxExamples {
			res.fail("… %d failed Bot API calls in all", len(s.failed))
			break
		}
		res.fail("a Bot API call failed: %s %d %s", call.Method, call.ErrorCode, call.Description)
	}
	r.checkUpdates(s, res)
	res.Rows = 0
	for _, n := range s.rows {
		res.Rows += n
	}
}

// comparePairs compares counts per (group, user) with the recorded calls.
func comparePairs(t *tally, want map[pair]int, got map[pair][]time.Time) {
	for k, n := range want {
		t.compare(fmt.Sprintf("(group %d, user %d)", k.chat, k.id), n, len(got[k]))
	}
	for k, ts := range got {
		if _, ok := want[k]; !ok {
			t.compare(fmt.Sprintf("(group %d, user %d)", k.chat, k.id), 0, len(ts))
		}
	}
}

// checkUpdates: every update the fake made was fetched once (ids without gaps,
// nothing pending), and each bot's stored offset is its last update.
func (r *runner) checkUpdates(s *seen, res *Result) {
	for _, b := range r.w.bots {
		ids := slices.Clone(s.updates[b.tg.ID])
		slices.Sort(ids)
		uniq := slices.Compact(slices.Clone(ids))
		res.Refetched += len(ids) - len(uniq)
		res.Delivered += len(uniq)
		if n := r.tg.Pending(b.tg.ID); n > 0 {
			res.Dropped += n
			res.fail("bot %s: %d updates never fetched", b.tg.Username, n)
		}
		if len(uniq) == 0 {
			res.fail("bot %s fetched no update", b.tg.Username)
			continue
		}
		if gaps := int(uniq[len(uniq)-1]-uniq[0]+1) - len(uniq); gaps > 0 {
			res.Dropped += gaps
			res.fail("bot %s: %d update ids missing between %d and %d", b.tg.Username, gaps, uniq[0], uniq[len(uniq)-1])
		}
		if off, last := s.offsets[b.tg.ID], uniq[len(uniq)-1]; off != last {
			res.fail("bot %s: bot_offsets.last_update_id %d, last update %d", b.tg.Username, off, last)
		}
	}
	if res.Refetched > 0 {
		res.fail("%d updates fetched more than once", res.Refetched)
	}
	made := res.SetupUpdates + res.BurstUpdates + res.SustainedUpdates
	if res.Delivered < made {
		res.Dropped += made - res.Delivered
		res.fail("%d updates made by users, only %d delivered", made, res.Delivered)
	}
}

// countRows fills the api_call_log row count and fails on ERROR admin logs.
func countRows(app core.App, res *Result) {
	if n, err := app.CountRecords(c.APICallLog); err == nil {
		res.APICallRows = int(n)
	}
	var errs []struct {
		Message string `db:"message"`
	}
	_ = app.DB().NewQuery(fmt.Sprintf("SELECT [[%s]] AS message FROM {{%s}} WHERE [[%s]] IN ({:e}, {:c}) LIMIT %d",
		c.FieldMessage, c.AdminLogs, c.FieldLevel, maxExamples)).
		Bind(map[string]any{"e": c.LevelError, "c": c.LevelCritical}).All(&errs)
	for _, e := range errs {
		res.fail("admin_logs error: %s", e.Message)
	}
}

// Re-checks: every minute each bot re-checks up to gatekeeperRecheckBatch of the mutes
// it set (gatekeeper: chat_member updates are not promised for every channel member),
// and logs those checks like any other. The load's actions do not make them, so extra
// rows a sweep can explain (sweepable) count as re-checks, up to what the bots can
// have swept in the run: batch × bots × minutes begun × channels per group.
const (
	gatekeeperRecheckBatch = 3
	maxChannelsPerGroup    = 2
)

// sweepable reports whether extra rows of k can be the sweep's re-check: rows of a
// user the load muted (the sweep checks every channel of the group: "restricted" for
// one still missing, "verified" for the others, or for all of them when the user
// joined silently before pressing and the sweep reached the mute before the queued
// press; the press then finds nothing to lift, so unmutes stay exact).
func (r *runner) sweepable(k rowKey, wantMutes map[pair]int) bool {
	return wantMutes[pair{k.group, k.user}] > 0 && (k.status == c.Restricted || k.status == c.Verified)
}

// recheckBudget is the most re-check rows the run's bots can have written.
func (r *runner) recheckBudget() int {
	minutes := int(time.Since(r.botsFrom)/time.Minute) + 1
	return gatekeeperRecheckBatch * len(r.w.bots) * minutes * maxChannelsPerGroup
}
