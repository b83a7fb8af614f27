package gatekeeper

import (
	"context"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// onJoin decides about a new member of a group (once per join, whichever of the two
// updates Telegram sends for it arrives first); thread is the forum topic of the join
// service message (0: none, or the chat_member update).
func (e *Engine) onJoin(ctx context.Context, chat models.Chat, u *models.User, thread int) {
	if u == nil || u.IsBot {
		return
	}
	g, err := e.store.group(chat.ID)
	if err != nil {
		e.log.Error("group not read", "group_id", chat.ID, "error", err)
		return
	}
	if !g.enforced() || !e.joins.claim(chat.ID, u.ID, time.Now()) {
		return
	}
	if g.Policy.exempt(u.ID) || e.isAdmin(ctx, g.ID, u.ID) {
		return
	}
	v := e.check(ctx, g, u.ID, false)
	if len(v.missing) == 0 {
		return
	}
	e.actIn(ctx, g, u, v.missing, reasonJoin, 0, thread)
}

// act applies the group's policy to a user missing channels: mute (or kick) and warn;
// msgID, when set, is the user's message to delete. Observe mode only logs what it
// would have done (the verification rows are written already).
func (e *Engine) act(ctx context.Context, g *groupInfo, u *models.User, missing []channelInfo, reason int, msgID int) {
	e.actIn(ctx, g, u, missing, reason, msgID, 0)
}

// actIn is act with the warning sent into a forum topic (thread; 0 = none).
func (e *Engine) actIn(ctx context.Context, g *groupInfo, u *models.User, missing []channelInfo, reason int, msgID int, thread int) {
	if g.Policy.Observe {
		e.log.Debug("observe mode: no action taken", "group_id", g.ID, "user_id", u.ID,
			"would", g.Policy.Action, "missing", len(missing))
		return
	}
	if msgID != 0 {
		e.deleteMessage(ctx, g.ID, msgID)
	}
	switch g.Policy.Action {
	case ActionMute:
		if err := e.mute(ctx, g.ID, u.ID); err != nil {
			e.log.Warn("member not restricted", "group_id", g.ID, "user_id", u.ID, "error", err)
			return
		}
		e.muted.add(g.ID, u.ID, e.now())
	case ActionKick:
		if err := e.kick(ctx, g.ID, u.ID); err != nil {
			e.log.Warn("member not removed", "group_id", g.ID, "user_id", u.ID, "error", err)
			return
		}
	}
	data := verifyData(u.ID)
	if g.Policy.Action == ActionKick {
		data = "" // they are no longer in the group: joining it again re-checks them
	}
	e.warnings.warnIn(g.ID, u.ID, thread, warningText(g, u, missing, reason), warningKeyboard(g.Policy.Language, data, missing), e.ttl(g.Policy))
}

// onGroupMessage enforces on an ordinary message in a group.
func (e *Engine) onGroupMessage(ctx context.Context, m *models.Message) {
	g, err := e.store.group(m.Chat.ID)
	if err != nil {
		e.log.Error("group not read", "group_id", m.Chat.ID, "error", err)
		return
	}
	if !g.enforced() {
		return
	}
	if m.SenderChat != nil {
		e.onSenderChat(ctx, g, m)
		return
	}
	if exemptSender(g, m) || e.isAdmin(ctx, g.ID, m.From.ID) {
		return
	}
	v := e.check(ctx, g, m.From.ID, false)
	if len(v.missing) == 0 {
		return
	}
	e.actIn(ctx, g, m.From, v.missing, reasonMessage, m.ID, threadOf(m))
}

// onChatMember follows membership changes: admin list refreshes and joins in groups,
// leaves and joins in channels.
func (e *Engine) onChatMember(ctx context.Context, u *models.ChatMemberUpdated) {
	user := memberUser(u.NewChatMember)
	if user == nil {
		return
	}
	was, now := inChat(u.OldChatMember), inChat(u.NewChatMember)
	switch u.Chat.Type {
	case models.ChatTypeGroup, models.ChatTypeSupergroup:
		if isAdminMember(u.OldChatMember) || isAdminMember(u.NewChatMember) {
			e.admins.forget(u.Chat.ID)
		}
		switch {
		case !was && now:
			e.onJoin(ctx, u.Chat, user, 0)
		case was && !now:
			e.joins.left(u.Chat.ID, user.ID)
			e.muted.remove(u.Chat.ID, user.ID)
			if u.From.ID == user.ID { // left by themselves: their warning is moot
				e.warnings.remove(ctx, u.Chat.ID, user.ID, 0)
			}
		}
	case models.ChatTypeChannel:
		switch {
		case was && !now:
			e.remember(user.ID, u.Chat.ID, false)
			e.onChannelLeave(ctx, u.Chat.ID, user)
		case !was && now:
			e.remember(user.ID, u.Chat.ID, true)
			e.onChannelJoin(ctx, u.Chat.ID, user)
		}
	}
}

// onChannelLeave mutes and warns the user in every group of this bot linked to the
// channel where they are a member (admins and exempt users excepted).
func (e *Engine) onChannelLeave(ctx context.Context, channelID int64, u *models.User) {
	groups, err := e.store.groupsOfChannel(channelID)
	if err != nil {
		e.log.Error("groups of channel not read", "channel_id", channelID, "error", err)
		return
	}
	for _, g := range groups {
		if g.Policy.exempt(u.ID) || u.IsBot {
			continue
		}
		in, admin, err := e.groupStatus(ctx, g.ID, u.ID)
		if err != nil || !in || admin {
			continue
		}
		v := e.check(ctx, g, u.ID, false)
		if len(v.missing) > 0 {
			e.act(ctx, g, u, v.missing, reasonLeft, 0)
		}
	}
}

// groupStatus reads the user's membership in a group: in the group, an admin.
func (e *Engine) groupStatus(ctx context.Context, groupID, userID int64) (in, admin bool, err error) {
	b, err := e.api()
	if err != nil {
		return false, false, err
	}
	m, err := b.GetChatMember(withCall(ctx, groupID, userID), &bot.GetChatMemberParams{ChatID: groupID, UserID: userID})
	switch {
	case notAMember(err):
		return false, false, nil
	case err != nil:
		return false, false, err
	}
	return inChat(*m), isAdminMember(*m), nil
}
