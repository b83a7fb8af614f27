package pb_migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	c "github.com/nezuko/nezuko/collections"
)

// The gatekeeper's durable memory, both internal and superuser-only (nil API rules):
// bot_restrictions, the restrictions each bot set itself (the only ones it lifts), and
// bot_timers, its pending message deletions and join-request declines.

func init() {
	m.Register(upBotRestrictions, downBotRestrictions)
}

func upBotRestrictions(app core.App) error {
	r := upsertBase(app, c.BotRestrictions)
	if r.Fields.GetByName(c.FieldBotID) == nil {
		r.Fields.Add(telegramID(c.FieldBotID, true), telegramID(c.FieldGroupID, true), telegramID(c.FieldUserID, true),
			oneOf(c.FieldKind, true, c.RestrictionKinds), date(c.FieldCheckedAt))
		r.Fields.Add(timestamps()...)
	}
	r.AddIndex("idx_bot_restrictions_member", true,
		"`"+c.FieldBotID+"`, `"+c.FieldGroupID+"`, `"+c.FieldUserID+"`", "")
	r.AddIndex("idx_bot_restrictions_checked", false, "`"+c.FieldBotID+"`, `"+c.FieldCheckedAt+"`", "")
	r.ListRule, r.ViewRule, r.CreateRule, r.UpdateRule, r.DeleteRule = nil, nil, nil, nil, nil
	if err := app.Save(r); err != nil {
		return err
	}
	t := upsertBase(app, c.BotTimers)
	if t.Fields.GetByName(c.FieldBotID) == nil {
		t.Fields.Add(telegramID(c.FieldBotID, true), oneOf(c.FieldKind, true, c.TimerKinds),
			telegramID(c.FieldChatID, true), telegramID(c.FieldUserID, false), telegramID(c.FieldMessageID, false),
			requiredDate(c.FieldDueAt))
		t.Fields.Add(timestamps()...)
	}
	t.AddIndex("idx_bot_timers_due", false, "`"+c.FieldBotID+"`, `"+c.FieldDueAt+"`", "")
	t.AddIndex("idx_bot_timers_target", false,
		"`"+c.FieldBotID+"`, `"+c.FieldKind+"`, `"+c.FieldChatID+"`, `"+c.FieldUserID+"`, `"+c.FieldMessageID+"`", "")
	t.ListRule, t.ViewRule, t.CreateRule, t.UpdateRule, t.DeleteRule = nil, nil, nil, nil, nil
	return app.Save(t)
}

func downBotRestrictions(app core.App) error {
	for _, name := range []string{c.BotTimers, c.BotRestrictions} {
		if col, err := app.FindCollectionByNameOrId(name); err == nil {
			if err := app.Delete(col); err != nil {
				return err
			}
		}
	}
	return nil
}
