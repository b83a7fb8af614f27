package pb_migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	c "github.com/nezuko/nezuko/collections"
)

// The rollup collections of package analytics: superuser-only (nil API rules), system
// collections (not deletable from the admin UI), filled incrementally from the logs.

func init() {
	m.Register(upRollups, downRollups)
}

var rollupDefinitions = map[string]func(col *core.Collection){
	c.RollupState: func(col *core.Collection) {
		col.Fields.Add(requiredText(c.FieldKey, 64), count(c.FieldLastRowID),
			text(c.FieldLastRef, 64), date(c.FieldRawFloor))
		col.AddIndex("idx_rollup_state_key", true, "`"+c.FieldKey+"`", "")
	},
	c.RollupVerificationHourly: func(col *core.Collection) {
		col.Fields.Add(requiredDate(c.FieldHour))
		for _, f := range []string{c.FieldTotal, c.FieldVerified, c.FieldRestricted, c.FieldErrors,
			c.FieldCachedRows, c.FieldLatencyRows} {
			col.Fields.Add(count(f))
		}
		col.Fields.Add(&core.NumberField{Name: c.FieldLatencySum})
		for _, f := range []string{c.FieldLatLT50, c.FieldLatLT100, c.FieldLatLT200, c.FieldLatLT500, c.FieldLatGE500} {
			col.Fields.Add(count(f))
		}
		col.AddIndex("idx_rollup_vh_hour", true, "`"+c.FieldHour+"`", "")
	},
	c.RollupGroupHourly: func(col *core.Collection) {
		col.Fields.Add(requiredDate(c.FieldHour), telegramID(c.FieldGroupID, false),
			count(c.FieldTotal), count(c.FieldVerified))
		col.AddIndex("idx_rollup_gh_hour_group", true, "`"+c.FieldHour+"`, `"+c.FieldGroupID+"`", "")
	},
	c.RollupLatencyHourly: func(col *core.Collection) {
		col.Fields.Add(requiredDate(c.FieldHour), count(c.FieldLatencyMS), count(c.FieldTotal))
		col.AddIndex("idx_rollup_lh_hour_latency", true, "`"+c.FieldHour+"`, `"+c.FieldLatencyMS+"`", "")
	},
	c.RollupLatencyDaily: func(col *core.Collection) {
		col.Fields.Add(requiredDate(c.FieldDay), count(c.FieldLatencyMS), count(c.FieldTotal))
		col.AddIndex("idx_rollup_ld_day_latency", true, "`"+c.FieldDay+"`, `"+c.FieldLatencyMS+"`", "")
	},
	c.RollupUsers: func(col *core.Collection) {
		col.Fields.Add(telegramID(c.FieldUserID, false), requiredDate(c.FieldFirstSeen))
		col.AddIndex("idx_rollup_users_user", true, "`"+c.FieldUserID+"`", "")
		col.AddIndex("idx_rollup_users_first_seen", false, "`"+c.FieldFirstSeen+"`", "")
	},
	c.RollupAPIHourly: func(col *core.Collection) {
		col.Fields.Add(requiredDate(c.FieldHour), requiredText(c.FieldMethod, 64), count(c.FieldTotal))
		col.AddIndex("idx_rollup_ah_hour_method", true, "`"+c.FieldHour+"`, `"+c.FieldMethod+"`", "")
	},
}

func upRollups(app core.App) error {
	for _, name := range c.Rollups {
		define, ok := rollupDefinitions[name]
		if !ok {
			continue // created by a later migration
		}
		col := upsertBase(app, name)
		define(col)
		col.System = true
		col.ListRule, col.ViewRule, col.CreateRule, col.UpdateRule, col.DeleteRule = nil, nil, nil, nil, nil
		if err := app.Save(col); err != nil {
			return err
		}
	}
	return nil
}

func downRollups(app core.App) error {
	for _, name := range c.Rollups {
		col, err := app.FindCollectionByNameOrId(name)
		if err != nil {
			continue
		}
		col.System = false // system collections cannot be deleted
		if err := app.Save(col); err != nil {
			return err
		}
		if err := app.Delete(col); err != nil {
			return err
		}
	}
	return nil
}
