package pb_migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	c "github.com/nezuko/nezuko/collections"
)

// Replaced invite links are kept (issue 20, part 2): bot_invite_links gains revoked_at
// ("" = the pair's current link) and the one-row-per-(bot, group, channel) index
// holds only for current links, so a join request approved after its link was
// replaced is still attributed to the group the link belonged to.

func init() {
	m.Register(upInviteLinksRevoked, downInviteLinksRevoked)
}

const pairIndex = "idx_bot_invite_links_pair"

func pairColumns() string {
	return "`" + c.FieldBotID + "`, `" + c.FieldGroupID + "`, `" + c.FieldChannelID + "`"
}

func upInviteLinksRevoked(app core.App) error {
	col, err := app.FindCollectionByNameOrId(c.BotInviteLinks)
	if err != nil {
		return err
	}
	if col.Fields.GetByName(c.FieldRevokedAt) == nil {
		col.Fields.Add(&core.DateField{Name: c.FieldRevokedAt})
	}
	col.RemoveIndex(pairIndex)
	col.AddIndex(pairIndex, true, pairColumns(), "`"+c.FieldRevokedAt+"` = ''")
	return app.Save(col)
}

// downInviteLinksRevoked drops the replaced links and the field.
func downInviteLinksRevoked(app core.App) error {
	col, err := app.FindCollectionByNameOrId(c.BotInviteLinks)
	if err != nil {
		return nil
	}
	if _, err := app.DB().NewQuery("DELETE FROM `" + c.BotInviteLinks + "` WHERE `" + c.FieldRevokedAt + "` != ''").Execute(); err != nil {
		return err
	}
	col.RemoveIndex(pairIndex)
	col.AddIndex(pairIndex, true, pairColumns(), "")
	col.Fields.RemoveByName(c.FieldRevokedAt)
	return app.Save(col)
}
