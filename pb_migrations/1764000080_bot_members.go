package pb_migrations

import (
	"time"

	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	c "github.com/nezuko/nezuko/collections"
)

// bot_members: where each bot has seen each user (issue 22: a channel leave looks the
// user up only in those of the channel's groups; a channel join finds the user's
// mutes by the new bot_restrictions index by user). Superuser-only; one row per (bot,
// user, group), the index serving both the upsert and "this user's groups". Filled
// from the last MembersKeepDays of verification_log, so an upgrade keeps knowing who
// was checked where.

func init() {
	m.Register(upBotMembers, downBotMembers)
}

func upBotMembers(app core.App) error {
	col := upsertBase(app, c.BotMembers)
	fresh := col.Fields.GetByName(c.FieldBotID) == nil
	if fresh {
		col.Fields.Add(telegramID(c.FieldBotID, true), telegramID(c.FieldGroupID, true),
			telegramID(c.FieldUserID, true), requiredDate(c.FieldSeenAt))
	}
	col.AddIndex("idx_bot_members_user", true,
		"`"+c.FieldBotID+"`, `"+c.FieldUserID+"`, `"+c.FieldGroupID+"`", "")
	col.ListRule, col.ViewRule, col.CreateRule, col.UpdateRule, col.DeleteRule = nil, nil, nil, nil, nil
	if err := app.Save(col); err != nil {
		return err
	}
	if err := indexRestrictionsByUser(app, true); err != nil {
		return err
	}
	if !fresh {
		return nil
	}
	return backfillBotMembers(app)
}

// backfillBotMembers notes every (bot, group, user) of the verification_log rows of
// the last MembersKeepDays, at its latest check.
func backfillBotMembers(app core.App) error {
	since := c.DBTime(time.Now().AddDate(0, 0, -c.MembersKeepDays))
	q := "INSERT INTO `" + c.BotMembers + "` (`id`, `" + c.FieldBotID + "`, `" + c.FieldGroupID + "`, `" +
		c.FieldUserID + "`, `" + c.FieldSeenAt + "`)" +
		" SELECT substr(lower(hex(randomblob(8))), 1, 15), b.`" + c.FieldBotID + "`, v.`" + c.FieldGroupID + "`, v.`" +
		c.FieldUserID + "`, max(v.`" + c.FieldTimestamp + "`)" +
		" FROM `" + c.VerificationLog + "` v JOIN `" + c.BotInstances + "` b ON b.`id` = v.`" + c.FieldBotInstance + "`" +
		" WHERE v.`" + c.FieldTimestamp + "` >= {:since} AND v.`" + c.FieldUserID + "` != 0" +
		" GROUP BY b.`" + c.FieldBotID + "`, v.`" + c.FieldGroupID + "`, v.`" + c.FieldUserID + "`" +
		" ON CONFLICT DO NOTHING"
	_, err := app.DB().NewQuery(q).Bind(map[string]any{"since": since}).Execute()
	return err
}

// indexRestrictionsByUser adds (or drops) the bot_restrictions index by (bot, user),
// which a channel join reads to find the user's mutes among the channel's groups.
func indexRestrictionsByUser(app core.App, add bool) error {
	col, err := app.FindCollectionByNameOrId(c.BotRestrictions)
	if err != nil {
		return err
	}
	col.RemoveIndex("idx_bot_restrictions_user")
	if add {
		col.AddIndex("idx_bot_restrictions_user", false, "`"+c.FieldBotID+"`, `"+c.FieldUserID+"`", "")
	}
	return app.Save(col)
}

func downBotMembers(app core.App) error {
	if err := indexRestrictionsByUser(app, false); err != nil {
		return err
	}
	if col, err := app.FindCollectionByNameOrId(c.BotMembers); err == nil {
		return app.Delete(col)
	}
	return nil
}
