package pb_migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	c "github.com/nezuko/nezuko/collections"
)

// bot_offsets.recent_joins: the joins each bot decided in its last minute before it
// stopped, so that the second of the two updates of one join (the service message and
// the chat_member update) makes no second decision after a restart.

func init() {
	m.Register(upOffsetsJoins, downOffsetsJoins)
}

func upOffsetsJoins(app core.App) error {
	col, err := app.FindCollectionByNameOrId(c.BotOffsets)
	if err != nil {
		return err
	}
	if col.Fields.GetByName(c.FieldRecentJoins) == nil {
		col.Fields.Add(jsonField(c.FieldRecentJoins, 1<<20))
	}
	return app.Save(col)
}

func downOffsetsJoins(app core.App) error {
	col, err := app.FindCollectionByNameOrId(c.BotOffsets)
	if err != nil {
		return nil
	}
	col.Fields.RemoveByName(c.FieldRecentJoins)
	return app.Save(col)
}
