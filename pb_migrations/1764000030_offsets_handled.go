package pb_migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	c "github.com/nezuko/nezuko/collections"
)

// bot_offsets.handled_updates: the update ids each bot handled lately, as ranges, so a
// restarted bot skips exactly those Telegram sends again instead of every id at or
// below last_update_id (Telegram restarts the numbering at a random, possibly lower,
// id after a week without updates, and webhook deliveries arrive out of order).

func init() {
	m.Register(upOffsetsHandled, downOffsetsHandled)
}

func upOffsetsHandled(app core.App) error {
	col, err := app.FindCollectionByNameOrId(c.BotOffsets)
	if err != nil {
		return err
	}
	if col.Fields.GetByName(c.FieldHandledUpdates) == nil {
		col.Fields.Add(jsonField(c.FieldHandledUpdates, 1<<16))
	}
	return app.Save(col)
}

func downOffsetsHandled(app core.App) error {
	col, err := app.FindCollectionByNameOrId(c.BotOffsets)
	if err != nil {
		return nil
	}
	col.Fields.RemoveByName(c.FieldHandledUpdates)
	return app.Save(col)
}
