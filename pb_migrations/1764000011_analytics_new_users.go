package pb_migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	c "github.com/nezuko/nezuko/collections"
)

// rollup_new_users_hourly: users first seen per clock hour, so get_user_growth reads
// hours instead of every user. Filled from rollup_users when it already holds users.

func init() {
	m.Register(upNewUsersRollup, func(app core.App) error {
		col, err := app.FindCollectionByNameOrId(c.RollupNewUsersHourly)
		if err != nil {
			return nil
		}
		col.System = false
		if err := app.Save(col); err != nil {
			return err
		}
		return app.Delete(col)
	})
}

func upNewUsersRollup(app core.App) error {
	col := upsertBase(app, c.RollupNewUsersHourly)
	isNew := col.IsNew()
	col.Fields.Add(requiredDate(c.FieldHour), count(c.FieldTotal))
	col.AddIndex("idx_rollup_nuh_hour", true, "`"+c.FieldHour+"`", "")
	col.System = true
	col.ListRule, col.ViewRule, col.CreateRule, col.UpdateRule, col.DeleteRule = nil, nil, nil, nil, nil
	if err := app.Save(col); err != nil || !isNew {
		return err
	}
	first := "`" + c.FieldFirstSeen + "`"
	_, err := app.DB().NewQuery("INSERT INTO `" + c.RollupNewUsersHourly + "` (`" + c.FieldHour + "`, `" +
		c.FieldTotal + "`) SELECT substr(" + first + ", 1, 13) || ':00:00.000Z' AS h, count(*) FROM `" +
		c.RollupUsers + "` GROUP BY h").Execute()
	return err
}
