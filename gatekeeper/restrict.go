package gatekeeper

import (
	"context"
	"strconv"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/nezuko/nezuko/gatekeeper/rights"
	"github.com/nezuko/nezuko/telegram"
)

// mute restricts every send permission of the user in the group, indefinitely.
func (e *Engine) mute(ctx context.Context, groupID, userID int64) error {
	b, err := e.api()
	if err != nil {
		return err
	}
	perms := rights.Muted
	_, err = b.RestrictChatMember(telegram.WithCall(ctx, groupID, userID), &bot.RestrictChatMemberParams{
		ChatID: groupID, UserID: userID, Permissions: &perms, UseIndependentChatPermissions: true})
	return err
}

// unmute lifts the user's restriction: every permission true, so they are a plain
// member again and the group's defaults apply to them.
func (e *Engine) unmute(ctx context.Context, groupID, userID int64) error {
	b, err := e.api()
	if err != nil {
		return err
	}
	perms := rights.Unmuted
	_, err = b.RestrictChatMember(telegram.WithCall(ctx, groupID, userID), &bot.RestrictChatMemberParams{
		ChatID: groupID, UserID: userID, Permissions: &perms, UseIndependentChatPermissions: true})
	return err
}

// kick removes the user from the group without banning them.
func (e *Engine) kick(ctx context.Context, groupID, userID int64) error {
	b, err := e.api()
	if err != nil {
		return err
	}
	cctx := telegram.WithCall(ctx, groupID, userID)
	if _, err := b.BanChatMember(cctx, &bot.BanChatMemberParams{ChatID: groupID, UserID: userID}); err != nil {
		return err
	}
	_, err = b.UnbanChatMember(cctx, &bot.UnbanChatMemberParams{ChatID: groupID, UserID: userID, OnlyIfBanned: true})
	return err
}

// kickUnlessRestricted removes a member who is not restricted (ban + unban). Kicking
// erases a restriction (the unban leaves no trace of it), so a member restricted by
// someone else is left alone; one the bot muted itself is kicked and its record
// dropped. It reports whether the user was removed.
func (e *Engine) kickUnlessRestricted(ctx context.Context, groupID, userID int64, cur *models.ChatMember) bool {
	if cur == nil {
		m, err := e.member(ctx, groupID, userID)
		if err != nil {
			e.log.Warn("member not read; not removed", "group_id", groupID, "user_id", userID, "error", e.client.Redact(err))
			return false
		}
		cur = m
	}
	own := e.ownsMute(groupID, userID)
	if rights.IsAdmin(*cur) || cur.Type == models.ChatMemberTypeRestricted && !own {
		return false
	}
	if err := e.kick(ctx, groupID, userID); err != nil {
		e.log.Warn("member not removed", "group_id", groupID, "user_id", userID, "error", err)
		return false
	}
	if own {
		e.forgetOwn(groupID, userID)
	}
	return true
}

// deleteMessage deletes a message, at most once (timers.Deletions.Once); a failure is
// only logged (the Telegram client logged it).
func (e *Engine) deleteMessage(ctx context.Context, chatID int64, msgID int) {
	b, err := e.api()
	if err != nil {
		return
	}
	e.deletions.Once(chatID, msgID, func() error {
		_, err := b.DeleteMessage(telegram.WithCall(ctx, chatID, 0), &bot.DeleteMessageParams{ChatID: chatID, MessageID: msgID})
		if err != nil {
			e.log.Debug("message not deleted", "chat_id", chatID, "message_id", strconv.Itoa(msgID), "error", err)
		}
		return err
	})
}

// isAdmin reports whether the user is the group's creator or an administrator. A
// failed lookup counts as "not an admin" and is logged.
func (e *Engine) isAdmin(ctx context.Context, groupID, userID int64) bool {
	ids, ok := e.admins.Get(groupID, time.Now())
	if !ok {
		v, err, _ := e.admins.Flight.Do(strconv.FormatInt(groupID, 10), func() (any, error) {
			b, err := e.api()
			if err != nil {
				return nil, err
			}
			list, err := b.GetChatAdministrators(telegram.WithCall(ctx, groupID, 0), &bot.GetChatAdministratorsParams{ChatID: groupID})
			if err != nil {
				return nil, err
			}
			set := make(map[int64]bool, len(list))
			for _, m := range list {
				if u := rights.User(m); u != nil {
					set[u.ID] = true
				}
			}
			e.admins.Put(groupID, set, time.Now())
			return set, nil
		})
		if err != nil {
			e.log.Warn("administrators not read; treated as a member", "group_id", groupID, "error", err)
			return false
		}
		ids = v.(map[int64]bool)
	}
	return ids[userID]
}
