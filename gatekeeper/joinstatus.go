package gatekeeper

import (
	"sync"

	"github.com/go-telegram/bot/models"

	"github.com/nezuko/nezuko/gatekeeper/rights"
)

// joinStatuses holds what chat_member join updates said of the joiner, from the
// update's registration (in arrival order) until the join is decided. Telegram sends
// a join twice, as chat_member (with the member's status: new_chat_member) and as a
// service message (new_chat_members: users only); whichever update decides the join,
// a plain "member" status spares the getChatMember of the group before the mute
// (a restriction someone set shows as "restricted", an admin as "administrator").
// Zero value ready to use.
type joinStatuses struct {
	mu sync.Mutex
	m  map[memberKey]models.ChatMember
}

// note keeps the status of a join into a group an update announces as a plain member.
func (j *joinStatuses) note(u *models.Update) {
	cm := u.ChatMember
	if cm == nil || cm.NewChatMember.Type != models.ChatMemberTypeMember || cm.NewChatMember.Member == nil ||
		cm.NewChatMember.Member.User == nil || !joinedGroup(cm) {
		return
	}
	j.mu.Lock()
	if j.m == nil {
		j.m = map[memberKey]models.ChatMember{}
	}
	j.m[warnKey(cm.Chat.ID, cm.NewChatMember.Member.User.ID)] = cm.NewChatMember
	j.mu.Unlock()
}

// take returns and forgets the noted status of the user's join into the group; nil
// when none was noted (or another update of the join took it).
func (j *joinStatuses) take(groupID, userID int64) *models.ChatMember {
	j.mu.Lock()
	defer j.mu.Unlock()
	m, ok := j.m[warnKey(groupID, userID)]
	if !ok {
		return nil
	}
	delete(j.m, warnKey(groupID, userID))
	return &m
}

// joinedGroup reports whether a chat_member update is someone joining a group or
// supergroup (the case onChatMember hands to onJoin).
func joinedGroup(cm *models.ChatMemberUpdated) bool {
	if cm.Chat.Type != models.ChatTypeGroup && cm.Chat.Type != models.ChatTypeSupergroup {
		return false
	}
	return !rights.InChat(cm.OldChatMember) && rights.InChat(cm.NewChatMember)
}
