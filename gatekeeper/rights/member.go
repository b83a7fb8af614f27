// Package rights reads Telegram's ChatMember: whether someone is in the chat, administers
// it or carries the bot's mute, and which rights the bot lacks in a group or channel.
//
// A "restricted" member is in the chat only while is_member is true. In a group the
// bot needs a supergroup (Telegram restricts nobody in a basic group), to be an
// administrator with can_restrict_members and can_delete_messages, and
// can_invite_users when it approves join requests; in a channel, to be an
// administrator (to see who joined) and, where people join by its links, to invite
// users via link. A mute takes every permission (Muted); a lift passes every
// permission true (Unmuted), or the user stays restricted.
//
//	missing := rights.InGroup(basic, me, joinRequests) // e.g. [supergroup can_delete_messages]
package rights

import "github.com/go-telegram/bot/models"

// User is the user a ChatMember is about.
func User(m models.ChatMember) *models.User {
	switch m.Type {
	case models.ChatMemberTypeOwner:
		return m.Owner.User
	case models.ChatMemberTypeAdministrator:
		return &m.Administrator.User
	case models.ChatMemberTypeMember:
		return m.Member.User
	case models.ChatMemberTypeRestricted:
		return m.Restricted.User
	case models.ChatMemberTypeLeft:
		return m.Left.User
	case models.ChatMemberTypeBanned:
		return m.Banned.User
	}
	return nil
}

// InChat reports whether a ChatMember is in the chat (member, admin, creator, or
// restricted but still a member).
func InChat(m models.ChatMember) bool {
	switch m.Type {
	case models.ChatMemberTypeOwner, models.ChatMemberTypeAdministrator, models.ChatMemberTypeMember:
		return true
	case models.ChatMemberTypeRestricted:
		return m.Restricted != nil && m.Restricted.IsMember
	}
	return false
}

// IsAdmin reports whether a ChatMember is the creator or an administrator.
func IsAdmin(m models.ChatMember) bool {
	return m.Type == models.ChatMemberTypeOwner || m.Type == models.ChatMemberTypeAdministrator
}

// CanInvite reports whether a member may make invite links.
func CanInvite(m models.ChatMember) bool {
	return adminMay(m, func(a *models.ChatMemberAdministrator) bool { return a.CanInviteUsers })
}

// CanRestrict reports whether a member may restrict others.
func CanRestrict(m models.ChatMember) bool {
	return adminMay(m, func(a *models.ChatMemberAdministrator) bool { return a.CanRestrictMembers })
}

// adminMay reports whether a member is the creator, or an administrator granted the
// right.
func adminMay(m models.ChatMember, right func(*models.ChatMemberAdministrator) bool) bool {
	switch m.Type {
	case models.ChatMemberTypeOwner:
		return true
	case models.ChatMemberTypeAdministrator:
		return m.Administrator != nil && right(m.Administrator)
	}
	return false
}
