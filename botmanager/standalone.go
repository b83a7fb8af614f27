package botmanager

import (
	"context"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/nezuko/nezuko/bottoken"
	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/telegram"
)

// EnsureStandalone validates BOT_TOKEN with getMe and upserts it into bot_instances (by
// bot_id), active and not deleted, so the manager runs it like any other bot.
func EnsureStandalone(ctx context.Context, app core.App, sealer *bottoken.Sealer, apiURL, token string) (*c.BotInstance, error) {
	me, err := telegram.Identify(ctx, apiURL, token)
	if err != nil {
		return nil, err
	}
	var bot *c.BotInstance
	rec, err := app.FindFirstRecordByFilter(c.BotInstances, c.FieldBotID+" = {:id}", dbx.Params{"id": me.ID})
	if err == nil {
		bot = c.Wrap(&c.BotInstance{}, rec)
		if cur, err := sealer.Open(bot); err == nil && cur == token && bot.ShouldRun() {
			return bot, nil // already stored and active
		}
		bot.Revive()
	} else if bot, err = c.NewBotInstance(app); err != nil {
		return nil, err
	}
	if err := sealer.Store(bot, token, me); err != nil {
		return nil, err
	}
	return bot, app.Save(bot)
}
