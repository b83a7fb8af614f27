package telegramtest

import (
	"errors"
	"fmt"
	"strconv"
	"time"
)

// The scenario API: what people do in Telegram, turned into the updates
// Telegram sends to the bots that would receive them.

// scene looks up a chat and a user for a scenario step. Callers hold s.mu.
func (s *Server) scene(chatID, userID int64) (*chatState, *User, error) {
	ch, u := s.chats[chatID], s.users[userID]
	if ch == nil {
		return nil, nil, fmt.Errorf("telegramtest: unknown chat %d", chatID)
	}
	if u == nil {
		return nil, nil, fmt.Errorf("telegramtest: unknown user %d", userID)
	}
	return ch, u, nil
}

// Join makes a user or bot join a chat by itself (by link or username). In a
// group Telegram sends both a chat_member update (to admin bots) and a
// service message with new_chat_members (to member bots); in a channel only
// the chat_member update. A bot that joins gets my_chat_member.
func (s *Server) Join(chatID int64, user User) (Message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, u, err := s.scene(chatID, user.ID)
	if err != nil {
		return Message{}, err
	}
	cur := ch.member(u.ID, s.unix())
	switch {
	case cur.Status == StatusKicked:
		return Message{}, fmt.Errorf("telegramtest: user %d is banned from chat %d", u.ID, chatID)
	case cur.InChat():
		return Message{}, fmt.Errorf("telegramtest: user %d is already in chat %d", u.ID, chatID)
	}
	next := Member{Status: StatusMember}
	if cur.Status == StatusRestricted { // a restriction outlives leaving: back in, still restricted
		next = cur
		next.IsMember = true
	}
	return s.moveMember(ch, u, next, *u)
}

// Leave makes a user or bot leave a chat by itself.
func (s *Server) Leave(chatID int64, user User) (Message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, u, err := s.scene(chatID, user.ID)
	if err != nil {
		return Message{}, err
	}
	cur := ch.member(u.ID, s.unix())
	if !cur.InChat() {
		return Message{}, fmt.Errorf("telegramtest: user %d is not in chat %d", u.ID, chatID)
	}
	// Telegram keeps a restricted user's restriction when they leave: getChatMember
	// answers "restricted" with is_member false ("True, if the user is a member of the
	// chat at the moment of the request", ChatMemberRestricted), and it applies again
	// when they come back.
	next := Member{Status: StatusLeft}
	if cur.Status == StatusRestricted {
		next = cur
		next.IsMember = false
	}
	return s.moveMember(ch, u, next, *u)
}

// ChangeMember sets a membership as the admin "by" would (add, remove, ban,
// promote, demote, restrict): chat_member goes to the admin bots,
// my_chat_member to the subject if it is a bot, and in groups a service
// message announces someone added or removed.
func (s *Server) ChangeMember(chatID, userID int64, m Member, by User) (Message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, u, err := s.scene(chatID, userID)
	if err != nil {
		return Message{}, err
	}
	if s.users[by.ID] == nil {
		return Message{}, fmt.Errorf("telegramtest: unknown user %d", by.ID)
	}
	return s.moveMember(ch, u, m, by)
}

// RestrictFor restricts a member to p for d (0 = forever), as the admin "by" does
// in a Telegram app (chat_member goes to the admin bots). The restriction is kept
// with its until_date, whatever the chat's defaults later become, and lifted when
// it passes.
func (s *Server) RestrictFor(chatID int64, user User, p Permissions, d time.Duration, by User) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, u, err := s.scene(chatID, user.ID)
	if err != nil {
		return err
	}
	if s.users[by.ID] == nil {
		return fmt.Errorf("telegramtest: unknown user %d", by.ID)
	}
	cur := ch.member(u.ID, s.unix())
	if cur.isAdmin() || cur.Status == StatusKicked {
		return fmt.Errorf("telegramtest: user %d can't be restricted in chat %d", u.ID, chatID)
	}
	var until int64
	if d > 0 {
		until = s.unix() + int64(d/time.Second)
	}
	_, err = s.moveMember(ch, u, Member{Status: StatusRestricted, Permissions: p, IsMember: cur.InChat(), UntilDate: until}, by)
	return err
}

