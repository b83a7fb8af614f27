package gatekeeper

import (
	"context"
	"time"

	"github.com/go-telegram/bot/models"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper/groups"
	"github.com/nezuko/nezuko/gatekeeper/rights"
	"github.com/nezuko/nezuko/gatekeeper/store"
	"github.com/nezuko/nezuko/gatekeeper/warnings"
)

// onJoin decides about a new member of a group (once per join, whichever of the two
// updates Telegram sends for it arrives first); thread is the forum topic of the join
// service message (0: none, or the chat_member update).
//
// cur is the member as the chat_member update announced them (nil: unknown, from
// the service message); else the status a chat_member update of the same join
// noted at its registration is used. Either spares the group lookup before the mute.
func (e *Engine) onJoin(ctx context.Context, chat models.Chat, u *models.User, thread int, cur *models.ChatMember) {
	if u == nil {
		return
	}
	if noted := e.joined.Take(chat.ID, u.ID); cur == nil {
		cur = noted
	}
	if u.IsBot {
		return
	}
	g, err := e.store.Group(chat.ID)
	if err != nil {
		e.log.Error("group not read", "group_id", chat.ID, "error", err)
		return
	}
	if !g.Enforced() || !e.joins.Claim(chat.ID, u.ID, time.Now()) {
		return
	}
	e.store.NotePresent(g.ID, u.ID, e.now())
	if g.Policy.IsExempt(u.ID) || e.isAdmin(ctx, g.ID, u.ID) {
		return
	}
	// A mute of the bot's that outlived their leaving (Telegram keeps it) is lifted
	// when they come back with every channel: checked fresh, as they may have joined
	// a channel within the negative cache's TTL. With nothing cached, every lookup is
	// fresh anyway: the bot's record is read only when it is needed.
	cached := e.members.AnyCached(u.ID, g.ChannelIDs(), time.Now())
	own := cached && e.ownsMute(g.ID, u.ID)
	v := e.check(ctx, g, u.ID, own)
	if !e.joinReqs.TakeCounted(g.ID, u.ID, e.now()) { // else counted at its join request
		e.funnelStep(g.ID, u.ID, c.GateChecked)
	}
	if len(v.missing) == 0 {
		if own || !cached && e.ownsMute(g.ID, u.ID) {
			e.liftJoined(ctx, g.ID, u.ID)
		}
		return
	}
	e.actIn(ctx, g, u, v.missing, reasonJoin, 0, cur, thread)
}

// act applies the group's policy to a user missing channels: mute (or kick) and warn;
// msgID, when set, is the user's message to delete; cur, when set, is the member as
// the caller read them. A restriction someone else set is never touched (neither
// muted over nor kicked away); the message is still deleted and the user warned.
// Observe mode only logs what it would have done (the verification rows are written
// already).
func (e *Engine) act(ctx context.Context, g *groups.Group, u *models.User, missing []store.Channel, reason int, msgID int, cur *models.ChatMember) {
	e.actIn(ctx, g, u, missing, reason, msgID, cur, 0)
}

// actIn is act with the warning sent into a forum topic (thread; 0 = none).
func (e *Engine) actIn(ctx context.Context, g *groups.Group, u *models.User, missing []store.Channel, reason int, msgID int, cur *models.ChatMember, thread int) {
	if g.Policy.Observe {
		e.log.Debug("observe mode: no action taken", "group_id", g.ID, "user_id", u.ID,
			"would", g.Policy.Action, "missing", len(missing))
		return
	}
	if msgID != 0 {
		e.deleteMessage(ctx, g.ID, msgID)
	}
	switch g.Policy.Action {
	case groups.ActionMute:
		if !e.restrictOwn(ctx, g, u.ID, cur) {
			return
		}
	case groups.ActionKick:
		if !e.kickUnlessRestricted(ctx, g.ID, u.ID, cur) {
			return
		}
	}
	missing = e.withGroupLinks(ctx, g, missing)
	e.funnelStep(g.ID, u.ID, blockKind(g.Policy.Action))
	data := warnings.VerifyData(u.ID)
	if g.Policy.Action == groups.ActionKick {
		data = "" // they are no longer in the group: joining it again re-checks them
	}
	facts := warningFacts(g, u, missing, data != "")
	e.warnings.Warn(g.ID, u.ID, thread, warnings.Text(facts, warningKey(g, reason)),
		warnings.Keyboard(g.Policy.Language, data, missing), e.ttl(g.Policy), facts)
}

// onGroupMessage enforces on an ordinary message in a group.
func (e *Engine) onGroupMessage(ctx context.Context, m *models.Message) {
	g, err := e.store.Group(m.Chat.ID)
	if err != nil {
		e.log.Error("group not read", "group_id", m.Chat.ID, "error", err)
		return
	}
	if !g.Enforced() {
		return
	}
	if m.SenderChat != nil {
		e.onSenderChat(ctx, g, m)
		return
	}
	if exemptSender(g, m) || e.isAdmin(ctx, g.ID, m.From.ID) {
		return
	}
	e.store.NotePresent(g.ID, m.From.ID, e.now())
	v := e.check(ctx, g, m.From.ID, false)
	if len(v.missing) == 0 {
		return
	}
	e.actIn(ctx, g, m.From, v.missing, reasonMessage, m.ID, nil, threadOf(m))
}

