package collections

import (
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// AdminCommand is a typed view of an admin_commands record.
type AdminCommand struct{ core.BaseRecordProxy }

// CommandType is the command's type (e.g. mute_user).
func (c *AdminCommand) CommandType() string { return c.GetString(FieldCommandType) }

// Status is pending, processing, completed or failed.
func (c *AdminCommand) Status() string { return c.GetString(FieldStatus) }

// BotInstanceRef is the optional bot_instances record id the command targets.
func (c *AdminCommand) BotInstanceRef() string { return c.GetString(FieldBotInstance) }

// ResetServerFields sets what only the server decides on a new command:
// pending, created by the caller, no result yet.
func (c *AdminCommand) ResetServerFields(creatorRef string) {
	c.Set(FieldStatus, CommandPending)
	c.Set(FieldCreatedBy, creatorRef)
	c.Set(FieldResult, nil)
	c.Set(FieldErrorMessage, "")
	c.Set(FieldExecutedAt, "")
}

// MarkProcessing moves the command to processing.
func (c *AdminCommand) MarkProcessing() { c.Set(FieldStatus, CommandProcessing) }

// Complete finishes the command successfully with its result.
func (c *AdminCommand) Complete(result any, at time.Time) {
	c.Set(FieldStatus, CommandCompleted)
	c.Set(FieldResult, result)
	c.Set(FieldErrorMessage, "")
	c.Set(FieldExecutedAt, at.UTC())
}

// Fail finishes the command with an error message.
func (c *AdminCommand) Fail(message string, at time.Time) {
	c.Set(FieldStatus, CommandFailed)
	c.Set(FieldErrorMessage, message)
	c.Set(FieldExecutedAt, at.UTC())
}
