package gatekeeper

import (
	"context"
	"strconv"
	"strings"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/nezuko/nezuko/gatekeeper/counts"
	"github.com/nezuko/nezuko/gatekeeper/groups"
	"github.com/nezuko/nezuko/gatekeeper/i18n"
	"github.com/nezuko/nezuko/gatekeeper/rights"
	"github.com/nezuko/nezuko/gatekeeper/store"
	"github.com/nezuko/nezuko/gatekeeper/warnings"
	"github.com/nezuko/nezuko/telegram"
)

// onProtect handles "/protect @ch1 [@ch2 …]".
func (e *Engine) onProtect(ctx context.Context, m *models.Message, args []string) {
	g, caller, ok := e.adminCommand(ctx, m) // "/protect@thisbot" moves a group served by another bot here
	if !ok {
		return
	}
	if m.Chat.Type == models.ChatTypeGroup {
		e.say(ctx, m, g, i18n.NeedSupergroup) // Telegram mutes nobody in a basic group
		return
	}
	if len(args) == 0 {
		e.say(ctx, m, g, i18n.Usage)
		return
	}
	b, err := e.api()
	if err != nil {
		return
	}
	me, err := b.GetChatMember(telegram.WithCall(ctx, m.Chat.ID, e.cfg.BotID), &bot.GetChatMemberParams{ChatID: m.Chat.ID, UserID: e.cfg.BotID})
	if err != nil {
		e.say(ctx, m, g, i18n.CheckFailed)
		return
	}
	if !rights.CanRestrict(*me) {
		e.say(ctx, m, g, i18n.NeedRights)
		return
	}
	chans := make([]store.Channel, 0, len(args))
	for _, arg := range args {
		ch, problem := e.resolveChannel(ctx, b, arg, caller)
		if problem != i18n.NoText {
			e.say(ctx, m, g, problem, "channel", esc(ch.Title))
			return
		}
		chans = append(chans, ch)
	}
	if err := e.store.SaveProtection(m.Chat.ID, m.Chat.Title, owner(caller), chans); err != nil {
		e.log.Error("protection not saved", "group_id", m.Chat.ID, "error", err)
		e.say(ctx, m, g, i18n.SaveFailed)
		return
	}
	e.store.Forget(m.Chat.ID)
	for _, ch := range chans {
		e.store.Forget(ch.ID)
	}
	e.admins.Forget(m.Chat.ID)
	g, _ = e.store.Group(m.Chat.ID)
	e.say(ctx, m, g, i18n.Protected, "channels", esc(warnings.ChannelList(chans)))
	if g != nil {
		e.checkHealth(ctx, g)
		counts.Sync(ctx, e.countReader(b), e.store, e.log, []*groups.Group{g}) // /status shows real counts from the start
	}
}

// onUnprotect handles "/unprotect [@ch]": one channel, or the whole group.
func (e *Engine) onUnprotect(ctx context.Context, m *models.Message, args []string) {
	g, _, ok := e.adminCommand(ctx, m)
	if !ok {
		return
	}
	if g == nil || !g.Mine || !g.Enabled {
		e.say(ctx, m, g, i18n.NotProtected)
		return
	}
	if len(args) == 0 {
		if err := e.store.SetEnabled(g.RecordID, false); err != nil {
			e.log.Error("protection not disabled", "group_id", g.ID, "error", err)
			e.say(ctx, m, g, i18n.SaveFailed)
			return
		}
		e.store.Forget(g.ID)
		e.say(ctx, m, g, i18n.Unprotected)
		return
	}
	ch, found := findChannel(g, args[0])
	if !found {
		e.say(ctx, m, g, i18n.ChannelAbsent, "channel", esc(args[0]))
		return
	}
	left, err := e.store.Unlink(g.RecordID, ch.RecordID)
	if err != nil {
		e.log.Error("channel not unlinked", "group_id", g.ID, "channel_id", ch.ID, "error", err)
		e.say(ctx, m, g, i18n.SaveFailed)
		return
	}
	e.store.Forget(g.ID)
	e.store.Forget(ch.ID)
	if left == 0 {
		e.say(ctx, m, g, i18n.NoChannelLeft, "channel", esc(warnings.ChannelName(ch)))
		return
	}
	e.say(ctx, m, g, i18n.NoLongerRequired, "channel", esc(warnings.ChannelName(ch)))
}

