package live

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
)

// OnBotStatus publishes TopicBotStatus for a created or updated bot_status row
// (OnRecordAfterCreateSuccess and OnRecordAfterUpdateSuccess of bot_status: after commit).
func (h *Hub) OnBotStatus(e *core.RecordEvent) error {
	h.publish(TopicBotStatus, botStatusData(e.Record))
	return e.Next()
}

// OnCommandCreated publishes TopicCommand for a new admin_commands row
// (OnRecordAfterCreateSuccess of admin_commands).
func (h *Hub) OnCommandCreated(e *core.RecordEvent) error {
	h.publish(TopicCommand, commandData(e.Record))
	return e.Next()
}

// OnCommandUpdate notes, inside the save, whether a command's stored status changes
// (OnRecordUpdate of admin_commands). The stored row is read, not Record.Original(),
// because a worker may save the same record object several times.
func (h *Hub) OnCommandUpdate(e *core.RecordEvent) error {
	var stored string
	err := e.App.DB().Select(c.FieldStatus).From(c.AdminCommands).
		Where(dbx.HashExp{c.FieldID: e.Record.Id}).Row(&stored)
	changed := err != nil || stored != e.Record.GetString(c.FieldStatus)
	if err := e.Next(); err != nil {
		return err
	}
	if changed {
		h.pendingCmd.Store(e.Record, struct{}{})
	}
	return nil
}

// OnCommandUpdated publishes TopicCommand after the commit of an update that changed
// the status (OnRecordAfterUpdateSuccess of admin_commands).
func (h *Hub) OnCommandUpdated(e *core.RecordEvent) error {
	if _, changed := h.pendingCmd.LoadAndDelete(e.Record); changed {
		h.publish(TopicCommand, commandData(e.Record))
	}
	return e.Next()
}

// OnCommandUpdateFailed forgets a status change that was rolled back
// (OnRecordAfterUpdateError of admin_commands).
func (h *Hub) OnCommandUpdateFailed(e *core.RecordErrorEvent) error {
	h.pendingCmd.Delete(e.Record)
	return e.Next()
}
