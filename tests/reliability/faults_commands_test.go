package reliability

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nezuko/nezuko/botmanager"
	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/tests/telegramtest"
	"github.com/nezuko/nezuko/tests/testutil"
)

// command saves a pending admin_commands row (no bot_instance: the bot protecting the
// group runs it).
func (w *faultWorld) command(typ string, payload map[string]any) string {
	w.t.Helper()
	cmd, err := testutil.NewCommand(w.app, typ, payload)
	faultMust(w.t, err)
	faultMust(w.t, w.app.Save(cmd))
	return cmd.Id
}

// finished waits until a command is completed or failed and returns it.
func (w *faultWorld) finished(id string) *c.AdminCommand {
	w.t.Helper()
	var done *c.AdminCommand
	w.eventually("command "+id+" finished", func() bool {
		rec, err := w.app.FindRecordById(c.AdminCommands, id)
		if err != nil {
			return false
		}
		done = c.Wrap(&c.AdminCommand{}, rec)
		return done.Status() == c.CommandCompleted || done.Status() == c.CommandFailed
	})
	return done
}

// Commands from the dashboard meet the same faults: mute_user through a 429 completes
// after retry_after, through endless 5xx it fails after 3 tries, without the right it
// fails after one try; each failure says why, without the token, and one bot's failing
// command holds up neither the others' commands nor their joins.
func TestFaultCommandsUnderFaults(t *testing.T) {
	w := newFaultWorld(t, 4, 1, func(bot, _ int) telegramtest.AdminRights {
		if bot == 2 {
			return telegramtest.AdminRights{CanDeleteMessages: true}
		}
		return faultRights
	})
	b0, b1, b2 := w.bots[0], w.bots[1], w.bots[2]
	w.tg.InjectFault(telegramtest.Fault{Method: "restrictChatMember", Token: b0.tg.Token, Kind: telegramtest.FaultServerError, Status: 502, Times: -1})
	w.tg.InjectFault(telegramtest.Fault{Method: "restrictChatMember", Token: b1.tg.Token, Kind: telegramtest.FaultTooManyRequests, RetryAfter: 1})

	ids := map[*faultBot]string{}
	users := map[*faultBot]telegramtest.User{}
	for _, b := range w.bots[:3] {
		w.seq++
		u := w.tg.AddUser(fmt.Sprintf("Member%04d", w.seq))
		faultMust(t, w.tg.SetMember(b.groups[0].ID, u.ID, telegramtest.Member{Status: telegramtest.StatusMember}))
		users[b] = u
		ids[b] = w.command(botmanager.CmdMuteUser, map[string]any{"group_id": b.groups[0].ID, "user_id": u.ID})
	}
	joins := w.join(1, w.bots[3]) // a join to a fourth bot while the commands run
	w.waitServed(joins)

	muted := w.finished(ids[b1])
	if muted.Status() != c.CommandCompleted || w.tg.Member(b1.groups[0].ID, users[b1].ID).Status != telegramtest.StatusRestricted {
		t.Errorf("mute_user through a 429: %s %q", muted.Status(), muted.GetString(c.FieldErrorMessage))
	}
	var calls []telegramtest.Call
	for _, call := range w.tg.CallsFor(b1.tg.Token, "restrictChatMember") {
		if call.Int("user_id") == users[b1].ID {
			calls = append(calls, call)
		}
	}
	if len(calls) != 2 || calls[1].Time.Sub(calls[0].Time) < time.Second {
		t.Errorf("mute_user through a 429: attempts %v, want 2, one retry_after apart", calls)
	}

	secret := strings.SplitN(b0.tg.Token, ":", 2)[1]
	for _, tc := range []struct {
		bot      *faultBot
		attempts int
	}{{b0, transientAttempts}, {b2, 1}} {
		cmd := w.finished(ids[tc.bot])
		msg := cmd.GetString(c.FieldErrorMessage)
		if cmd.Status() != c.CommandFailed || msg == "" || strings.Contains(msg, secret) {
			t.Errorf("mute_user of bot %d: %s %q, want failed with a message", tc.bot.tg.ID, cmd.Status(), msg)
		}
		n := 0
		for _, call := range w.tg.CallsFor(tc.bot.tg.Token, "restrictChatMember") {
			if call.Int("user_id") == users[tc.bot].ID {
				n++
			}
		}
		if n != tc.attempts {
			t.Errorf("mute_user of bot %d: %d attempts, want %d", tc.bot.tg.ID, n, tc.attempts)
		}
		if w.tg.Member(tc.bot.groups[0].ID, users[tc.bot].ID).Status != telegramtest.StatusMember {
			t.Errorf("mute_user of bot %d failed but the user is not a plain member", tc.bot.tg.ID)
		}
		figure(t, fmt.Sprintf("mute_user error_message after %d attempt(s)", n), msg, "says why, no token")
	}
}
