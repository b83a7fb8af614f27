package reliability

import (
	"fmt"
	"testing"
	"time"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/tests/telegramtest"
)

// faultedCalls are the recorded calls a fault answered, per logical call.
func faultedCalls(attempts map[callKey][]telegramtest.Call, token string) map[callKey][]telegramtest.Call {
	out := map[callKey][]telegramtest.Call{}
	for k, calls := range attempts {
		for _, call := range calls {
			if k.token == token && call.Fault != telegramtest.FaultNone {
				out[k] = calls
				break
			}
		}
	}
	return out
}

// Dropped connections and malformed JSON answers are retried as network errors
// (bounded: 3 tries), a slow answer holds up only its own call, and a polling loop hit
// by drops, malformed JSON and 5xx survives without a restart and keeps fetching
// updates; every decision of the three bots lands once.
func TestFaultNetworkErrors(t *testing.T) {
	groups, users := pick(2, 5), pick(2, 4)
	w := newFaultWorld(t, pick(3, 5), groups, nil)
	b0, b1, b2 := w.bots[0], w.bots[1], w.bots[2]
	w.tg.InjectFault(telegramtest.Fault{Method: "getChatMember", Token: b0.tg.Token, Kind: telegramtest.FaultDrop, Times: 2})
	w.tg.InjectFault(telegramtest.Fault{Method: "sendMessage", Token: b0.tg.Token, Kind: telegramtest.FaultDelay, Delay: 1500 * time.Millisecond})
	w.tg.InjectFault(telegramtest.Fault{Method: "restrictChatMember", Token: b1.tg.Token, Kind: telegramtest.FaultMalformed, Times: pick(1, groups)})
	w.tg.InjectFault(telegramtest.Fault{Method: "sendMessage", Token: b1.tg.Token, Kind: telegramtest.FaultDrop})
	pollFaults := []telegramtest.Fault{
		{Kind: telegramtest.FaultDrop, Times: 2}, {Kind: telegramtest.FaultMalformed}, {Kind: telegramtest.FaultServerError, Status: 502},
	}
	for _, f := range pollFaults {
		f.Method, f.Token = "getUpdates", b2.tg.Token
		w.tg.InjectFault(f)
	}
	start := time.Now()

	joins := w.join(users, w.bots...)
	w.waitServed(joins)
	figure(t, "joins served through drops, malformed JSON and a slow answer", fmt.Sprintf("%d in %v", len(joins), time.Since(start).Round(time.Millisecond)), "all")
	w.flush()
	w.wantOneRestrictedRow(joins)

	methods := []string{"getChatMember", "restrictChatMember", "sendMessage"}
	all := w.attempts(methods...)
	for _, b := range []*faultBot{b0, b1} {
		hit := faultedCalls(all, b.tg.Token)
		if len(hit) == 0 {
			t.Errorf("bot %d: no call met its fault", b.tg.ID)
		}
		for k, calls := range hit {
			if len(calls) > transientAttempts || !calls[len(calls)-1].OK {
				t.Errorf("%s %s/%s: %d attempts, last ok %v; want a retry that succeeds within %d", k.method, k.chat, k.user,
					len(calls), calls[len(calls)-1].OK, transientAttempts)
			}
		}
	}
	for k, calls := range all {
		if k.token != b0.tg.Token && k.token != b1.tg.Token && len(calls) != 1 {
			t.Errorf("bot without method faults: %s %s/%s tried %d times", k.method, k.chat, k.user, len(calls))
		}
	}

	w.waitServed(w.join(1, b2)) // fetched by a poll that started after the faults
	polls := w.tg.CallsFor(b2.tg.Token, "getUpdates")
	faulted, okAfter := 0, 0
	for _, call := range polls {
		switch {
		case call.Fault != telegramtest.FaultNone:
			faulted++
		case faulted == 4 && call.OK:
			okAfter++
		}
	}
	if faulted != 4 || okAfter == 0 {
		t.Errorf("getUpdates of bot 2: %d faulted, %d ok after them; want 4 and more", faulted, okAfter)
	}
	figure(t, "getUpdates calls of the faulty-poll bot", fmt.Sprintf("%d (4 faulted) in %v", len(polls), time.Since(start).Round(time.Millisecond)), "bounded, polling resumes")
	if n := len(w.tg.CallsFor(b2.tg.Token, "deleteWebhook")); n != 1 {
		t.Errorf("bot 2 registered %d times: its loop was restarted", n)
	}
	if row := w.statusRow(b2); row == nil || row.Status() != c.BotRunning {
		t.Errorf("bot 2 status = %v, want running", row)
	}
}
