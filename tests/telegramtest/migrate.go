package telegramtest

import "fmt"

// Basic groups becoming supergroups, and getChatMember's answers about strangers.

// MigrateToSupergroup upgrades a basic group to a supergroup, as Telegram does
// when an admin makes the group public, turns on chat history for new members
// or anything else a basic group lacks: the supergroup gets a new id (-100…),
// the title, the default permissions and every membership; the old group gets
// a service message with migrate_to_chat_id and the supergroup one with
// migrate_from_chat_id (Bot API, Message: "migrate_to_chat_id: The group has
// been migrated to a supergroup with the specified identifier"); from then on
// every method addressed to the old id answers 400 "Bad Request: group chat
// was upgraded to a supergroup chat" with parameters.migrate_to_chat_id.
func (s *Server) MigrateToSupergroup(groupID int64, by User) (Chat, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	old, u, err := s.scene(groupID, by.ID)
	if err != nil {
		return Chat{}, err
	}
	if old.Type != ChatGroup || old.migratedTo != 0 {
		return Chat{}, fmt.Errorf("telegramtest: chat %d is not a basic group", groupID)
	}
	if !old.member(u.ID, s.unix()).isAdmin() {
		return Chat{}, fmt.Errorf("telegramtest: user %d is not an admin of chat %d", u.ID, groupID)
	}
	c := Chat{ID: -(1001000000000 + s.next("supergroup")), Type: ChatSupergroup, Title: old.Title}
	ch := &chatState{Chat: c, perms: old.perms, members: map[int64]*Member{}, requests: map[int64]int64{}}
	for _, id := range old.order {
		ch.set(id, old.member(id, s.unix()))
	}
	s.chats[c.ID] = ch
	to := s.newMessage(old, u, 0)
	to.MigrateToChatID = c.ID
	s.deliverMessage(old, &to.Message, true)
	old.migratedTo = c.ID
	from := s.newMessage(ch, u, 0)
	from.MigrateFromChatID = groupID
	s.deliverMessage(ch, &from.Message, true)
	s.notify()
	return c, nil
}

// SetUnseenMemberError makes getChatMember in a chat answer 400 "Bad Request:
// <description>" for users never seen in it, instead of status "left". Real
// Telegram answers so at times for valid users who are not members:
// "PARTICIPANT_ID_INVALID" for a pair that answers "left" a moment later
// (tdlib/telegram-bot-api#802), "member not found" (tdlib/telegram-bot-api#795),
// "user not found" for a user the bot never met (tdlib/telegram-bot-api#332).
// An empty description restores status "left".
func (s *Server) SetUnseenMemberError(chatID int64, description string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ch := s.chats[chatID]; ch != nil {
		ch.unseenErr = description
	}
}