// moveMember applies a membership change with its updates. Callers hold s.mu.
func (s *Server) moveMember(ch *chatState, u *User, m Member, by User) (Message, error) {
	was := ch.member(u.ID, s.unix()).InChat()
	s.changeMember(ch, u.ID, m, by, nil)
	var svc *msgState
	switch now := m.InChat(); {
	case !was && now:
		svc = s.serviceJoined(ch, *u, by)
	case was && !now:
		svc = s.serviceLeft(ch, *u, by)
	}
	if svc == nil {
		return Message{}, nil
	}
	return svc.snapshot(), nil
}

// Send posts a text message from a user in a group or supergroup, or a post
// from an admin in a channel. Commands get bot_command entities
// ("/cmd" and "/cmd@botname"), as do mentions, hashtags and links.
func (s *Server) Send(chatID int64, from User, text string) (Message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, u, err := s.scene(chatID, from.ID)
	if err != nil {
		return Message{}, err
	}
	if err := s.maySend(ch, u); err != nil {
		return Message{}, err
	}
	if ch.Type == ChatChannel {
		return s.post(ch, text, nil)
	}
	return s.post(ch, text, func(m *msgState) { m.From = u })
}

// maySend tells why a user may not write in a chat (nil: they may). Callers hold s.mu.
func (s *Server) maySend(ch *chatState, u *User) error {
	mem := ch.member(u.ID, s.unix())
	switch {
	case ch.Type == ChatChannel && !mem.isAdmin():
		return fmt.Errorf("telegramtest: user %d can't post in channel %d", u.ID, ch.ID)
	case !mem.InChat():
		return fmt.Errorf("telegramtest: user %d is not in chat %d", u.ID, ch.ID)
	case mem.Status == StatusRestricted && !mem.Permissions.CanSendMessages,
		ch.Type != ChatChannel && !mem.isAdmin() && !ch.perms.CanSendMessages:
		// a member's rights are their own and the chat's defaults together
		return fmt.Errorf("telegramtest: user %d may not send messages in chat %d", u.ID, ch.ID)
	}
	return nil
}

// SendAsChat posts a message in a group on behalf of the group itself, as an
// anonymous admin does: from is GroupAnonymousBot, sender_chat the group.
func (s *Server) SendAsChat(chatID int64, text string) (Message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := s.chats[chatID]
	if ch == nil || ch.Type == ChatChannel {
		return Message{}, fmt.Errorf("telegramtest: no group %d", chatID)
	}
	return s.post(ch, text, func(m *msgState) {
		a, c := anonymousUser, ch.Chat
		m.From, m.SenderChat = &a, &c
	})
}

// AutoForward posts text in a channel and forwards it automatically into the
// channel's linked group (LinkChat), as Telegram does: the group message is
// from 777000 "Telegram", sender_chat the channel, is_automatic_forward true.
func (s *Server) AutoForward(channelID int64, text string) (Message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	chn := s.chats[channelID]
	if chn == nil || chn.Type != ChatChannel || s.chats[chn.linked] == nil {
		return Message{}, fmt.Errorf("telegramtest: channel %d has no linked group", channelID)
	}
	origin, err := s.post(chn, text, nil)
	if err != nil {
		return Message{}, err
	}
	c := chn.Chat
	return s.post(s.chats[chn.linked], text, func(m *msgState) {
		svc := serviceUser
		m.From, m.SenderChat, m.IsAutomaticForward = &svc, &c, true
		m.ForwardOrigin = &MessageOrigin{Type: "channel", Date: origin.Date, Chat: &c, MessageID: origin.MessageID}
	})
}

// post creates a message in ch (a channel post unless shape sets a sender)
// and delivers it. Callers hold s.mu.
func (s *Server) post(ch *chatState, text string, shape func(*msgState)) (Message, error) {
	text, ents, aerr := formatText(text, "", nil)
	if aerr != nil {
		return Message{}, errors.New("telegramtest: " + aerr.desc)
	}
	m := s.newMessage(ch, nil, 0)
	m.Text, m.Entities = text, ents
	if ch.Type == ChatChannel {
		c := ch.Chat
		m.SenderChat = &c
	}
	if shape != nil {
		shape(m)
	}
	s.deliverMessage(ch, &m.Message, false)
	return m.snapshot(), nil
}

