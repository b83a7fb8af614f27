package tgauth

import (
	"errors"

	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
)

// Errors of LoginBot. Neither names a token or a user.
var (
	// ErrNoLoginBot: admin_config login_bot_id is 0 (no bot was ever added).
	ErrNoLoginBot = errors.New("no login bot is chosen yet")
	// ErrLoginBotGone: the chosen bot is deleted, inactive or missing; logins fail
	// closed until an owner picks another (no other bot takes its place).
	ErrLoginBotGone = errors.New("the login bot is deleted or inactive; an owner must choose another login_bot_id in Settings")
)

// LoginBot is the bot whose token verifies widget logins: the active, not deleted
// bot_instances row whose bot_id is admin_config login_bot_id. There is no fallback to
// another bot: who may sign in through Telegram depends on this token, so only owners
// and superusers choose it (they alone may write login_bot_id), and adding, deactivating
// or deleting bots never moves it (DESIGN.md §2).
func LoginBot(app core.App) (*c.BotInstance, error) {
	id := configuredBotID(app)
	if id == 0 {
		return nil, ErrNoLoginBot
	}
	r, err := app.FindFirstRecordByFilter(c.BotInstances,
		c.FieldBotID+" = {:id} && "+c.FieldIsDeleted+" = false && "+c.FieldIsActive+" = true", map[string]any{"id": id})
	if err != nil {
		return nil, ErrLoginBotGone
	}
	return c.Wrap(&c.BotInstance{}, r), nil
}

// ClaimLoginBot makes the first bot ever added the login bot: after a bot_instances
// row is created, login_bot_id is set to its bot_id when it is still 0
// (OnRecordAfterCreateSuccess of bot_instances). A later bot never replaces it.
func ClaimLoginBot(e *core.RecordEvent) error {
	bot := c.Wrap(&c.BotInstance{}, e.Record)
	if bot.BotID() != 0 {
		err := e.App.RunInTransaction(func(tx core.App) error {
			return claim(tx, bot.BotID())
		})
		if err != nil {
			e.App.Logger().Warn("could not record the first bot as login bot", "bot_id", bot.BotID(), "error", err)
		}
	}
	return e.Next()
}

// claim sets login_bot_id to botID when it is 0 or missing.
func claim(app core.App, botID int64) error {
	r, err := app.FindFirstRecordByData(c.AdminConfig, c.FieldKey, c.ConfigLoginBotID)
	if err != nil {
		entry, err := c.NewConfigEntry(app, c.ConfigLoginBotID, botID, loginBotDescription())
		if err != nil {
			return err
		}
		return app.Save(entry)
	}
	if configuredBotID(app) != 0 {
		return nil
	}
	r.Set(c.FieldValue, botID)
	return app.Save(r)
}

// loginBotDescription is the seeded description of login_bot_id.
func loginBotDescription() string {
	for _, d := range c.ConfigDefaults {
		if d.Key == c.ConfigLoginBotID {
			return d.Description
		}
	}
	return ""
}

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
