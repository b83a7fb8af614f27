package gatekeeper

import (
	"context"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/nezuko/nezuko/gatekeeper/groups"
	"github.com/nezuko/nezuko/gatekeeper/i18n"
	"github.com/nezuko/nezuko/gatekeeper/store"
	"github.com/nezuko/nezuko/gatekeeper/warnings"
	"github.com/nezuko/nezuko/telegram"
)

// A message sent on behalf of a chat carries sender_chat, and from is Telegram's
// placeholder (Bot API, Message.from: "For backward compatibility, the field contains
// a fake sender user in non-channel chats, if the message was sent on behalf of a
// chat"): GroupAnonymousBot for an anonymous admin (sender_chat = the group), Telegram
// 777000 for an automatic forward from the linked channel (is_automatic_forward),
// Channel_Bot for a member who writes as one of their own channels. The person behind
// such a message cannot be checked, so only the group itself and its channels may
// write that way; any other chat is treated as a non-member.

// senderChatAllowed reports whether a message sent as chat sc may stay: the group
// itself (anonymous admins), an automatic forward, one of the group's required
// channels, or the channel linked to the group. ok is false when the linked channel
// could not be read (then nothing is done about the message).
func (e *Engine) senderChatAllowed(ctx context.Context, g *groups.Group, m *models.Message) (allowed, ok bool) {
	sc := m.SenderChat
	if sc.ID == g.ID || m.IsAutomaticForward || g.Linked(sc.ID) {
		return true, true
	}
	linked, err := e.linkedChat(ctx, g.ID)
	if err != nil {
		e.log.Warn("linked channel not read; message sent as a chat left alone", "group_id", g.ID,
			"sender_chat_id", sc.ID, "error", err)
		return false, false
	}
	return linked == sc.ID, true
}

// linkedChat is the group's linked discussion channel (0: none), cached for membership.LinkedTTL.
func (e *Engine) linkedChat(ctx context.Context, groupID int64) (int64, error) {
	now := time.Now()
	if id, ok := e.linked.Get(groupID, now); ok {
		return id, nil
	}
	b, err := e.api()
	if err != nil {
		return 0, err
	}
	chat, err := b.GetChat(telegram.WithCall(ctx, groupID, 0), &bot.GetChatParams{ChatID: groupID})
	if err != nil {
		return 0, err
	}
	e.linked.Put(groupID, chat.LinkedChatID, now)
	return chat.LinkedChatID, nil
}

// onSenderChat enforces on a message sent as a chat that is not allowed to write:
// the message is deleted and, under action mute or kick, the chat is banned from
// writing in the group (banChatSenderChat); a warning names the chat and tells how to
// write as oneself after joining the channels. Observe mode only logs it. No
// verification_log row is written: nobody's membership was looked up.
func (e *Engine) onSenderChat(ctx context.Context, g *groups.Group, m *models.Message) {
	if allowed, ok := e.senderChatAllowed(ctx, g, m); allowed || !ok {
		return
	}
	sc := m.SenderChat
	if g.Policy.Observe {
		e.log.Info("observe mode: a message sent as a chat would be deleted", "group_id", g.ID,
			"sender_chat_id", sc.ID, "would", g.Policy.Action)
		return
	}
	e.deleteMessage(ctx, g.ID, m.ID)
	key := i18n.WarnSenderChat
	if g.Policy.Action != groups.ActionDelete {
		if err := e.banSenderChat(ctx, g.ID, sc.ID); err != nil {
			e.log.Warn("sender chat not banned", "group_id", g.ID, "sender_chat_id", sc.ID, "error", err)
		} else {
			key = i18n.WarnSenderChatBanned
		}
	}
	e.log.Info("message sent as a chat deleted", "group_id", g.ID, "sender_chat_id", sc.ID,
		"banned", key == i18n.WarnSenderChatBanned)
	lang := g.Policy.Language
	name := warnings.ChannelName(store.Channel{Username: sc.Username, Title: sc.Title})
	text := i18n.T(lang, key, "chat", esc(name), "channels", esc(warnings.ChannelList(g.Channels)), "group", esc(g.Title))
	e.warnings.Warn(g.ID, sc.ID, threadOf(m), text, warnings.Keyboard(lang, "", e.withGroupLinks(ctx, g, g.Channels)), e.ttl(g.Policy), nil)
}

// banSenderChat bans a chat from writing in the group on its behalf.
func (e *Engine) banSenderChat(ctx context.Context, groupID, chatID int64) error {
	b, err := e.api()
	if err != nil {
		return err
	}
	_, err = b.BanChatSenderChat(telegram.WithCall(ctx, groupID, 0), &bot.BanChatSenderChatParams{
		ChatID: groupID, SenderChatID: int(chatID)})
	return err
}
