package gatekeeper

import (
	"context"
	"errors"
	"strings"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper/counts"
	"github.com/nezuko/nezuko/gatekeeper/groups"
	"github.com/nezuko/nezuko/gatekeeper/rights"
	"github.com/nezuko/nezuko/telegram"
)

// errClosed is returned by the command-worker operations after Close.
var errClosed = errors.New("gatekeeper: engine closed")

// op runs a command-worker operation as a unit of engine work.
func (e *Engine) op(ctx context.Context, fn func(ctx context.Context, b *bot.Bot) (map[string]any, error)) (map[string]any, error) {
	if !e.enter() {
		return nil, errClosed
	}
	defer e.leave()
	b, err := e.api()
	if err != nil {
		return nil, err
	}
	return fn(ctx, b)
}

// Mute restricts every permission of the user in the group, an admin's decision the
// bot records as kind "command": joining the channels does not lift it, Unmute does.
func (e *Engine) Mute(ctx context.Context, groupID, userID int64) (map[string]any, error) {
	return e.op(ctx, func(ctx context.Context, _ *bot.Bot) (map[string]any, error) {
		if err := e.mute(ctx, groupID, userID); err != nil {
			return nil, e.client.Redact(err)
		}
		e.store.SetRestriction(groupID, userID, c.RestrictionCommand)
		return map[string]any{"restricted": true}, nil
	})
}

// Unmute lifts any restriction of the user in the group (an admin's decision: every
// permission true) and deletes their warning.
func (e *Engine) Unmute(ctx context.Context, groupID, userID int64) (map[string]any, error) {
	return e.op(ctx, func(ctx context.Context, _ *bot.Bot) (map[string]any, error) {
		if err := e.unmute(ctx, groupID, userID); err != nil {
			return nil, e.client.Redact(err)
		}
		e.forgetOwn(groupID, userID)
		e.warnings.Remove(ctx, groupID, userID, 0)
		return map[string]any{"restricted": false}, nil
	})
}

// Ban bans the user from the group for good.
func (e *Engine) Ban(ctx context.Context, groupID, userID int64) (map[string]any, error) {
	return e.op(ctx, func(ctx context.Context, b *bot.Bot) (map[string]any, error) {
		if _, err := b.BanChatMember(telegram.WithCall(ctx, groupID, userID), &bot.BanChatMemberParams{ChatID: groupID, UserID: userID}); err != nil {
			return nil, e.client.Redact(err)
		}
		e.forgetOwn(groupID, userID) // a ban replaces any restriction
		e.warnings.Remove(ctx, groupID, userID, 0)
		return map[string]any{"banned": true}, nil
	})
}

// Unban lifts a ban (the user may join again; nothing happens if they are not banned).
func (e *Engine) Unban(ctx context.Context, groupID, userID int64) (map[string]any, error) {
	return e.op(ctx, func(ctx context.Context, b *bot.Bot) (map[string]any, error) {
		if _, err := b.UnbanChatMember(telegram.WithCall(ctx, groupID, userID), &bot.UnbanChatMemberParams{
			ChatID: groupID, UserID: userID, OnlyIfBanned: true}); err != nil {
			return nil, e.client.Redact(err)
		}
		return map[string]any{"banned": false}, nil
	})
}

// Recheck checks the user against the group's channels bypassing the cache, then
// mutes and warns them, or lifts the bot's own mute (never a person's).
func (e *Engine) Recheck(ctx context.Context, groupID, userID int64) (map[string]any, error) {
	return e.op(ctx, func(ctx context.Context, b *bot.Bot) (map[string]any, error) {
		g, err := e.store.Group(groupID)
		if err != nil {
			return nil, err
		}
		if !g.Enforced() {
			return nil, errors.New("group is not protected by this bot")
		}
		m, err := b.GetChatMember(telegram.WithCall(ctx, groupID, userID), &bot.GetChatMemberParams{ChatID: groupID, UserID: userID})
		if err != nil {
			return nil, e.client.Redact(err)
		}
		if rights.IsAdmin(*m) || g.Policy.IsExempt(userID) {
			return map[string]any{"exempt": true, "restricted": false}, nil
		}
		v := e.check(ctx, g, userID, true)
		if len(v.missing) == 0 {
			lifted, err := e.liftOwn(ctx, groupID, userID)
			if err != nil {
				return nil, e.client.Redact(err)
			}
			e.warnings.Remove(ctx, groupID, userID, 0)
			restricted := m.Type == models.ChatMemberTypeRestricted && !lifted // someone else's stays
			return map[string]any{"restricted": restricted, "missing": []int64{}}, nil
		}
		ids := groups.ChannelIDs(v.missing)
		u := rights.User(*m)
		if u == nil {
			u = &models.User{ID: userID}
		}
		if rights.InChat(*m) {
			e.act(ctx, g, u, v.missing, reasonMessage, 0, m)
		}
		return map[string]any{"restricted": rights.InChat(*m) && !g.Policy.Observe, "missing": ids}, nil
	})
}

