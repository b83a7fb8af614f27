package telegramtest

import (
	"fmt"
	"strconv"
	"strings"
)

// Messages sent on behalf of a channel, and banning such sender chats.

// channelBotUser is the placeholder "from" of a message a member sends on behalf of
// a channel. Bot API, Message.from: "For backward compatibility, the field contains
// a fake sender user in non-channel chats, if the message was sent on behalf of a
// chat."
var channelBotUser = User{ID: 136817688, IsBot: true, FirstName: "Channel", Username: "Channel_Bot"}

// SendAsChannel posts a text in a group as a member does who chooses to send "as"
// a channel they own or administer: sender_chat is the channel, from is Telegram's
// placeholder Channel_Bot. Like Telegram it refuses a user who is not in the group
// or not an admin of the channel, and a channel banned in the group — Bot API,
// banChatSenderChat: "Until the chat is unbanned, the owner of the banned chat
// won't be able to send messages on behalf of any of their channels."
func (s *Server) SendAsChannel(chatID, channelID int64, from User, text string) (Message, error) {
	return s.sendAs(chatID, 0, channelID, from, text)
}

// SendAsChannelInTopic is SendAsChannel into a forum topic (threadID from AddTopic).
func (s *Server) SendAsChannelInTopic(chatID int64, threadID int, channelID int64, from User, text string) (Message, error) {
	return s.sendAs(chatID, threadID, channelID, from, text)
}

// sendAs posts as a channel, into a topic unless threadID is 0.
func (s *Server) sendAs(chatID int64, threadID int, channelID int64, from User, text string) (Message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, u, err := s.scene(chatID, from.ID)
	if err != nil {
		return Message{}, err
	}
	chn := s.chats[channelID]
	switch {
	case ch.Type == ChatChannel || ch.Type == ChatGroup:
		return Message{}, fmt.Errorf("telegramtest: chat %d takes no messages sent as a channel", chatID)
	case chn == nil || chn.Type != ChatChannel:
		return Message{}, fmt.Errorf("telegramtest: %d is not a channel", channelID)
	case !chn.member(u.ID, s.unix()).isAdmin():
		return Message{}, fmt.Errorf("telegramtest: user %d can't post as channel %d", u.ID, channelID)
	case s.bannedOwner(ch, chn):
		return Message{}, fmt.Errorf("telegramtest: channel %d is banned in chat %d", channelID, chatID)
	case threadID != 0 && ch.topic(threadID) == nil:
		return Message{}, fmt.Errorf("telegramtest: chat %d has no topic %d", chatID, threadID)
	}
	if err := s.maySend(ch, u); err != nil {
		return Message{}, err
	}
	c := chn.Chat
	return s.post(ch, text, func(m *msgState) {
		cb := channelBotUser
		m.From, m.SenderChat = &cb, &c
		ch.placeInTopic(m, threadID)
	})
}

// bannedOwner tells whether the owner of chn has a banned channel in ch (a ban
// covers all their channels). Callers hold s.mu.
func (s *Server) bannedOwner(ch, chn *chatState) bool {
	if ch.banned[chn.ID] {
		return true
	}
	owner := s.creatorOf(chn)
	for id := range ch.banned {
		if other := s.chats[id]; other != nil && owner != 0 && s.creatorOf(other) == owner {
			return true
		}
	}
	return false
}

// creatorOf is a chat's creator (0 when none). Callers hold s.mu.
func (s *Server) creatorOf(ch *chatState) int64 {
	for _, id := range ch.order {
		if ch.members[id].Status == StatusCreator {
			return id
		}
	}
	return 0
}

// BannedSenderChat tells whether a sender chat is banned in a chat.
func (s *Server) BannedSenderChat(chatID, senderChatID int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := s.chats[chatID]
	return ch != nil && ch.banned[senderChatID]
}

// senderChatTarget runs the checks of banChatSenderChat and unbanChatSenderChat:
// the bot must be an administrator with can_restrict_members ("The bot must be an
// administrator in the supergroup or channel for this to work and must have the
// appropriate administrator rights"); basic groups cannot ban chats (TDLib:
// "Can't ban chats in basic groups").
func (s *Server) senderChatTarget(r *request) (*chatState, int64, *apiError) {
	ch, aerr := s.chatFor(r, accessMember)
	if aerr != nil {
		return nil, 0, aerr
	}
	switch ch.Type {
	case ChatPrivate:
		return nil, 0, badRequest("can't ban members in private chats")
	case ChatGroup:
		return nil, 0, badRequest("can't ban chats in basic groups")
	}
	raw := strings.TrimSpace(r.p["sender_chat_id"])
	id, err := strconv.ParseInt(raw, 10, 64)
	if raw == "" || err != nil || id == 0 {
		return nil, 0, badRequest("sender_chat_id is not specified")
	}
	if s.chats[id] == nil {
		return nil, 0, badRequest("chat not found")
	}
	if !ch.member(r.bot.user.ID, s.unix()).can(canRestrict) {
		return nil, 0, badRequest(errNoRestrictRights)
	}
	return ch, id, nil
}

func banChatSenderChat(s *Server, r *request) (any, *apiError) {
	ch, id, aerr := s.senderChatTarget(r)
	if aerr != nil {
		return nil, aerr
	}
	if ch.banned == nil {
		ch.banned = map[int64]bool{}
	}
	ch.banned[id] = true
	return true, nil
}

func unbanChatSenderChat(s *Server, r *request) (any, *apiError) {
	ch, id, aerr := s.senderChatTarget(r)
	if aerr != nil {
		return nil, aerr
	}
	delete(ch.banned, id)
	return true, nil
}
