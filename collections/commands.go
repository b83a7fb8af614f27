package collections

import (
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// AdminCommand is a typed view of an admin_commands record.
type AdminCommand struct{ core.BaseRecordProxy }

// NewAdminCommand returns an unsaved pending command.
func NewAdminCommand(app core.App, commandType string, payload any) (*AdminCommand, error) {
	c, err := newProxy(app, AdminCommands, &AdminCommand{})
	if err == nil {
		c.Set(FieldCommandType, commandType)
		c.Set(FieldPayload, payload)
		c.Set(FieldStatus, CommandPending)
	}
	return c, err
}

// CommandType is the command's type (e.g. mute_user).
func (c *AdminCommand) CommandType() string { return c.GetString(FieldCommandType) }

// Status is pending, processing, completed or failed.
func (c *AdminCommand) Status() string { return c.GetString(FieldStatus) }

// DecodePayload unmarshals the payload into dst.
func (c *AdminCommand) DecodePayload(dst any) error { return c.UnmarshalJSONField(FieldPayload, dst) }

// BotInstanceRef is the optional bot_instances record id the command targets.
func (c *AdminCommand) BotInstanceRef() string { return c.GetString(FieldBotInstance) }

// CreatedByRef is the admin_users record id of the creator ("" for superusers).
func (c *AdminCommand) CreatedByRef() string { return c.GetString(FieldCreatedBy) }

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