// onChatMember follows membership changes: admin list refreshes and joins in groups,
// leaves and joins in channels.
func (e *Engine) onChatMember(ctx context.Context, u *models.ChatMemberUpdated) {
	user := rights.User(u.NewChatMember)
	if user == nil {
		return
	}
	was, now := rights.InChat(u.OldChatMember), rights.InChat(u.NewChatMember)
	switch u.Chat.Type {
	case models.ChatTypeGroup, models.ChatTypeSupergroup:
		if rights.IsAdmin(u.OldChatMember) || rights.IsAdmin(u.NewChatMember) {
			e.admins.Forget(u.Chat.ID)
		}
		switch {
		case !was && now:
			var cur *models.ChatMember
			if u.NewChatMember.Type == models.ChatMemberTypeMember {
				cur = &u.NewChatMember
			}
			e.onJoin(ctx, u.Chat, user, 0, cur)
		case was && !now:
			e.joins.Left(u.Chat.ID, user.ID) // a mute of the bot's stays: Telegram keeps it
			e.store.NoteGone(u.Chat.ID, user.ID)
			if u.From.ID == user.ID { // left by themselves: their warning is moot
				e.warnings.Remove(ctx, u.Chat.ID, user.ID, 0)
			}
		case was && now: // promoted, restricted, …: still there
			e.store.NotePresent(u.Chat.ID, user.ID, e.now())
		}
		e.personChanged(u, user)
	case models.ChatTypeChannel:
		switch {
		case was && !now:
			e.remember(user.ID, u.Chat.ID, false)
			e.chanReqs.Drop(user.ID, u.Chat.ID) // leaving ends a pending request too
			e.onChannelLeave(ctx, u.Chat.ID, user)
		case !was && now:
			e.remember(user.ID, u.Chat.ID, true)
			e.chanReqs.Drop(user.ID, u.Chat.ID) // a member now
			e.onChannelJoinRecorded(ctx, u, user)
			e.onChannelJoin(ctx, u.Chat.ID, user)
		case u.NewChatMember.Type == models.ChatMemberTypeBanned:
			// Banned while their join request was pending: it counts no more.
			if e.chanReqs.Drop(user.ID, u.Chat.ID) {
				e.remember(user.ID, u.Chat.ID, false)
				e.enforceAgain(ctx, u.Chat.ID, user.ID)
			}
		}
	}
}

// onChannelJoinRecorded appends the channel_joins row of a join into a channel linked
// to this bot's groups.
func (e *Engine) onChannelJoinRecorded(_ context.Context, u *models.ChatMemberUpdated, user *models.User) {
	if user.IsBot {
		return
	}
	if gs, err := e.store.OfChannel(u.Chat.ID); err != nil || len(gs) == 0 {
		return
	}
	e.recordJoin(u.Chat.ID, user.ID, u.InviteLink, c.JoinViaMember)
}

// onChannelLeave mutes and warns the user in every group of this bot linked to the
// channel where they are a member (admins and exempt users excepted). Only the
// groups where the bot has seen the user are looked up (bot_members): in the others
// they are checked at their first message, as anyone the bot has not seen yet.
func (e *Engine) onChannelLeave(ctx context.Context, channelID int64, u *models.User) {
	gs, err := e.groupsSeenIn(channelID, u.ID)
	if err != nil {
		e.log.Error("groups of channel not read", "channel_id", channelID, "error", err)
		return
	}
	for _, g := range gs {
		if g.Policy.IsExempt(u.ID) || u.IsBot {
			continue
		}
		m, err := e.member(ctx, g.ID, u.ID)
		if err != nil || !rights.InChat(*m) || rights.IsAdmin(*m) {
			continue
		}
		v := e.check(ctx, g, u.ID, false)
		if len(v.missing) > 0 {
			e.act(ctx, g, u, v.missing, reasonLeft, 0, m)
		}
	}
}

// personChanged forgets the bot's record of a restriction once a person (neither the
// user nor this bot) changed it: lifted, banned, or restricted again (even just as the
// bot mutes) — it is theirs now. Re-adding a user whose mute Telegram kept changes
// nothing.
func (e *Engine) personChanged(u *models.ChatMemberUpdated, user *models.User) {
	if u.From.ID == user.ID || u.From.ID == e.cfg.BotID {
		return
	}
	if readded := rights.InChat(u.NewChatMember) && !rights.InChat(u.OldChatMember); readded && rights.AsMuted(u.NewChatMember) {
		return
	}
	if kind, err := e.store.RestrictionKind(u.Chat.ID, user.ID); err == nil && kind != "" {
		e.forgetOwn(u.Chat.ID, user.ID)
	}
}

// groupsSeenIn returns the enforced groups of this bot linked to the channel where
// the bot has seen the user (and not seen them leave).
func (e *Engine) groupsSeenIn(channelID, userID int64) ([]*groups.Group, error) {
	ids, err := e.store.SeenIn(userID)
	if err != nil {
		return nil, err
	}
	return e.store.LinkingAmong(channelID, ids)
}
