package botmanager

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
)

// commandTimeout bounds the execution of one command.
const commandTimeout = 60 * time.Second

// InterruptedMessage is the error_message of commands a crash left in processing.
const InterruptedMessage = "interrupted: the server stopped while this command was running; it was not run again"

// Kick wakes the command worker (bound to admin_commands after-create hooks).
func (m *Manager) Kick() {
	select {
	case m.kick <- struct{}{}:
	default:
	}
}

func (m *Manager) commandLoop() {
	defer m.wg.Done()
	t := time.NewTicker(m.opts.SweepEvery)
	defer t.Stop()
	for {
		select {
		case <-m.ctx.Done():
			return
		case <-t.C:
		case <-m.kick:
		}
		m.runPending()
	}
}

// runPending claims and runs every pending command, oldest first.
func (m *Manager) runPending() {
	rows, err := m.opts.App.FindRecordsByFilter(c.AdminCommands, c.FieldStatus+" = {:s}", c.FieldCreated, 100, 0,
		dbx.Params{"s": c.CommandPending})
	if err != nil {
		m.log.Error("command worker: cannot list pending commands", "error", err)
		return
	}
	for _, rec := range rows {
		if m.ctx.Err() != nil {
			return
		}
		cmd, ok := m.claim(rec.Id)
		if ok {
			m.execute(cmd)
		}
	}
}

// claim moves a command from pending to processing; false if someone else got it first.
func (m *Manager) claim(id string) (*c.AdminCommand, bool) {
	var claimed *c.AdminCommand
	err := m.opts.App.RunInTransaction(func(tx core.App) error {
		rec, err := tx.FindRecordById(c.AdminCommands, id)
		if err != nil {
			return err
		}
		cmd := c.Wrap(&c.AdminCommand{}, rec)
		if cmd.Status() != c.CommandPending {
			return nil
		}
		cmd.MarkProcessing()
		if err := tx.SaveWithContext(workerContext(context.Background()), cmd); err != nil {
			return err
		}
		claimed = cmd
		return nil
	})
	if err != nil {
		m.log.Error("command worker: claim failed", "command", id, "error", err)
		return nil, false
	}
	if claimed != nil {
		m.announce(claimed, false, true)
	}
	return claimed, claimed != nil
}

// execute runs a claimed command and records its outcome.
func (m *Manager) execute(cmd *c.AdminCommand) {
	ctx, cancel := context.WithTimeout(m.ctx, commandTimeout)
	defer cancel()
	result, err := m.dispatch(ctx, cmd)
	now := time.Now()
	if err != nil {
		cmd.Fail(err.Error(), now)
	} else {
		cmd.Complete(result, now)
	}
	saveErr := m.saveOutcome(cmd)
	if saveErr != nil {
		m.log.Error("command worker: cannot store the outcome", "command", cmd.Id, "error", saveErr)
	}
	m.announce(cmd, true, saveErr == nil)
}

// outcomeRetries are the waits between saves of a command's outcome when the database
// stays locked beyond PocketBase's own lock retries: a lost outcome would leave the
// command in processing, and the next start would call it interrupted although it ran.
var outcomeRetries = []time.Duration{time.Second, 2 * time.Second, 5 * time.Second, 10 * time.Second, 30 * time.Second}

// saveOutcome stores an executed command, retrying (bounded) while the database is
// busy; when the manager stops meanwhile it tries once more at once and gives up.
func (m *Manager) saveOutcome(cmd *c.AdminCommand) error {
	// Not m.ctx: an outcome is stored even while the manager stops.
	ctx := workerContext(context.Background())
	err := m.opts.App.SaveWithContext(ctx, cmd)
	for _, wait := range outcomeRetries {
		if err == nil {
			return nil
		}
		m.log.Warn("command worker: outcome not stored yet, will retry", "command", cmd.Id, "in", wait.String(), "error", err)
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-m.ctx.Done():
			t.Stop()
			return m.opts.App.SaveWithContext(ctx, cmd)
		}
		err = m.opts.App.SaveWithContext(ctx, cmd)
	}
	return err
}

// failInterruptedCommands fails every command left in processing by a crash, so none
// runs twice.
func (m *Manager) failInterruptedCommands() {
	rows, err := m.opts.App.FindRecordsByFilter(c.AdminCommands, c.FieldStatus+" = {:s}", "", 0, 0,
		dbx.Params{"s": c.CommandProcessing})
	if err != nil {
		m.log.Error("command worker: cannot list interrupted commands", "error", err)
		return
	}
	for _, rec := range rows {
		cmd := c.Wrap(&c.AdminCommand{}, rec)
		cmd.Fail(InterruptedMessage, time.Now())
		if err := m.opts.App.SaveWithContext(workerContext(context.Background()), cmd); err != nil {
			m.log.Error("command worker: cannot fail interrupted command", "command", rec.Id, "error", err)
			continue
		}
		m.announce(cmd, true, true)
	}
}

// errNotRunning is returned when a command needs a bot that is not running.
var errNotRunning = errors.New("not running")

// engineFor returns the engine of the command's bot, or of the bot protecting groupID.
func (m *Manager) engineFor(cmd *c.AdminCommand, groupID int64) (Engine, error) {
	recordID := cmd.BotInstanceRef()
	if recordID == "" && groupID != 0 {
		g, err := m.opts.App.FindFirstRecordByFilter(c.ProtectedGroups, c.FieldGroupID+" = {:g}", dbx.Params{"g": groupID})
		if err != nil {
			return nil, fmt.Errorf("group %d is not a protected group", groupID)
		}
		recordID = c.Wrap(&c.ProtectedGroup{}, g).BotInstanceRef()
		if recordID == "" {
			return nil, fmt.Errorf("group %d has no bot", groupID)
		}
	}
	if recordID == "" {
		return nil, errors.New("bot_instance is required for this command")
	}
	r := m.runnerByRecord(recordID)
	if r == nil {
		return nil, fmt.Errorf("bot %s is %w", recordID, errNotRunning)
	}
	r.mu.Lock()
	eng := r.engine
	r.mu.Unlock()
	if eng == nil {
		return nil, fmt.Errorf("bot %s is %w", recordID, errNotRunning)
	}
	return eng, nil
}
