package tgauth

import (
	"errors"

	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
)

// LoginBot is the bot whose token signs widget logins: the bot_instances row whose
// bot_id is admin_config login_bot_id, else the oldest active bot. Deleted bots never count.
func LoginBot(app core.App) (*c.BotInstance, error) {
	if id := configuredBotID(app); id != 0 {
		r, err := app.FindFirstRecordByFilter(c.BotInstances,
			c.FieldBotID+" = {:id} && "+c.FieldIsDeleted+" = false", map[string]any{"id": id})
		if err == nil {
			return c.Wrap(&c.BotInstance{}, r), nil
		}
	}
	rows, err := app.FindRecordsByFilter(c.BotInstances,
		c.FieldIsActive+" = true && "+c.FieldIsDeleted+" = false", c.FieldCreated, 1, 0)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, errNoBot
	}
	return c.Wrap(&c.BotInstance{}, rows[0]), nil
}

// errNoBot says that no bot can sign logins.
var errNoBot = errors.New("tgauth: no active bot")

// configuredBotID reads admin_config login_bot_id (0 when unset or unreadable).
func configuredBotID(app core.App) int64 {
	r, err := app.FindFirstRecordByData(c.AdminConfig, c.FieldKey, c.ConfigLoginBotID)
	if err != nil {
		return 0
	}
	var id float64
	if err := c.Wrap(&c.ConfigEntry{}, r).Decode(&id); err != nil {
		return 0
	}
	return int64(id)
}
