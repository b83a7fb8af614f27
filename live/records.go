package live

import (
	"github.com/pocketbase/pocketbase/core"
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

// PublishCommand publishes TopicCommand for a committed status change of an
// admin_commands row, as announced by whoever made it (the command worker, or the
// hook that sees a superuser's edit: botmanager.CommandChange).
func (h *Hub) PublishCommand(r *core.Record) {
	h.publish(TopicCommand, commandData(r))
}