// adminCommand opens a command for group admins: it reads the group and answers what
// every such command shares — an unreadable group, a caller who is not an admin — and
// ignores a command meant for the bot of another group unless it is addressed to this
// one (/cmd@thisbot). ok false: the command is answered or ignored. The caller is nil
// for the group itself (an anonymous admin).
func (e *Engine) adminCommand(ctx context.Context, m *models.Message) (g *groups.Group, caller *models.User, ok bool) {
	g, err := e.store.Group(m.Chat.ID)
	if err != nil {
		e.say(ctx, m, nil, i18n.SaveFailed)
		return nil, nil, false
	}
	if g != nil && !g.Mine && !e.addressedToMe(m.Text) {
		return nil, nil, false
	}
	if caller, ok = e.callerIsAdmin(ctx, m); !ok {
		e.onGroupMessage(ctx, m)
		e.say(ctx, m, g, i18n.NotAdmin)
		return nil, nil, false
	}
	return g, caller, true
}

// callerIsAdmin reports whether a command's sender is an admin of the group (an
// anonymous admin writes as the group itself); the user is nil for anonymous admins.
func (e *Engine) callerIsAdmin(ctx context.Context, m *models.Message) (*models.User, bool) {
	if m.SenderChat != nil && m.SenderChat.ID == m.Chat.ID {
		return nil, true
	}
	if m.From == nil || m.SenderChat != nil {
		return nil, false
	}
	e.admins.Forget(m.Chat.ID) // commands are rare: read the list fresh
	return m.From, e.isAdmin(ctx, m.Chat.ID, m.From.ID)
}

// administers reports whether the caller is the creator or an administrator of a
// channel (nil, an anonymous admin, cannot be checked: false).
func (e *Engine) administers(ctx context.Context, b *bot.Bot, channelID int64, caller *models.User) bool {
	if caller == nil {
		return false
	}
	m, err := b.GetChatMember(telegram.WithCall(ctx, channelID, caller.ID), &bot.GetChatMemberParams{ChatID: channelID, UserID: caller.ID})
	return err == nil && rights.IsAdmin(*m)
}

// resolveChannel finds a channel by @username or id and checks the bot is an admin
// there; problem, unless i18n.NoText, is the reply's text (the channel's name in Title).
// A private channel (no username) may be required only by one of its administrators
// (else anyone who adds the bot to a group could show its invite link to strangers),
// and only while the bot may invite users via link: nobody finds a private channel
// without a link, so members would stay muted with no button to press.
func (e *Engine) resolveChannel(ctx context.Context, b *bot.Bot, arg string, caller *models.User) (store.Channel, i18n.Key) {
	var ref any = "@" + strings.TrimPrefix(arg, "@")
	if id, err := strconv.ParseInt(arg, 10, 64); err == nil {
		ref = id
	}
	chat, err := b.GetChat(telegram.WithCall(ctx, 0, 0), &bot.GetChatParams{ChatID: ref})
	if err != nil {
		return store.Channel{Title: arg}, i18n.CantFind
	}
	if chat.Type != models.ChatTypeChannel {
		return store.Channel{Title: arg}, i18n.NotChannel
	}
	name := arg
	if chat.Username != "" {
		name = "@" + chat.Username
	}
	me, err := b.GetChatMember(telegram.WithCall(ctx, chat.ID, e.cfg.BotID), &bot.GetChatMemberParams{ChatID: chat.ID, UserID: e.cfg.BotID})
	if err != nil || !rights.IsAdmin(*me) {
		return store.Channel{Title: name}, i18n.NeedChannelAdmin
	}
	private := chat.Username == ""
	if private && !e.administers(ctx, b, chat.ID, caller) {
		return store.Channel{Title: name}, i18n.PrivateNotYours
	}
	if private && !rights.CanInvite(*me) {
		return store.Channel{Title: name}, i18n.PrivateNoInvite
	}
	ch := store.Channel{ID: chat.ID, Title: chat.Title, Username: chat.Username, InviteLink: chat.InviteLink}
	if ch.InviteLink == "" {
		link, err := b.CreateChatInviteLink(telegram.WithCall(ctx, chat.ID, 0), &bot.CreateChatInviteLinkParams{ChatID: chat.ID, Name: "Nezuko"})
		switch {
		case err == nil:
			ch.InviteLink = link.InviteLink
		case !private:
			ch.InviteLink = "https://t.me/" + ch.Username
		default:
			return store.Channel{Title: name}, i18n.PrivateNoInvite
		}
	}
	return ch, i18n.NoText
}

// findChannel finds a linked channel by @username or id.
func findChannel(g *groups.Group, arg string) (store.Channel, bool) {
	id, _ := strconv.ParseInt(arg, 10, 64)
	name := strings.TrimPrefix(arg, "@")
	for _, ch := range g.Channels {
		if (id != 0 && ch.ID == id) || (ch.Username != "" && strings.EqualFold(ch.Username, name)) {
			return ch, true
		}
	}
	return store.Channel{}, false
}
