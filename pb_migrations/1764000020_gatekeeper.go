package pb_migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	c "github.com/nezuko/nezuko/collections"
)

// The gatekeeper's internal collection bot_offsets: one row per Telegram bot with the
// last update_id it handled. Superuser-only (nil API rules).

func init() {
	m.Register(upGatekeeper, downGatekeeper)
}

func upGatekeeper(app core.App) error {
	col := upsertBase(app, c.BotOffsets)
	if col.Fields.GetByName(c.FieldBotID) == nil {
		col.Fields.Add(telegramID(c.FieldBotID, true), telegramID(c.FieldLastUpdateID, false))
		col.Fields.Add(timestamps()...)
	}
	col.AddIndex("idx_bot_offsets_bot_id", true, "`"+c.FieldBotID+"`", "")
	col.ListRule, col.ViewRule, col.CreateRule, col.UpdateRule, col.DeleteRule = nil, nil, nil, nil, nil
	return app.Save(col)
}

func downGatekeeper(app core.App) error {
	col, err := app.FindCollectionByNameOrId(c.BotOffsets)
	if err != nil {
		return nil
	}
	return app.Delete(col)
}
