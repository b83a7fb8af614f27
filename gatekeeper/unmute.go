package gatekeeper

import (
	"context"
	"strconv"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper/groups"
	"github.com/nezuko/nezuko/gatekeeper/rights"
	"github.com/nezuko/nezuko/telegram"
)

// recheckBatch is how many of its own mutes the bot re-checks per sweep (a minute):
// one getChatMember in the group and the channel lookups each, well within the rate
// budget.
const recheckBatch = 3

// recheckFor is how long after muting someone the bot keeps re-checking them in the
// background; older mutes are still lifted when the user comes back or a channel
// join update arrives.
const recheckFor = 7 * 24 * time.Hour

// member reads the user's membership in a chat (getChatMember).
func (e *Engine) member(ctx context.Context, chatID, userID int64) (*models.ChatMember, error) {
	b, err := e.api()
	if err != nil {
		return nil, err
	}
	return b.GetChatMember(telegram.WithCall(ctx, chatID, userID), &bot.GetChatMemberParams{ChatID: chatID, UserID: userID})
}

// restrictOwn mutes a member of the group for missing channels and records the mute
// as the bot's own. A member who is restricted already is left as they are: the
// bot's own mute stays, and a restriction someone else set is never overwritten,
// loosened, shortened or lengthened. cur is the member when the caller read it
// already. When the member cannot be read, the group's on_error decides (restrict:
// mute anyway, allow: leave them). It reports whether the user is muted (by anyone)
// now; false for an admin or when Telegram refused.
func (e *Engine) restrictOwn(ctx context.Context, g *groups.Group, userID int64, cur *models.ChatMember) bool {
	groupID := g.ID
	if cur == nil {
		m, err := e.member(ctx, groupID, userID)
		if err != nil && g.Policy.AllowOnError {
			e.log.Warn("member not read; not restricted (on_error allow)", "group_id", groupID, "user_id", userID, "error", e.client.Redact(err))
			return false
		}
		cur = m
	}
	switch {
	case cur == nil: // unread, on_error restrict
	case rights.IsAdmin(*cur):
		return false
	case cur.Type == models.ChatMemberTypeRestricted:
		return true
	}
	if err := e.mute(ctx, groupID, userID); err != nil {
		e.log.Warn("member not restricted", "group_id", groupID, "user_id", userID, "error", err)
		return false
	}
	// Recorded through the write queue (a locked database never holds a mute back);
	// the engine sees it at once.
	e.store.SetRestriction(groupID, userID, c.RestrictionChannels)
	return true
}

// forgetOwn drops the bot's record of a restriction (lifted, or someone else's now).
func (e *Engine) forgetOwn(groupID, userID int64) { e.store.SetRestriction(groupID, userID, "") }

// ownsMute reports whether the bot holds a mute for missing channels on the user
// (false, logged, when the record cannot be read).
func (e *Engine) ownsMute(groupID, userID int64) bool {
	owns, err := e.ownMute(groupID, userID)
	if err != nil {
		e.log.Error("restriction record not read", "group_id", groupID, "user_id", userID, "error", err)
	}
	return owns
}

// ownMute is ownsMute with the read error.
func (e *Engine) ownMute(groupID, userID int64) (bool, error) {
	kind, err := e.store.RestrictionKind(groupID, userID)
	return kind == c.RestrictionChannels, err
}

// liftOwn lifts the bot's own mute for missing channels, once the caller saw the
// user in every channel. It reads the member first: a restriction a person set or
// changed since, a lift or a ban, is left alone and the record dropped. It reports
// whether it lifted a mute; err when Telegram failed. Concurrent lifts of one user in
// one group (the re-check sweep and the user's press, when the bot is behind) share
// one: the mute is lifted once.
func (e *Engine) liftOwn(ctx context.Context, groupID, userID int64) (bool, error) {
	lifted, err, _ := e.lifts.Do(strconv.FormatInt(groupID, 10)+"/"+strconv.FormatInt(userID, 10),
		func() (any, error) { return e.liftOwnAlone(ctx, groupID, userID) })
	return lifted.(bool), err
}

// liftOwnAlone is liftOwn for one caller at a time.
func (e *Engine) liftOwnAlone(ctx context.Context, groupID, userID int64) (bool, error) {
	// An unreadable record fails the lift (a press then says so and may be repeated)
	// rather than pass for "not the bot's mute" and leave the user muted unawares.
	if owns, err := e.ownMute(groupID, userID); err != nil || !owns {
		return false, err
	}
	m, err := e.member(ctx, groupID, userID)
	if err != nil {
		return false, err
	}
	if !rights.AsMuted(*m) {
		e.forgetOwn(groupID, userID)
		return false, nil
	}
	if err := e.unmute(ctx, groupID, userID); err != nil {
		return false, err
	}
	e.forgetOwn(groupID, userID)
	e.funnelStep(groupID, userID, c.GateUnmuted)
	return true, nil
}

// onChannelJoin unmutes the user in every group of this bot linked to the channel
// where the bot muted them, once they are in all of its channels (only the groups
// where the bot holds a restriction of theirs are read).
func (e *Engine) onChannelJoin(ctx context.Context, channelID int64, u *models.User) {
	ids, err := e.store.RestrictedIn(u.ID)
	var gs []*groups.Group
	if err == nil {
		gs, err = e.store.LinkingAmong(channelID, ids)
	}
	if err != nil {
		e.log.Error("groups of channel not read", "channel_id", channelID, "error", err)
		return
	}
	for _, g := range gs {
		if !e.ownsMute(g.ID, u.ID) {
			continue
		}
		if v := e.check(ctx, g, u.ID, false); len(v.missing) > 0 {
			continue
		}
		e.liftJoined(ctx, g.ID, u.ID)
	}
}

// liftJoined lifts the bot's mute of a user seen in every channel and deletes their
// warning.
func (e *Engine) liftJoined(ctx context.Context, groupID, userID int64) {
	if _, err := e.liftOwn(ctx, groupID, userID); err != nil {
		e.log.Warn("member not unmuted", "group_id", groupID, "user_id", userID, "error", e.client.Redact(err))
		return
	}
	e.warnings.Remove(ctx, groupID, userID, 0)
}

// recheckMutes looks again at the bot's oldest-checked mutes of the last recheckFor,
// a few per call: users who joined the channels without the bot hearing of it
// (Telegram does not promise chat_member updates for every member of a large
// channel) are unmuted; mutes a person changed since are forgotten.
func (e *Engine) recheckMutes(ctx context.Context) {
	rows, err := e.store.DueRestrictions(e.now().Add(-recheckFor), recheckBatch)
	if err != nil {
		e.log.Warn("restrictions not read for the re-check", "error", err)
		return
	}
	for _, r := range rows {
		if ctx.Err() != nil {
			return
		}
		groupID, userID := r.GroupID(), r.UserID()
		if g, err := e.store.Group(groupID); err == nil && g.Enforced() {
			m, err := e.member(ctx, groupID, userID)
			switch {
			case err != nil:
				e.log.Debug("member not read for the re-check", "group_id", groupID, "user_id", userID, "error", err)
			case !rights.AsMuted(*m):
				e.forgetOwn(groupID, userID)
				continue
			default:
				if v := e.check(ctx, g, userID, true); len(v.missing) == 0 {
					e.liftJoined(ctx, groupID, userID)
					continue
				}
			}
		}
		e.store.RestrictionChecked(r, e.now())
	}
}
