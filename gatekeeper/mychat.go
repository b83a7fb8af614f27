package gatekeeper

import (
	"context"

	"github.com/go-telegram/bot/models"

	"github.com/nezuko/nezuko/gatekeeper/groups"
	"github.com/nezuko/nezuko/gatekeeper/i18n"
	"github.com/nezuko/nezuko/gatekeeper/rights"
	"github.com/nezuko/nezuko/gatekeeper/store"
	"github.com/nezuko/nezuko/gatekeeper/warnings"
)

// onMyChatMember follows the bot's own membership: added to a group, the group is
// recorded (not enforced until /protect) and the adder gets a setup hint; removed,
// the group is disabled; any other change (promoted, demoted) in a group or in a
// linked channel re-checks the rights of the groups concerned at once.
func (e *Engine) onMyChatMember(ctx context.Context, u *models.ChatMemberUpdated) {
	e.admins.Forget(u.Chat.ID)
	e.store.Forget(u.Chat.ID)
	was, now := rights.InChat(u.OldChatMember), rights.InChat(u.NewChatMember)
	switch u.Chat.Type {
	case models.ChatTypeGroup, models.ChatTypeSupergroup:
		switch {
		case !was && now:
			e.onAdded(ctx, u)
		case was && !now:
			e.onRemoved(u)
		default:
			if g, err := e.store.Group(u.Chat.ID); err == nil && g != nil && g.Mine {
				e.checkHealth(ctx, g)
			}
		}
	case models.ChatTypeChannel:
		ids, err := e.store.ChannelGroups(u.Chat.ID)
		if err != nil {
			e.log.Error("groups of channel not read", "channel_id", u.Chat.ID, "error", err)
			return
		}
		for _, id := range ids {
			if g, err := e.store.Group(id); err == nil && g != nil && g.Mine {
				e.checkHealth(ctx, g)
			}
		}
	}
}

// onAdded records a group the bot was added to and sends the adder a setup hint
// (privately when they have started the bot, else in the group).
func (e *Engine) onAdded(ctx context.Context, u *models.ChatMemberUpdated) {
	g, err := e.recordGroup(u.Chat, &u.From)
	if err != nil {
		e.log.Error("group not recorded", "group_id", u.Chat.ID, "error", err)
		return
	}
	e.log.Info("bot added to a group", "group_id", u.Chat.ID, "title", u.Chat.Title, "by", u.From.ID)
	if g == nil || !g.Mine {
		return // another bot serves it
	}
	key := i18n.AddedHint
	if rights.CanRestrict(u.NewChatMember) {
		key = i18n.AddedHintAdmin
	}
	lang := i18n.UserLang(u.From.LanguageCode)
	if g.Policy.Language != "en" {
		lang = g.Policy.Language
	}
	text := i18n.T(lang, key, "group", esc(u.Chat.Title), "user", warnings.Mention(&u.From))
	if _, err := e.send(ctx, u.From.ID, u.From.ID, text, nil); err != nil {
		if err := e.groupRate.Wait(ctx, u.Chat.ID); err == nil {
			if _, err := e.send(ctx, u.Chat.ID, u.From.ID, text, nil); err != nil {
				e.log.Warn("setup hint not sent", "group_id", u.Chat.ID, "error", err)
			}
		}
	}
	e.checkHealth(ctx, g)
}

// recordGroup makes sure the group has a protected_groups row (store.RecordGroup; a
// bot adder owns nothing) and returns it.
func (e *Engine) recordGroup(chat models.Chat, adder *models.User) (*groups.Group, error) {
	if adder != nil && adder.IsBot {
		adder = nil
	}
	if err := e.store.RecordGroup(chat.ID, chat.Title, owner(adder)); err != nil {
		return nil, err
	}
	e.store.Forget(chat.ID)
	return e.store.Group(chat.ID)
}

// owner is the owners row a Telegram user is recorded as (nil for nil).
func owner(u *models.User) *store.Owner {
	if u == nil {
		return nil
	}
	return &store.Owner{UserID: u.ID, Username: u.Username}
}

// onRemoved disables the group the bot was removed from (when it served it) and
// writes an admin log.
func (e *Engine) onRemoved(u *models.ChatMemberUpdated) {
	g, err := e.store.Group(u.Chat.ID)
	if err != nil || g == nil || !g.Mine {
		return
	}
	if g.Enabled {
		if err := e.store.SetEnabled(g.RecordID, false); err != nil {
			e.log.Error("group not disabled", "group_id", g.ID, "error", err)
			return
		}
	}
	e.store.Forget(g.ID)
	e.log.Warn("bot removed from a group: protection disabled", "group_id", g.ID, "title", g.Title, "by", u.From.ID)
}
