package pb_migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	c "github.com/nezuko/nezuko/collections"
)

// Issue 20 part A: enforced_channels.count_join_requests (a pending join request
// counts as membership; editable like the rest of the channel), and two internal,
// superuser-only collections of the engine: bot_invite_links (the bot's named link
// per group and channel) and bot_join_requests (pending join requests to channels).

func init() {
	m.Register(upGrowthLinks, downGrowthLinks)
}

func upGrowthLinks(app core.App) error {
	ch, err := app.FindCollectionByNameOrId(c.EnforcedChannels)
	if err != nil {
		return err
	}
	if ch.Fields.GetByName(c.FieldCountJoinRequests) == nil {
		ch.Fields.Add(flag(c.FieldCountJoinRequests))
		if err := app.Save(ch); err != nil {
			return err
		}
	}
	l := upsertBase(app, c.BotInviteLinks)
	if l.Fields.GetByName(c.FieldBotID) == nil {
		l.Fields.Add(telegramID(c.FieldBotID, true), telegramID(c.FieldGroupID, true), telegramID(c.FieldChannelID, true),
			requiredText(c.FieldInviteLink, 512), flag(c.FieldCreatesJoinRequest))
		l.Fields.Add(timestamps()...)
	}
	l.AddIndex("idx_bot_invite_links_pair", true, "`"+c.FieldBotID+"`, `"+c.FieldGroupID+"`, `"+c.FieldChannelID+"`", "")
	l.AddIndex("idx_bot_invite_links_link", false, "`"+c.FieldChannelID+"`, `"+c.FieldInviteLink+"`", "")
	l.ListRule, l.ViewRule, l.CreateRule, l.UpdateRule, l.DeleteRule = nil, nil, nil, nil, nil
	if err := app.Save(l); err != nil {
		return err
	}
	r := upsertBase(app, c.BotJoinRequests)
	if r.Fields.GetByName(c.FieldBotID) == nil {
		r.Fields.Add(telegramID(c.FieldBotID, true), telegramID(c.FieldChannelID, true), telegramID(c.FieldUserID, true),
			text(c.FieldInviteLink, 512), requiredDate(c.FieldTimestamp))
		r.Fields.Add(timestamps()...)
	}
	r.AddIndex("idx_bot_join_requests_pair", true, "`"+c.FieldBotID+"`, `"+c.FieldChannelID+"`, `"+c.FieldUserID+"`", "")
	r.AddIndex("idx_bot_join_requests_ts", false, "`"+c.FieldBotID+"`, `"+c.FieldTimestamp+"`", "")
	r.ListRule, r.ViewRule, r.CreateRule, r.UpdateRule, r.DeleteRule = nil, nil, nil, nil, nil
	return app.Save(r)
}

func downGrowthLinks(app core.App) error {
	for _, name := range []string{c.BotJoinRequests, c.BotInviteLinks} {
		if col, err := app.FindCollectionByNameOrId(name); err == nil {
			if err := app.Delete(col); err != nil {
				return err
			}
		}
	}
	if ch, err := app.FindCollectionByNameOrId(c.EnforcedChannels); err == nil && ch.Fields.GetByName(c.FieldCountJoinRequests) != nil {
		ch.Fields.RemoveByName(c.FieldCountJoinRequests)
		return app.Save(ch)
	}
	return nil
}
