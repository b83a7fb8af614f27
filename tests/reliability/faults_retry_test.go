package reliability

import (
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/tests/telegramtest"
)

// The engine's retry rules (package telegram, client.go), as a user of the Bot API sees them.
const (
	floodAttempts     = 6 // a call answered 429 every time: 1 + 5 honoured retry_after waits
	transientAttempts = 3 // a call failing with 5xx or a network error: 3 tries in all
)

// floodGaps checks the 429 rule on every logical call in attempts: each attempt after a
// 429 comes no sooner than its retry_after, and a call is tried at most floodAttempts
// times. It returns the largest wait beyond retry_after and the number of 429s.
func floodGaps(t *testing.T, attempts map[callKey][]telegramtest.Call) (overshoot time.Duration, floods int) {
	t.Helper()
	for k, calls := range attempts {
		if len(calls) > floodAttempts {
			t.Errorf("%s %s/%s: %d attempts, want at most %d", k.method, k.chat, k.user, len(calls), floodAttempts)
		}
		for i, call := range calls {
			if call.ErrorCode != http.StatusTooManyRequests {
				continue
			}
			floods++
			if i+1 == len(calls) {
				continue
			}
			gap := calls[i+1].Time.Sub(call.Time)
			ra := time.Duration(call.RetryAfter) * time.Second
			if gap < ra {
				t.Errorf("%s %s/%s retried after %v, before retry_after %v", k.method, k.chat, k.user, gap, ra)
			}
			overshoot = max(overshoot, gap-ra)
		}
	}
	return overshoot, floods
}

// A 429 storm on some bots' restrictChatMember, sendMessage and getChatMember: every
// decision still lands once, each retry waits at least retry_after, no call is tried
// beyond the rule, and the bots without faults are not slowed down. A call answered 429
// every time is given up after 6 attempts and reported; the other bots go on serving.
func TestFaultTooManyRequestsStorm(t *testing.T) {
	groups, users := pick(2, 6), pick(2, 5)
	w := newFaultWorld(t, pick(3, 5), groups, nil)
	b0, b1, clean := w.bots[0], w.bots[1], w.bots[2:]
	isClean := func(token string) bool {
		return slices.ContainsFunc(clean, func(b *faultBot) bool { return b.tg.Token == token })
	}
	tok := func(b *faultBot) string { return b.tg.Token }
	w.tg.InjectFault(telegramtest.Fault{Method: "restrictChatMember", Token: tok(b0), Kind: telegramtest.FaultTooManyRequests, RetryAfter: 1, Times: pick(3, 3*groups*users/2)})
	w.tg.InjectFault(telegramtest.Fault{Method: "sendMessage", Token: tok(b0), Kind: telegramtest.FaultTooManyRequests, RetryAfter: 1, Times: pick(2, groups*users)})
	w.tg.InjectFault(telegramtest.Fault{Method: "getChatMember", Token: tok(b1), Kind: telegramtest.FaultTooManyRequests, RetryAfter: 2, Times: pick(2, groups*users)})

	w.tg.InjectFault(telegramtest.Fault{Method: "getUpdates", Token: tok(b1), Kind: telegramtest.FaultTooManyRequests, RetryAfter: 2})

	start := time.Now()
	joins := w.join(users, w.bots...)
	w.waitServed(joins)
	figure(t, "joins served through the 429 storm", fmt.Sprintf("%d in %v", len(joins), time.Since(start).Round(time.Millisecond)), "all")
	w.tg.ClearFaults()

	overshoot, floods := floodGaps(t, w.attempts("restrictChatMember", "sendMessage", "getChatMember"))
	if floods == 0 {
		t.Fatal("no 429 was answered: the storm did not happen")
	}
	for k, calls := range w.attempts("restrictChatMember", "sendMessage", "getChatMember") {
		if last := calls[len(calls)-1]; !last.OK {
			t.Errorf("%s %s/%s ends with %d %s", k.method, k.chat, k.user, last.ErrorCode, last.Description)
		}
		if isClean(k.token) && len(calls) != 1 {
			t.Errorf("bot without faults: %s %s/%s tried %d times", k.method, k.chat, k.user, len(calls))
		}
	}
	figure(t, "429 answers to methods in the storm", fmt.Sprint(floods), "")
	figure(t, "max wait beyond retry_after", overshoot.Round(time.Millisecond).String(), "≥ 0 (never early)")
	var worst time.Duration
	for _, j := range joins {
		if !isClean(tok(j.bot)) {
			continue
		}
		for _, call := range w.tg.CallsFor(tok(j.bot), "restrictChatMember") {
			if call.Int("user_id") == j.user.ID {
				worst = max(worst, call.Time.Sub(j.at))
			}
		}
	}
	figure(t, "bots without faults: worst join→restrict", worst.Round(time.Millisecond).String(), "not held by the others' retry_after")
	w.flush()
	w.wantOneRestrictedRow(joins)

	// An endless storm on one bot's restricts: 6 attempts, then the failure is reported
	// and no warning is sent; the other bots keep serving meanwhile.
	w.tg.InjectFault(telegramtest.Fault{Method: "restrictChatMember", Token: tok(b0), Kind: telegramtest.FaultTooManyRequests, RetryAfter: 1, Times: -1})
	stormed := w.join(1, b0)[:1]
	others := w.join(1, w.bots[1:]...)
	w.waitServed(others)
	// The 429 to one bot's getUpdates: it polled again no sooner than retry_after, and
	// still polls (the poll that fetched the last joins started after the 429).
	polls := w.tg.CallsFor(tok(b1), "getUpdates")
	i := slices.IndexFunc(polls, func(call telegramtest.Call) bool { return call.ErrorCode == http.StatusTooManyRequests })
	switch {
	case i < 0:
		t.Error("the getUpdates 429 was never answered")
	case i+1 == len(polls):
		t.Error("no getUpdates after the 429: polling stopped")
	default:
		gap := polls[i+1].Time.Sub(polls[i].Time)
		if gap < 2*time.Second {
			t.Errorf("getUpdates retried after %v, before retry_after 2s", gap)
		}
		figure(t, "getUpdates: wait after a 429 with retry_after 2s", gap.Round(time.Millisecond).String(), "≥ 2s")
	}
	w.tg.WaitFor(t, faultWait, func() bool {
		n := 0
		for _, call := range w.tg.CallsFor(tok(b0), "restrictChatMember") {
			if call.Int("user_id") == stormed[0].user.ID {
				n++
			}
		}
		return n == floodAttempts
	})
	w.eventually("the given-up restrict is reported in admin_logs", func() bool {
		w.flush()
		return len(w.adminLogs(c.LevelWarning, "member not restricted", fmt.Sprint(stormed[0].user.ID))) == 1
	})
	w.tg.ClearFaults()
	if w.restricted(stormed[0]) || w.warned(stormed[0]) {
		t.Error("a user whose restrict was refused 6 times is shown as restricted or warned")
	}
	floodGaps(t, w.attempts("restrictChatMember"))
	rows, err := w.app.FindAllRecords(c.APICallLog, dbx.HashExp{c.FieldMethod: "restrictChatMember",
		c.FieldUserID: stormed[0].user.ID, c.FieldErrorType: "TooManyRequests"})
	faultMust(t, err)
	if len(rows) != floodAttempts {
		t.Errorf("api_call_log 429 rows for the stormed restrict = %d, want %d", len(rows), floodAttempts)
	}
}
