package pb_migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	c "github.com/nezuko/nezuko/collections"
)

// channel_joins: the channel joins the bots saw, attributed to the group whose invite
// link brought them (group_id 0 = other). Internal and superuser-only (nil API rules).

func init() {
	m.Register(upChannelJoins, downChannelJoins)
}

func upChannelJoins(app core.App) error {
	col := upsertBase(app, c.ChannelJoins)
	if col.Fields.GetByName(c.FieldChannelID) == nil {
		col.Fields.Add(
			telegramID(c.FieldBotID, true), telegramID(c.FieldChannelID, true),
			telegramID(c.FieldUserID, true), telegramID(c.FieldGroupID, false),
			oneOf(c.FieldVia, true, c.JoinVias), text(c.FieldInviteLink, 512),
			requiredDate(c.FieldTimestamp),
		)
	}
	col.AddIndex("idx_channel_joins_channel_ts", false, "`"+c.FieldChannelID+"`, `"+c.FieldTimestamp+"`", "")
	col.AddIndex("idx_channel_joins_group_ts", false, "`"+c.FieldGroupID+"`, `"+c.FieldTimestamp+"`", "")
	col.AddIndex("idx_channel_joins_ts", false, "`"+c.FieldTimestamp+"`", "")
	col.ListRule, col.ViewRule, col.CreateRule, col.UpdateRule, col.DeleteRule = nil, nil, nil, nil, nil
	return app.Save(col)
}

func downChannelJoins(app core.App) error {
	col, err := app.FindCollectionByNameOrId(c.ChannelJoins)
	if err != nil {
		return nil
	}
	return app.Delete(col)
}
