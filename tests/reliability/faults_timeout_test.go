package reliability

import (
	"fmt"
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/tests/telegramtest"
)

// methodTimeout is the engine's limit on one attempt of a Bot API method
// (telegram callTimeout); a fault delays an answer beyond it.
const methodTimeout = 20 * time.Second

// Answers that never come (long variant: they take the engine's timeouts, 20 s and
// more). A lookup that hangs past the method timeout is abandoned and retried, and holds
// up no other decision; a getUpdates that hangs is abandoned too, so the bot resumes
// polling instead of going silent while bot_status says running.
func TestFaultTimeouts(t *testing.T) {
	stressOnly(t)
	w := newFaultWorld(t, 3, 3, nil)
	b0, b1, b2 := w.bots[0], w.bots[1], w.bots[2]
	w.tg.InjectFault(telegramtest.Fault{Method: "getChatMember", Token: b0.tg.Token, Kind: telegramtest.FaultDelay, Delay: methodTimeout + 5*time.Second})
	w.tg.InjectFault(telegramtest.Fault{Method: "getUpdates", Token: b2.tg.Token, Kind: telegramtest.FaultDelay, Delay: 3 * time.Minute})

	joins := w.join(2, b0, b1)
	w.waitServed(w.join(1, b2)) // answered by the poll in flight; the next poll hangs
	hungPoll := time.Now()
	late := w.join(1, b2)
	w.waitServed(late)
	figure(t, "hung getUpdates → updates served again", time.Since(hungPoll).Round(time.Millisecond).String(), "long-poll timeout + grace")
	w.waitServed(joins)

	var hung []telegramtest.Call
	for _, calls := range w.attempts("getChatMember") {
		if calls[0].Fault == telegramtest.FaultDelay {
			hung = calls
		}
	}
	if len(hung) != 2 {
		t.Fatalf("hung lookup attempts = %v, want the hung one and one retry", hung)
	}
	abandoned := hung[1].Time.Sub(hung[0].Time)
	if abandoned < methodTimeout {
		t.Errorf("hung lookup retried after %v, before the %v timeout", abandoned, methodTimeout)
	}
	figure(t, "hung lookup abandoned and retried after", abandoned.Round(time.Millisecond).String(), "20s (method timeout)")
	for _, j := range joins {
		if fmt.Sprint(j.user.ID) == hung[0].Params["user_id"] {
			continue
		}
		for _, call := range w.restrictCalls(j) {
			if !call.Time.Before(hung[1].Time) {
				t.Errorf("%s was restricted only after the hung lookup gave up: held up by it", j.user.FirstName)
			}
		}
	}
	w.flush()
	n, err := w.app.CountRecords(c.APICallLog, dbx.HashExp{c.FieldMethod: "getChatMember",
		c.FieldBotInstance: b0.tg.ID, c.FieldErrorType: "TimedOut"})
	faultMust(t, err)
	if n != 1 {
		t.Errorf("TimedOut rows in api_call_log = %d, want 1", n)
	}
	w.wantOneRestrictedRow(append(joins, late...))
	if calls := len(w.tg.CallsFor(b2.tg.Token, "deleteWebhook")); calls != 1 {
		t.Errorf("the bot with a hung poll registered %d times: restarted instead of resuming", calls)
	}
	if s := w.statusRow(b2); s == nil || s.Status() != c.BotRunning {
		t.Errorf("bot 2 status = %v, want running", s)
	}
}
