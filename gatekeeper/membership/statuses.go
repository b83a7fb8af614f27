package membership

import (
	"sync"

	"github.com/go-telegram/bot/models"

	"github.com/nezuko/nezuko/gatekeeper/rights"
)

// Statuses holds what chat_member join updates said of the joiner, from the update's
// registration (in arrival order) until the join is decided. Telegram sends a join
// twice, as chat_member (with the member's status: new_chat_member) and as a service
// message (new_chat_members: users only); whichever update decides the join, a plain
// "member" status spares the getChatMember of the group before the mute (a
// restriction someone set shows as "restricted", an admin as "administrator"). The
// zero value is ready to use.
type Statuses struct {
	mu sync.Mutex
	m  map[key]models.ChatMember
}

// Note keeps the status of a join into a group that an update announces as a plain
// member; other updates are ignored.
func (s *Statuses) Note(u *models.Update) {
	cm := u.ChatMember
	if cm == nil || cm.NewChatMember.Type != models.ChatMemberTypeMember || cm.NewChatMember.Member == nil ||
		cm.NewChatMember.Member.User == nil || !JoinedGroup(cm) {
		return
	}
	s.mu.Lock()
	if s.m == nil {
		s.m = map[key]models.ChatMember{}
	}
	s.m[key{user: cm.NewChatMember.Member.User.ID, chat: cm.Chat.ID}] = cm.NewChatMember
	s.mu.Unlock()
}

// Take returns and forgets the noted status of the user's join into the group; nil
// when none was noted (or another update of the join took it).
func (s *Statuses) Take(groupID, userID int64) *models.ChatMember {
	k := key{user: userID, chat: groupID}
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.m[k]
	if !ok {
		return nil
	}
	delete(s.m, k)
	return &m
}

// JoinedGroup reports whether a chat_member update is someone joining a group or
// supergroup.
func JoinedGroup(cm *models.ChatMemberUpdated) bool {
	if cm.Chat.Type != models.ChatTypeGroup && cm.Chat.Type != models.ChatTypeSupergroup {
		return false
	}
	return !rights.InChat(cm.OldChatMember) && rights.InChat(cm.NewChatMember)
}
