package botmanager

import (
	"context"

	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
)

// CommandChange is one change of a command's status, announced once through
// Options.OnCommandChange: by the worker for its own saves (claim, outcome, interrupted
// commands), by OnCommandEdited for edits made elsewhere (a superuser in the admin UI).
type CommandChange struct {
	Command *c.AdminCommand
	// Finished marks the worker's last word on a command: its outcome (completed or
	// failed) or the failure of a command a crash interrupted. Metrics count these.
	Finished bool
	// Saved is false when the worker could not store the change: the row did not change
	// (nothing to publish), although the command did finish.
	Saved bool
}

// workerSave marks the context of the worker's own saves, so OnCommandEdited does not
// announce them a second time.
type workerSave struct{}

func workerContext(ctx context.Context) context.Context {
	return context.WithValue(ctx, workerSave{}, true)
}

func isWorkerSave(ctx context.Context) bool {
	v, _ := ctx.Value(workerSave{}).(bool)
	return v
}

// announce tells Options.OnCommandChange about one change.
func (m *Manager) announce(cmd *c.AdminCommand, finished, saved bool) {
	if m.opts.OnCommandChange != nil {
		m.opts.OnCommandChange(CommandChange{Command: cmd, Finished: finished, Saved: saved})
	}
}

// OnCommandEdited announces, after commit, a status change of admin_commands made
// outside the worker (OnRecordAfterUpdateSuccess of admin_commands): a superuser's edit
// in the admin UI. The worker's saves carry a mark in their context and are skipped (it
// announced them itself). The change is read against the record as loaded
// (Record.Original), which is what an API update sees.
func (m *Manager) OnCommandEdited(e *core.RecordEvent) error {
	if !isWorkerSave(e.Context) && e.Record.Original().GetString(c.FieldStatus) != e.Record.GetString(c.FieldStatus) {
		m.announce(c.Wrap(&c.AdminCommand{}, e.Record), false, true)
	}
	return e.Next()
}
