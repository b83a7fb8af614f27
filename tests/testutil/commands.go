package testutil

import (
	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
)

// NewCommand returns an unsaved pending admin_commands row of commandType with payload,
// as a client would create it.
func NewCommand(app core.App, commandType string, payload any) (*c.AdminCommand, error) {
	r, err := c.NewRecord(app, c.AdminCommands)
	if err != nil {
		return nil, err
	}
	cmd := c.Wrap(&c.AdminCommand{}, r)
	cmd.Set(c.FieldCommandType, commandType)
	cmd.Set(c.FieldPayload, payload)
	cmd.Set(c.FieldStatus, c.CommandPending)
	return cmd, nil
}