// SendPrivate sends a text from a user to a bot in their private chat (which
// also lets the bot write to the user).
func (s *Server) SendPrivate(bt Bot, from User, text string) (Message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, u := s.botsByID[bt.ID], s.users[from.ID]
	if b == nil || u == nil || u.IsBot {
		return Message{}, fmt.Errorf("telegramtest: unknown bot %d or user %d", bt.ID, from.ID)
	}
	pc := s.private(b, u)
	text, ents, aerr := formatText(text, "", nil)
	if aerr != nil {
		return Message{}, errors.New("telegramtest: " + aerr.desc)
	}
	m := s.newMessage(pc, u, 0)
	m.Text, m.Entities = text, ents
	s.deliver(b, "message", m.Message)
	return m.snapshot(), nil
}

// Press presses an inline button of a bot's message, found by its text or
// callback data, and sends the callback_query to that bot. It returns the
// query id (see CallbackAnswer).
func (s *Server) Press(from User, msg Message, button string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var ch *chatState
	if msg.Chat.Type == ChatPrivate && msg.From != nil {
		ch = s.privates[[2]int64{msg.Chat.ID, msg.From.ID}]
	} else {
		ch = s.chats[msg.Chat.ID]
	}
	if ch == nil || s.users[from.ID] == nil {
		return "", fmt.Errorf("telegramtest: unknown chat %d or user %d", msg.Chat.ID, from.ID)
	}
	m := ch.findMessage(int64(msg.MessageID))
	if m == nil || m.botID == 0 {
		return "", fmt.Errorf("telegramtest: no bot message %d in chat %d", msg.MessageID, msg.Chat.ID)
	}
	var data string
	if m.ReplyMarkup != nil {
		for _, row := range m.ReplyMarkup.InlineKeyboard {
			for _, b := range row {
				if data == "" && b.CallbackData != "" && (b.Text == button || b.CallbackData == button) {
					data = b.CallbackData
				}
			}
		}
	}
	if data == "" {
		return "", fmt.Errorf("telegramtest: message %d has no callback button %q", msg.MessageID, button)
	}
	id := strconv.FormatInt(4300000000000000000+s.next("query"), 10)
	s.queries[id] = &queryState{id: id, botID: m.botID, userID: from.ID, chatID: ch.ID, msgID: m.MessageID, at: s.clock()}
	snap := m.snapshot()
	q := callbackQuery{ID: id, From: *s.users[from.ID], Message: &snap, Data: data,
		ChatInstance: strconv.FormatUint(uint64(ch.ID)*2654435761%1000000000000000000, 10)}
	if b := s.botsByID[m.botID]; b != nil {
		s.deliver(b, "callback_query", q)
	}
	return id, nil
}

// RequestJoin sends a direct join request from a user (to a chat that takes
// requests without a link): chat_join_request, without invite_link, goes to
// the admin bots that may invite users. JoinByLink asks through a link.
func (s *Server) RequestJoin(chatID int64, user User) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, u, err := s.scene(chatID, user.ID)
	if err != nil {
		return err
	}
	return s.request(ch, u, nil)
}

// request records a pending join request and sends chat_join_request (with the
// link it came by, as each bot may see it). Callers hold s.mu.
func (s *Server) request(ch *chatState, u *User, link *InviteLink) error {
	if cur := ch.member(u.ID, s.unix()); cur.InChat() || cur.Status == StatusKicked {
		return fmt.Errorf("telegramtest: user %d can't ask to join chat %d", u.ID, ch.ID)
	}
	now := s.unix()
	ch.requests[u.ID] = now
	if ch.reqLinks == nil {
		ch.reqLinks = map[int64]*InviteLink{}
	}
	delete(ch.reqLinks, u.ID)
	if link != nil {
		ch.reqLinks[u.ID] = link
		link.PendingJoinRequestCount++
	}
	for _, b := range s.botsIn(ch) {
		if ch.member(b.user.ID, now).can(canInvite) {
			req := chatJoinRequest{Chat: ch.Chat, From: *u, UserChatID: u.ID, Date: now, InviteLink: seenBy(link, b)}
			s.private(b, u) // a join request lets the bot write to the user
			s.deliver(b, "chat_join_request", req)
		}
	}
	s.notify()
	return nil
}

// private returns the private chat of a user with a bot, opening it (which lets
// the bot write to the user). Callers hold s.mu.
func (s *Server) private(b *botState, u *User) *chatState {
	key := [2]int64{u.ID, b.user.ID}
	pc := s.privates[key]
	if pc == nil {
		pc = &chatState{Chat: Chat{ID: u.ID, Type: ChatPrivate, FirstName: u.FirstName, LastName: u.LastName, Username: u.Username},
			members: map[int64]*Member{}, botID: b.user.ID}
		s.privates[key] = pc
	}
	return pc
}
