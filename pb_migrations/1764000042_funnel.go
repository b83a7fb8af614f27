package pb_migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	c "github.com/nezuko/nezuko/collections"
)

// The conversion funnel (issue 20 item 3): gate_events, the engine's append-only log
// of funnel steps, and the rollups package analytics keeps of it and of channel_joins.
// All superuser-only (nil API rules); an index on channel_joins (user_id, timestamp)
// lets the rollup find a blocked user's later joins. The rollups' covering indexes (by
// hour, and by group then hour) let a window be read from the index alone: tens of
// thousands of rows at 90 days instead of as many random table reads.

func init() {
	m.Register(upFunnel, downFunnel)
}

var funnelDefinitions = map[string]func(col *core.Collection){
	c.GateEvents: func(col *core.Collection) {
		col.Fields.Add(telegramID(c.FieldBotID, true), telegramID(c.FieldGroupID, true),
			telegramID(c.FieldUserID, true), oneOf(c.FieldKind, true, c.GateKinds), requiredDate(c.FieldTimestamp))
		col.AddIndex("idx_gate_events_ts", false, "`"+c.FieldTimestamp+"`", "")
		col.AddIndex("idx_gate_events_group_ts", false, "`"+c.FieldGroupID+"`, `"+c.FieldTimestamp+"`", "")
	},
	c.RollupFunnelHourly: func(col *core.Collection) {
		col.Fields.Add(requiredDate(c.FieldHour), telegramID(c.FieldGroupID, false), count(c.FieldChecked),
			count(c.FieldBlocked), count(c.FieldSubscribed), count(c.FieldUnmuted))
		col.AddIndex("idx_rollup_fh_hour_group", true, "`"+c.FieldHour+"`, `"+c.FieldGroupID+"`", "")
		counts := "`" + c.FieldChecked + "`, `" + c.FieldBlocked + "`, `" + c.FieldSubscribed + "`, `" + c.FieldUnmuted + "`"
		col.AddIndex("idx_rollup_fh_cover", false, "`"+c.FieldHour+"`, `"+c.FieldGroupID+"`, "+counts, "")
		col.AddIndex("idx_rollup_fh_group_cover", false, "`"+c.FieldGroupID+"`, `"+c.FieldHour+"`, "+counts, "")
	},
	c.RollupFunnelEpisodes: func(col *core.Collection) {
		col.Fields.Add(telegramID(c.FieldGroupID, true), telegramID(c.FieldUserID, true),
			requiredDate(c.FieldBlockedAt), date(c.FieldSubscribedAt), date(c.FieldUnmutedAt), count(c.FieldDelayS))
		col.AddIndex("idx_rollup_fe_group_user", false, "`"+c.FieldGroupID+"`, `"+c.FieldUserID+"`, `"+c.FieldBlockedAt+"`", "")
		col.AddIndex("idx_rollup_fe_user", false, "`"+c.FieldUserID+"`, `"+c.FieldBlockedAt+"`", "")
		col.AddIndex("idx_rollup_fe_blocked", false, "`"+c.FieldBlockedAt+"`", "")
		col.AddIndex("idx_rollup_fe_group_blocked", false, "`"+c.FieldGroupID+"`, `"+c.FieldBlockedAt+"`", "")
	},
	c.RollupFunnelDelay:      delayRollup(c.FieldHour, "fd"),
	c.RollupFunnelDelayDaily: delayRollup(c.FieldDay, "fdd"),
	c.RollupJoinsHourly:      joinsRollup(c.FieldHour, "jh"),
	c.RollupJoinsDaily:       joinsRollup(c.FieldDay, "jd"),
}

// delayRollup defines a block-to-subscription histogram per bucket (hour or day) and group.
func delayRollup(bucket, tag string) func(col *core.Collection) {
	return func(col *core.Collection) {
		col.Fields.Add(requiredDate(bucket), telegramID(c.FieldGroupID, false), count(c.FieldDelayS), count(c.FieldTotal))
		b, g, d, t := "`"+bucket+"`", "`"+c.FieldGroupID+"`", "`"+c.FieldDelayS+"`", "`"+c.FieldTotal+"`"
		col.AddIndex("idx_rollup_"+tag+"_key", true, b+", "+g+", "+d, "")
		col.AddIndex("idx_rollup_"+tag+"_cover", false, b+", "+g+", "+d+", "+t, "")
		col.AddIndex("idx_rollup_"+tag+"_group_cover", false, g+", "+b+", "+d+", "+t, "")
	}
}

// joinsRollup defines channel join counts per bucket (hour or day), channel, group and via.
func joinsRollup(bucket, tag string) func(col *core.Collection) {
	return func(col *core.Collection) {
		col.Fields.Add(requiredDate(bucket), telegramID(c.FieldChannelID, false), telegramID(c.FieldGroupID, false),
			requiredText(c.FieldVia, 16), count(c.FieldTotal))
		b, ch, g, v, t := "`"+bucket+"`", "`"+c.FieldChannelID+"`", "`"+c.FieldGroupID+"`", "`"+c.FieldVia+"`", "`"+c.FieldTotal+"`"
		col.AddIndex("idx_rollup_"+tag+"_key", true, b+", "+ch+", "+g+", "+v, "")
		col.AddIndex("idx_rollup_"+tag+"_cover", false, b+", "+ch+", "+g+", "+v+", "+t, "")
		col.AddIndex("idx_rollup_"+tag+"_group_cover", false, g+", "+b+", "+ch+", "+v+", "+t, "")
	}
}

func upFunnel(app core.App) error {
	for _, name := range append([]string{c.GateEvents}, c.FunnelRollups...) {
		col := upsertBase(app, name)
		funnelDefinitions[name](col)
		col.System = name != c.GateEvents
		col.ListRule, col.ViewRule, col.CreateRule, col.UpdateRule, col.DeleteRule = nil, nil, nil, nil, nil
		if err := app.Save(col); err != nil {
			return err
		}
	}
	joins, err := app.FindCollectionByNameOrId(c.ChannelJoins)
	if err != nil {
		return err
	}
	joins.AddIndex("idx_channel_joins_user_ts", false, "`"+c.FieldUserID+"`, `"+c.FieldTimestamp+"`", "")
	return app.Save(joins)
}

func downFunnel(app core.App) error {
	if joins, err := app.FindCollectionByNameOrId(c.ChannelJoins); err == nil {
		joins.RemoveIndex("idx_channel_joins_user_ts")
		if err := app.Save(joins); err != nil {
			return err
		}
	}
	for _, name := range append([]string{c.GateEvents}, c.FunnelRollups...) {
		col, err := app.FindCollectionByNameOrId(name)
		if err != nil {
			continue
		}
		col.System = false
		if err := app.Save(col); err != nil {
			return err
		}
		if err := app.Delete(col); err != nil {
			return err
		}
	}
	return nil
}
