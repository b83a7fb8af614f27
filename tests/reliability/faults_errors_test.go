package reliability

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/tests/telegramtest"
)

// joinsOf keeps the joins of one bot (and one group index, or -1 for all its groups).
func joinsOf(joins []faultJoin, b *faultBot, group int) []faultJoin {
	var out []faultJoin
	for _, j := range joins {
		if j.bot == b && (group < 0 || j.group.ID == b.groups[group].ID) {
			out = append(out, j)
		}
	}
	return out
}

// exceptJoins keeps the joins that are in none of the skip lists.
func exceptJoins(joins []faultJoin, skip ...[]faultJoin) []faultJoin {
	drop := map[int64]bool{}
	for _, list := range skip {
		for _, j := range list {
			drop[j.user.ID] = true
		}
	}
	var out []faultJoin
	for _, j := range joins {
		if !drop[j.user.ID] {
			out = append(out, j)
		}
	}
	return out
}

// restrictCalls are a bot's restrictChatMember calls about one user.
func (w *faultWorld) restrictCalls(j faultJoin) []telegramtest.Call {
	var out []telegramtest.Call
	for _, call := range w.tg.CallsFor(j.bot.tg.Token, "restrictChatMember") {
		if call.Int("user_id") == j.user.ID && call.Int("chat_id") == j.group.ID {
			out = append(out, call)
		}
	}
	return out
}

// 5xx answers are retried with backoff, 3 tries in all, then the failure is reported;
// a permanent refusal ("not enough rights") is tried exactly once and reported; the
// failures of one bot or one group hold up no other, and the bot recovers with
// Telegram.
func TestFaultServerErrorsAndRefusals(t *testing.T) {
	groups, users := pick(2, 5), pick(2, 4)
	noRestrict := telegramtest.AdminRights{CanDeleteMessages: true, CanInviteUsers: true}
	w := newFaultWorld(t, pick(3, 5), groups, func(bot, group int) telegramtest.AdminRights {
		if bot == 2 && group == 0 {
			return noRestrict
		}
		return faultRights
	})
	b0, b1, b2 := w.bots[0], w.bots[1], w.bots[2]
	w.tg.InjectFault(telegramtest.Fault{Method: "restrictChatMember", Token: b0.tg.Token, Kind: telegramtest.FaultServerError, Status: 500, Times: -1})
	w.tg.InjectFault(telegramtest.Fault{Method: "getChatMember", Token: b1.tg.Token, Kind: telegramtest.FaultServerError, Status: 502, Times: 2})

	joins := w.join(users, w.bots...)
	failing, refused := joinsOf(joins, b0, -1), joinsOf(joins, b2, 0)
	served := exceptJoins(joins, failing, refused)
	w.waitServed(served)
	w.tg.WaitFor(t, faultWait, func() bool {
		for _, j := range failing {
			if len(w.restrictCalls(j)) < transientAttempts {
				return false
			}
		}
		for _, j := range refused {
			if len(w.restrictCalls(j)) < 1 {
				return false
			}
		}
		return true
	})
	w.eventually("every failed restrict is reported in admin_logs", func() bool {
		w.flush()
		for _, j := range append(failing, refused...) {
			if len(w.adminLogs(c.LevelWarning, "member not restricted", fmt.Sprint(j.user.ID))) != 1 {
				return false
			}
		}
		return true
	})
	w.tg.ClearFaults()

	minGap, most := time.Hour, 0
	for _, j := range failing {
		calls := w.restrictCalls(j)
		most = max(most, len(calls))
		if len(calls) != transientAttempts {
			t.Errorf("%s: %d restrict attempts under 5xx, want %d", j.user.FirstName, len(calls), transientAttempts)
		}
		for i := 1; i < len(calls); i++ {
			minGap = min(minGap, calls[i].Time.Sub(calls[i-1].Time))
		}
		if w.restricted(j) || w.warned(j) {
			t.Errorf("%s: restricted or warned although every restrict failed", j.user.FirstName)
		}
		rows, err := w.app.CountRecords(c.APICallLog, dbx.HashExp{c.FieldMethod: "restrictChatMember",
			c.FieldUserID: j.user.ID, c.FieldErrorType: "ServerError", c.FieldSuccess: false})
		faultMust(t, err)
		if rows != transientAttempts {
			t.Errorf("%s: %d ServerError rows in api_call_log, want %d", j.user.FirstName, rows, transientAttempts)
		}
	}
	if minGap < 250*time.Millisecond {
		t.Errorf("a 5xx was retried after %v, without backoff", minGap)
	}
	figure(t, "restrict attempts per decision under endless 5xx", fmt.Sprintf("%d (max of %d decisions)", most, len(failing)), "3, then reported")
	figure(t, "shortest backoff between 5xx retries", minGap.Round(time.Millisecond).String(), "≥ 250ms")

	for _, j := range refused {
		calls := w.restrictCalls(j)
		if len(calls) != 1 || calls[0].ErrorCode != 400 || !strings.Contains(calls[0].Description, "not enough rights") {
			t.Errorf("%s: refused restrict calls = %v, want exactly one 400", j.user.FirstName, calls)
		}
		if w.restricted(j) || w.warned(j) {
			t.Errorf("%s: restricted or warned without the right to", j.user.FirstName)
		}
	}
	if n := len(w.adminLogs(c.LevelWarning, "not retried", "not enough rights")); n != len(refused) {
		t.Errorf("admin_logs naming the refusal = %d, want %d", n, len(refused))
	}
	lookups := w.attempts("getChatMember")
	retried := 0
	for k, calls := range lookups {
		if k.token != b1.tg.Token {
			continue
		}
		if len(calls) > transientAttempts || !calls[len(calls)-1].OK {
			t.Errorf("getChatMember %s/%s: %d attempts, last ok %v", k.chat, k.user, len(calls), calls[len(calls)-1].OK)
		}
		if len(calls) > 1 {
			retried++
		}
	}
	if retried == 0 {
		t.Error("no lookup of the 502 bot was retried: the faults did not happen")
	}
	w.wantOneRestrictedRow(joins) // the decisions were made and logged, whatever the action's fate

	// Telegram is back: the same bot serves new joins at once, without a restart.
	again := w.join(1, b0)
	w.waitServed(again)
	if n := len(w.tg.CallsFor(b0.tg.Token, "deleteWebhook")); n != 1 {
		t.Errorf("bot 0 registered %d times: it was restarted", n)
	}

	// A lookup that fails with 5xx every time: 3 tries, then the decision is logged as
	// an error (error_type ServerError) and on_error=restrict (the default) mutes.
	w.tg.InjectFault(telegramtest.Fault{Method: "getChatMember", Token: b1.tg.Token, Kind: telegramtest.FaultServerError, Status: 503, Times: -1})
	lookup := w.join(1, b1)[:1]
	w.waitServed(lookup)
	w.tg.ClearFaults()
	tries := 0 // of the channel lookup (the bot also reads the member in the group before muting)
	for _, call := range w.tg.CallsFor(b1.tg.Token, "getChatMember") {
		if call.Int("user_id") == lookup[0].user.ID && call.Int("chat_id") == b1.channel.ID {
			tries++
		}
	}
	w.flush()
	rows := w.verifications(lookup[0])
	if tries != transientAttempts || len(rows) != 1 || rows[0].GetString(c.FieldStatus) != c.VerifyErr ||
		rows[0].GetString(c.FieldErrorType) != "ServerError" {
		t.Errorf("failed lookup: %d tries, %d verification rows; want %d tries and one error row", tries, len(rows), transientAttempts)
	}
}