// SendMessage sends a text into the group, within its message window: as Telegram
// HTML, or as typed when it is not valid HTML (e.g. "a < b").
func (e *Engine) SendMessage(ctx context.Context, groupID int64, text string) (map[string]any, error) {
	return e.op(ctx, func(ctx context.Context, _ *bot.Bot) (map[string]any, error) {
		if err := e.groupRate.Wait(ctx, groupID); err != nil {
			return nil, err
		}
		id, err := e.send(ctx, groupID, 0, text, nil)
		if err != nil && strings.Contains(err.Error(), "can't parse entities") {
			id, err = e.send(ctx, groupID, 0, esc(text), nil) // not HTML: send it as typed
		}
		if err != nil {
			return nil, e.client.Redact(err)
		}
		return map[string]any{"message_id": id}, nil
	})
}

// LeaveGroup makes the bot leave the group (its protected_groups row stays).
func (e *Engine) LeaveGroup(ctx context.Context, groupID int64) (map[string]any, error) {
	return e.op(ctx, func(ctx context.Context, b *bot.Bot) (map[string]any, error) {
		if _, err := b.LeaveChat(telegram.WithCall(ctx, groupID, 0), &bot.LeaveChatParams{ChatID: groupID}); err != nil {
			return nil, e.client.Redact(err)
		}
		e.store.Forget(groupID)
		return map[string]any{"left": true}, nil
	})
}

// SyncMembers stores member_count of the group (0: every group of this bot) and
// subscriber_count of its channels, with last_sync_at.
func (e *Engine) SyncMembers(ctx context.Context, groupID int64) (map[string]any, error) {
	return e.op(ctx, func(ctx context.Context, b *bot.Bot) (map[string]any, error) {
		var gs []*groups.Group
		if groupID == 0 {
			all, err := e.store.Mine()
			if err != nil {
				return nil, err
			}
			gs = all
		} else {
			g, err := e.store.Group(groupID)
			if err != nil {
				return nil, err
			}
			if g == nil || !g.Mine {
				return nil, errors.New("group is not protected by this bot")
			}
			gs = []*groups.Group{g}
		}
		r := counts.Sync(ctx, e.countReader(b), e.store, e.log, gs)
		return map[string]any{"groups": r.Groups, "channels": r.Channels, "synced": r.Synced, "failed": r.Failed}, nil
	})
}

// countReader reads a chat's member count through b (errors redacted).
func (e *Engine) countReader(b *bot.Bot) counts.Reader {
	return func(ctx context.Context, chatID int64) (int, error) {
		n, err := b.GetChatMemberCount(telegram.WithCall(ctx, chatID, 0), &bot.GetChatMemberCountParams{ChatID: chatID})
		return n, e.client.Redact(err)
	}
}

// ClearCache forgets cached memberships of the group's channels, its administrators
// and settings (0: everything).
func (e *Engine) ClearCache(groupID int64) map[string]any {
	if groupID == 0 {
		n := e.members.Clear(nil)
		e.admins.Forget(0)
		e.store.ForgetAll()
		return map[string]any{"cleared": n}
	}
	chans := map[int64]bool{}
	if g, err := e.store.Group(groupID); err == nil && g != nil {
		for _, ch := range g.Channels {
			chans[ch.ID] = true
		}
	}
	n := 0
	if len(chans) > 0 {
		n = e.members.Clear(chans)
	}
	e.admins.Forget(groupID)
	e.store.Forget(groupID)
	return map[string]any{"cleared": n}
}
