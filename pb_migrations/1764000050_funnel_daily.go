package pb_migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	c "github.com/nezuko/nezuko/collections"
)

// The conversion funnel at 10M rows (issue 20, part 3): a daily stage rollup
// (rollup_funnel_daily, filled here from the hourly one) and an all-groups daily delay
// histogram (rollup_funnel_delay_all), so a 90-day window reads 90 days instead of
// 2,160 hours per group; and coarser delay keys (two significant digits of the seconds,
// see analytics' delayKey), so a day has at most a few hundred keys. The histograms are
// rebuilt from the episodes, whose exact block and subscription times are kept.

func init() {
	m.Register(upFunnelDaily, downFunnelDaily)
}

var funnelDailyDefinitions = map[string]func(col *core.Collection){
	c.RollupFunnelDaily: func(col *core.Collection) {
		col.Fields.Add(requiredDate(c.FieldDay), telegramID(c.FieldGroupID, false), count(c.FieldChecked),
			count(c.FieldBlocked), count(c.FieldSubscribed), count(c.FieldUnmuted))
		col.AddIndex("idx_rollup_fdy_day_group", true, "`"+c.FieldDay+"`, `"+c.FieldGroupID+"`", "")
		counts := "`" + c.FieldChecked + "`, `" + c.FieldBlocked + "`, `" + c.FieldSubscribed + "`, `" + c.FieldUnmuted + "`"
		col.AddIndex("idx_rollup_fdy_cover", false, "`"+c.FieldDay+"`, `"+c.FieldGroupID+"`, "+counts, "")
		col.AddIndex("idx_rollup_fdy_group_cover", false, "`"+c.FieldGroupID+"`, `"+c.FieldDay+"`, "+counts, "")
	},
	c.RollupFunnelDelayAll: func(col *core.Collection) {
		col.Fields.Add(requiredDate(c.FieldDay), count(c.FieldDelayS), count(c.FieldTotal))
		d, k, t := "`"+c.FieldDay+"`", "`"+c.FieldDelayS+"`", "`"+c.FieldTotal+"`"
		col.AddIndex("idx_rollup_fda_key", true, d+", "+k, "")
		col.AddIndex("idx_rollup_fda_cover", false, d+", "+k+", "+t, "")
	},
}

// delayKeySQL is the histogram key of an episode (alias x) in SQL: its whole seconds
// from block to subscription (milliseconds rounded, then truncated, like Go's
// Duration/Second), never negative, cut to two significant digits. It is frozen here
// as of this migration; analytics' delayKey computes the same for new episodes.
func delayKeySQL() string {
	ms := "CAST(round((julianday(x.`" + c.FieldSubscribedAt + "`) - julianday(x.`" + c.FieldBlockedAt +
		"`)) * 86400000) AS INTEGER)"
	s := "max(" + ms + ", 0) / 1000"
	return "(CASE WHEN " + s + " < 100 THEN " + s +
		" WHEN " + s + " < 1000 THEN " + s + " / 10 * 10" +
		" WHEN " + s + " < 10000 THEN " + s + " / 100 * 100" +
		" WHEN " + s + " < 100000 THEN " + s + " / 1000 * 1000" +
		" WHEN " + s + " < 1000000 THEN " + s + " / 10000 * 10000" +
		" WHEN " + s + " < 10000000 THEN " + s + " / 100000 * 100000" +
		" ELSE " + s + " / 1000000 * 1000000 END)"
}

func upFunnelDaily(app core.App) error {
	for _, name := range c.FunnelDailyRollups {
		col := upsertBase(app, name)
		funnelDailyDefinitions[name](col)
		col.System = true
		col.ListRule, col.ViewRule, col.CreateRule, col.UpdateRule, col.DeleteRule = nil, nil, nil, nil, nil
		if err := app.Save(col); err != nil {
			return err
		}
	}
	q := func(sql string) error {
		_, err := app.DB().NewQuery(sql).Execute()
		return err
	}
	day := func(ts string) string { return "substr(" + ts + ", 1, 10) || ' 00:00:00.000Z'" }
	hour := func(ts string) string { return "substr(" + ts + ", 1, 13) || ':00:00.000Z'" }
	counts := "`" + c.FieldChecked + "`, `" + c.FieldBlocked + "`, `" + c.FieldSubscribed + "`, `" + c.FieldUnmuted + "`"
	sums := "sum(`" + c.FieldChecked + "`), sum(`" + c.FieldBlocked + "`), sum(`" + c.FieldSubscribed + "`), sum(`" + c.FieldUnmuted + "`)"
	b, g, k, t := "x.`"+c.FieldBlockedAt+"`", "x.`"+c.FieldGroupID+"`", "`"+c.FieldDelayS+"`", "`"+c.FieldTotal+"`"
	subscribed := " FROM `" + c.RollupFunnelEpisodes + "` x WHERE x.`" + c.FieldSubscribedAt + "` != ''"
	for _, sql := range []string{
		"DELETE FROM `" + c.RollupFunnelDaily + "`",
		"INSERT INTO `" + c.RollupFunnelDaily + "` (`" + c.FieldDay + "`, `" + c.FieldGroupID + "`, " + counts +
			") SELECT d, gr, " + sums + " FROM (SELECT " + day("`"+c.FieldHour+"`") + " AS d, `" +
			c.FieldGroupID + "` AS gr, " + counts + " FROM `" + c.RollupFunnelHourly + "`) GROUP BY d, gr",
		"UPDATE `" + c.RollupFunnelEpisodes + "` AS x SET " + k + " = " + delayKeySQL() + " WHERE x.`" + c.FieldSubscribedAt + "` != ''",
		"DELETE FROM `" + c.RollupFunnelDelay + "`",
		"DELETE FROM `" + c.RollupFunnelDelayDaily + "`",
		"DELETE FROM `" + c.RollupFunnelDelayAll + "`",
		"INSERT INTO `" + c.RollupFunnelDelay + "` (`" + c.FieldHour + "`, `" + c.FieldGroupID + "`, " + k + ", " + t +
			") SELECT h, gr, d, n FROM (SELECT " + hour(b) + " AS h, " + g + " AS gr, x." + k + " AS d, count(*) AS n" +
			subscribed + " GROUP BY h, gr, d)",
		"INSERT INTO `" + c.RollupFunnelDelayDaily + "` (`" + c.FieldDay + "`, `" + c.FieldGroupID + "`, " + k + ", " + t +
			") SELECT h, gr, d, n FROM (SELECT " + day(b) + " AS h, " + g + " AS gr, x." + k + " AS d, count(*) AS n" +
			subscribed + " GROUP BY h, gr, d)",
		"INSERT INTO `" + c.RollupFunnelDelayAll + "` (`" + c.FieldDay + "`, " + k + ", " + t +
			") SELECT h, d, n FROM (SELECT " + day(b) + " AS h, x." + k + " AS d, count(*) AS n" +
			subscribed + " GROUP BY h, d)",
	} {
		if err := q(sql); err != nil {
			return err
		}
	}
	return nil
}

// downFunnelDaily drops the daily rollups (the delay keys stay coarse: the down
// migration of 1764000042 drops the rest).
func downFunnelDaily(app core.App) error {
	for _, name := range c.FunnelDailyRollups {
		col, err := app.FindCollectionByNameOrId(name)
		if err != nil {
			continue
		}
		col.System = false // system collections cannot be deleted, nor unmarked with validation
		if err := app.SaveNoValidate(col); err != nil {
			return err
		}
		if err := app.Delete(col); err != nil {
			return err
		}
	}
	return nil
}
