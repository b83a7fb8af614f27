package loadtest

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/tests/telegramtest"
)

// pair is a (chat, user) or (chat, message) pair.
type pair struct{ chat, id int64 }

// seen is what the fake recorded and the database holds at the end of a run.
type seen struct {
	mutes, unmutes map[pair][]time.Time   // restrictChatMember by (group, user)
	answers        map[string][]time.Time // answerCallbackQuery by query id
	deletes        map[pair]int           // deleteMessage by (chat, message id)
	bans           int                    // banChatMember (none expected: the groups mute)
	failed         []telegramtest.Call    // calls Telegram refused
	updates        map[int64][]int64      // update ids fetched, per bot id (repeats included)
	rows           map[rowKey]int         // verification_log rows
	lastRow        map[pair]time.Time     // latest verification_log timestamp by (group, user)
	offsets        map[int64]int64        // bot_offsets.last_update_id by bot id
	botCalls       int                    // Bot API calls of the bots, getUpdates excepted
}

// collect reads the fake's recorded calls and the log rows.
func collect(tg *telegramtest.Server, app core.App, botsFrom time.Time) (*seen, error) {
	s := &seen{mutes: map[pair][]time.Time{}, unmutes: map[pair][]time.Time{}, answers: map[string][]time.Time{},
		deletes: map[pair]int{}, updates: map[int64][]int64{}, rows: map[rowKey]int{}, lastRow: map[pair]time.Time{},
		offsets: map[int64]int64{}}
	for _, call := range tg.Calls("") {
		if call.Method != "getUpdates" && !call.Time.Before(botsFrom) {
			s.botCalls++
		}
		if !call.OK {
			if call.Method != "getUpdates" || call.ErrorCode != 409 { // a poll replaced by the next one is no failure
				s.failed = append(s.failed, call)
			}
			continue
		}
		switch call.Method {
		case "restrictChatMember":
			var perms map[string]bool
			_ = call.Decode("permissions", &perms)
			k := pair{call.Int("chat_id"), call.Int("user_id")}
			if perms["can_send_messages"] {
				s.unmutes[k] = append(s.unmutes[k], call.Time)
			} else {
				s.mutes[k] = append(s.mutes[k], call.Time)
			}
		case "answerCallbackQuery":
			id := call.Params["callback_query_id"]
			s.answers[id] = append(s.answers[id], call.Time)
		case "deleteMessage":
			s.deletes[pair{call.Int("chat_id"), call.Int("message_id")}]++
		case "banChatMember":
			s.bans++
		case "getUpdates":
			var ups []struct {
				ID int64 `json:"update_id"`
			}
			if err := json.Unmarshal(call.Result, &ups); err != nil {
				return nil, fmt.Errorf("getUpdates result: %w", err)
			}
			for _, u := range ups {
				s.updates[call.BotID] = append(s.updates[call.BotID], u.ID)
			}
		}
	}
	return s, s.readRows(app)
}

// readRows reads verification_log grouped per decision and channel, and bot_offsets.
func (s *seen) readRows(app core.App) error {
	var rows []struct {
		Group   int64  `db:"g"`
		User    int64  `db:"u"`
		Channel int64  `db:"ch"`
		Status  string `db:"status"`
		N       int    `db:"n"`
		Last    string `db:"last"`
	}
	err := app.DB().NewQuery(fmt.Sprintf(
		"SELECT CAST([[%[1]s]] AS INTEGER) AS g, CAST([[%[2]s]] AS INTEGER) AS u, CAST([[%[3]s]] AS INTEGER) AS ch, "+
			"[[%[4]s]] AS status, COUNT(*) AS n, MAX([[%[5]s]]) AS last FROM {{%[6]s}} GROUP BY g, u, ch, status",
		c.FieldGroupID, c.FieldUserID, c.FieldChannelID, c.FieldStatus, c.FieldTimestamp, c.VerificationLog)).All(&rows)
	if err != nil {
		return fmt.Errorf("verification_log: %w", err)
	}
	for _, r := range rows {
		s.rows[rowKey{r.Group, r.User, r.Channel, r.Status}] += r.N
		at, err := time.Parse(c.DateLayout, r.Last)
		if err != nil {
			return fmt.Errorf("verification_log timestamp %q: %w", r.Last, err)
		}
		if k := (pair{r.Group, r.User}); at.After(s.lastRow[k]) {
			s.lastRow[k] = at
		}
	}
	offs, err := app.FindAllRecords(c.BotOffsets)
	if err != nil {
		return fmt.Errorf("bot_offsets: %w", err)
	}
	for _, rec := range offs {
		o := c.Wrap(&c.BotOffset{}, rec)
		s.offsets[o.BotID()] = o.LastUpdateID()
	}
	return nil
}

// decidedAt is when the action's decision was observed (false: not observed).
func (s *seen) decidedAt(a *action) (time.Time, bool) {
	first := func(ts []time.Time) (time.Time, bool) {
		if len(ts) == 0 {
			return time.Time{}, false
		}
		return ts[0], true
	}
	k := pair{a.group.chat.ID, a.user.ID}
	switch a.kind {
	case joinRestricted, msgRestricted, leaveChannel, warned:
		return first(s.mutes[k])
	case pressVerified:
		return first(s.unmutes[k])
	case pressMissing, pressForeign:
		return first(s.answers[a.queryID])
	case joinAllowed, msgAllowed, present:
		at, ok := s.lastRow[k]
		return at, ok
	}
	return time.Time{}, false
}

// progress is how far the engine got with the actions so far.
type progress struct {
	restricts, answers, rows, pending int
}

func (p progress) String() string {
	return fmt.Sprintf("%d restricts, %d callback answers, %d verification rows, %d updates pending",
		p.restricts, p.answers, p.rows, p.pending)
}

// stallAfter is how long settle waits without any progress before it gives up.
const stallAfter = 30 * time.Second

// settle waits until the engine has acted on every action so far: no update left at
// the fake, and at least the expected restricts, callback answers and verification
// rows (after a flush of the log writer). Extra effects are caught by check.
func (r *runner) settle(ctx context.Context, what string) error {
	var want progress
	for _, a := range r.d.actions {
		want.restricts += a.mutes() + a.unmutes()
		if a.kind.isPress() {
			want.answers++
		}
		want.rows += len(a.expectedRows())
	}
	var got, before progress
	lastChange := time.Now()
	for {
		got = progress{restricts: len(r.tg.Calls("restrictChatMember")), answers: len(r.tg.Calls("answerCallbackQuery"))}
		for _, b := range r.w.bots {
			got.pending += r.tg.Pending(b.tg.ID)
		}
		if err := r.app.svc.Logs.Flush(ctx); err == nil {
			n, err := r.app.app.CountRecords(c.VerificationLog)
			if err != nil {
				return err
			}
			got.rows = int(n)
		}
		if got.pending == 0 && got.restricts >= want.restricts && got.answers >= want.answers && got.rows >= want.rows {
			return nil
		}
		if got != before {
			before, lastChange = got, time.Now()
		}
		if time.Since(lastChange) > stallAfter {
			return fmt.Errorf("load: %s stalled (nothing new for %s): got %s; want %s", what, stallAfter, got, want)
		}
		if err := pause(ctx, 250*time.Millisecond); err != nil {
			return fmt.Errorf("load: %s not handled in time: got %s; want %s", what, got, want)
		}
	}
}
