package reliability

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/nezuko/nezuko/botmanager"
	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/tests/telegramtest"
)

// command reads an admin_commands row through the API.
type command struct {
	ID           string `json:"id"`
	Status       string `json:"status"`
	ErrorMessage string `json:"error_message"`
}

// sendCommand creates a send_message command for the rig's bot and group.
func (r *crashRig) sendCommand(token, text string) string {
	r.t.Helper()
	var cmd command
	if st := r.p.do("POST", "/api/collections/"+c.AdminCommands+"/records", token, map[string]any{
		c.FieldCommandType: botmanager.CmdSendMessage, c.FieldBotInstance: r.botRec,
		c.FieldPayload: map[string]any{"group_id": r.group.ID, "text": text},
	}, &cmd); st != http.StatusOK || cmd.ID == "" {
		r.t.Fatalf("create command: %d", st)
	}
	return cmd.ID
}

// waitCommand polls a command through the API until it has status (a separate
// process: there is no event to wait on) and returns it.
func (r *crashRig) waitCommand(token, id, status string) command {
	r.t.Helper()
	deadline := time.Now().Add(crashWait)
	for {
		var cmd command
		if st := r.p.do("GET", "/api/collections/"+c.AdminCommands+"/records/"+id, token, nil, &cmd); st != http.StatusOK {
			r.t.Fatalf("read command %s: %d", id, st)
		}
		if cmd.Status == status {
			return cmd
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("command %s is %q after %s, want %q", id, cmd.Status, crashWait, status)
		}
		time.Sleep(20 * time.Millisecond) // poll the other process's database
	}
}

// sentTexts counts the bot's sendMessage calls with text made at or after since.
func (w *fakeWorld) sentTexts(text string, since time.Time) int {
	n := 0
	for _, call := range w.tg.CallsFor(w.bot.Token, "sendMessage") {
		if call.Params["text"] == text && !call.Time.Before(since) {
			n++
		}
	}
	return n
}

// TestInterruptedCommandIsFailedNotRerun kills the binary while a send_message command
// is in processing (Telegram holds its sendMessage): after the restart the command is
// failed with the "interrupted" message and its message is never sent again, while a
// command created after the restart runs.
func TestInterruptedCommandIsFailedNotRerun(t *testing.T) {
	r := newCrashRig(t)
	const text = "crash test: this note is sent at most once"
	r.tg.InjectFault(telegramtest.Fault{Method: "sendMessage", Token: r.bot.Token, Kind: telegramtest.FaultDelay, Delay: 2 * crashWait})
	id := r.sendCommand(r.token, text)
	r.waitCommand(r.token, id, c.CommandProcessing)
	r.p.Kill()
	r.tg.ClearFaults()
	restartedAt := time.Now() // calls the fake records from now on come from the new process
	r.start()
	token := r.p.login(crashEmail, crashPassword)
	got := r.waitCommand(token, id, c.CommandFailed)
	if got.ErrorMessage != botmanager.InterruptedMessage {
		t.Errorf("error_message = %q, want %q", got.ErrorMessage, botmanager.InterruptedMessage)
	}
	after := r.sendCommand(token, "crash test: sent after the restart")
	r.waitCommand(token, after, c.CommandCompleted)
	if n := r.sentTexts(text, restartedAt); n != 0 {
		t.Errorf("the interrupted command's message was sent %d more times after the restart", n)
	}
	sent := r.sentTexts(text, time.Time{})
	if sent > 1 {
		t.Errorf("the interrupted command's message was sent %d times", sent)
	}
	figure(t, "sends of a command interrupted by SIGKILL", fmt.Sprintf("%d by the killed process, 0 after the restart", sent), "≤ 1, none after the restart")
}

// TestRestartResumesAtTheSavedOffset stops the binary (SIGTERM) during a burst, lets
// joins queue while it is down, and restarts it: the first getUpdates asks for every
// unconfirmed update (no offset), every joiner is restricted exactly once across the two
// runs (none handled twice, none lost) and has exactly one verification_log row.
func TestRestartResumesAtTheSavedOffset(t *testing.T) {
	r := newCrashRig(t)
	b := startBurst(t, r.fakeWorld, pick(150, 1000), pick(100, 300))
	r.waitRestricted(t, pick(30, 400))
	if err := r.p.Term(crashWait); err != nil {
		t.Fatalf("exit after SIGTERM: %v", err)
	}
	b.halt()
	db := openData(t, r.dir)
	saved := savedOffset(t, db, r.bot.ID)
	db.Close()
	handledBefore := len(r.restricts())

	down := startBurst(t, r.fakeWorld, pick(20, 200), 0) // joins while the process is down
	<-down.done
	pollsBefore := len(r.tg.CallsFor(r.bot.Token, "getUpdates"))
	r.start()
	joiners := append(b.joined(), down.joined()...)
	waitAllRestricted(t, r.fakeWorld, joiners)

	polls := r.tg.CallsFor(r.bot.Token, "getUpdates")[pollsBefore:]
	// The first poll has no offset (Telegram sends every unconfirmed update again, and
	// the bot skips those it handled: an offset above a saved id would drop a numbering
	// Telegram restarted lower); later ones move past the saved id.
	if len(polls) == 0 || polls[0].Params["offset"] != "" && polls[0].Int("offset") != 0 {
		t.Errorf("first getUpdates after the restart: %v, want no offset", polls[:min(1, len(polls))])
	}
	for _, p := range polls[min(1, len(polls)):] {
		if p.OK && p.Int("offset") != 0 && p.Int("offset") <= saved {
			t.Errorf("getUpdates after the restart asked for offset %d, at or below the saved %d", p.Int("offset"), saved)
		}
	}
	twice := 0
	for user, n := range r.restricts() {
		if n != 1 {
			twice++
			t.Errorf("user %d restricted %d times", user, n)
		}
	}
	figure(t, "joins handled twice across a SIGTERM restart", fmt.Sprintf("%d of %d (%d before the stop)", twice, len(joiners), handledBefore), "0")
	if err := r.p.Term(crashWait); err != nil {
		t.Fatalf("exit after SIGTERM: %v", err)
	}
	rows := verificationRows(t, openData(t, r.dir), r.group.ID)
	for _, u := range joiners {
		if n := sum(rows[u.ID]); n != 1 {
			t.Errorf("user %d has %d verification_log rows, want 1", u.ID, n)
		}
	}
}
