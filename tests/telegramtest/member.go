package telegramtest

// Status is a chat member's status, as the Bot API spells it.
type Status string

// The member statuses of the Bot API.
const (
	StatusCreator       Status = "creator"
	StatusAdministrator Status = "administrator"
	StatusMember        Status = "member"
	StatusRestricted    Status = "restricted"
	StatusLeft          Status = "left"
	StatusKicked        Status = "kicked"
)

// Member is a user's membership in a chat.
type Member struct {
	Status Status
	// Rights of an administrator (a creator only uses IsAnonymous).
	Rights AdminRights
	// Permissions of a restricted member.
	Permissions Permissions
	// IsMember tells whether a restricted user is in the chat.
	IsMember bool
	// UntilDate ends a restriction or ban (unix seconds, 0 = forever).
	UntilDate int64
	// PromotedBy is who made an administrator one; that bot may edit them.
	PromotedBy int64
	// CustomTitle of an administrator or the creator.
	CustomTitle string
}

// Admin returns an administrator membership with the given rights.
func Admin(r AdminRights) Member {
	return Member{Status: StatusAdministrator, Rights: r}
}

// InChat tells whether the member is currently in the chat.
func (m Member) InChat() bool {
	switch m.Status {
	case StatusCreator, StatusAdministrator, StatusMember:
		return true
	case StatusRestricted:
		return m.IsMember
	}
	return false
}

// isAdmin tells whether the member is the creator or an administrator.
func (m Member) isAdmin() bool {
	return m.Status == StatusCreator || m.Status == StatusAdministrator
}

// can reports an administrator right; the creator has them all.
func (m Member) can(right func(AdminRights) bool) bool {
	switch m.Status {
	case StatusCreator:
		return true
	case StatusAdministrator:
		return right(m.Rights)
	}
	return false
}

func canRestrict(r AdminRights) bool { return r.CanRestrictMembers }
func canDelete(r AdminRights) bool   { return r.CanDeleteMessages }
func canInvite(r AdminRights) bool   { return r.CanInviteUsers }
func canPost(r AdminRights) bool     { return r.CanPostMessages }

// memberJSON renders a ChatMember object the way the Bot API does for chat
// type chatType, as seen by the bot viewer.
func memberJSON(chatType string, u User, m Member, viewer int64) map[string]any {
	out := map[string]any{"status": string(m.Status), "user": u}
	switch m.Status {
	case StatusCreator:
		out["is_anonymous"] = m.Rights.IsAnonymous
		if m.CustomTitle != "" {
			out["custom_title"] = m.CustomTitle
		}
	case StatusAdministrator:
		r := m.Rights
		out["can_be_edited"] = m.PromotedBy != 0 && m.PromotedBy == viewer
		for k, v := range map[string]bool{
			"is_anonymous": r.IsAnonymous, "can_manage_chat": r.CanManageChat,
			"can_delete_messages": r.CanDeleteMessages, "can_manage_video_chats": r.CanManageVideoChats,
			"can_restrict_members": r.CanRestrictMembers, "can_promote_members": r.CanPromoteMembers,
			"can_change_info": r.CanChangeInfo, "can_invite_users": r.CanInviteUsers,
			"can_post_stories": r.CanPostStories, "can_edit_stories": r.CanEditStories,
			"can_delete_stories": r.CanDeleteStories,
		} {
			out[k] = v
		}
		if chatType == ChatChannel {
			out["can_post_messages"], out["can_edit_messages"] = r.CanPostMessages, r.CanEditMessages
		} else {
			out["can_pin_messages"] = r.CanPinMessages
			if chatType == ChatSupergroup {
				out["can_manage_topics"] = r.CanManageTopics
			}
		}
		if m.CustomTitle != "" {
			out["custom_title"] = m.CustomTitle
		}
	case StatusRestricted:
		for k, v := range permissionMap(m.Permissions) {
			out[k] = v
		}
		out["is_member"] = m.IsMember
		out["until_date"] = m.UntilDate
	case StatusKicked:
		out["until_date"] = m.UntilDate
	}
	return out
}

func permissionMap(p Permissions) map[string]bool {
	return map[string]bool{
		"can_send_messages": p.CanSendMessages, "can_send_audios": p.CanSendAudios,
		"can_send_documents": p.CanSendDocuments, "can_send_photos": p.CanSendPhotos,
		"can_send_videos": p.CanSendVideos, "can_send_video_notes": p.CanSendVideoNotes,
		"can_send_voice_notes": p.CanSendVoiceNotes, "can_send_polls": p.CanSendPolls,
		"can_send_other_messages": p.CanSendOtherMessages, "can_add_web_page_previews": p.CanAddWebPagePreviews,
		"can_change_info": p.CanChangeInfo, "can_invite_users": p.CanInviteUsers,
		"can_pin_messages": p.CanPinMessages, "can_manage_topics": p.CanManageTopics,
	}
}

// allGranted tells whether p grants every permission, which is the only
// restriction that is no restriction at all.
func allGranted(p Permissions) bool {
	for _, v := range permissionMap(p) {
		if !v {
			return false
		}
	}
	return true
}

// AllPermissions grants everything: restricting a user to it lifts their restriction.
var AllPermissions = Permissions{
	CanSendMessages: true, CanSendAudios: true, CanSendDocuments: true, CanSendPhotos: true,
	CanSendVideos: true, CanSendVideoNotes: true, CanSendVoiceNotes: true, CanSendPolls: true,
	CanSendOtherMessages: true, CanAddWebPagePreviews: true, CanChangeInfo: true,
	CanInviteUsers: true, CanPinMessages: true, CanManageTopics: true,
}

// impliedPermissions applies the Bot API's rule for requests without
// use_independent_chat_permissions: other messages and web page previews
// imply all media and text; polls imply text.
func impliedPermissions(p Permissions) Permissions {
	if p.CanSendOtherMessages || p.CanAddWebPagePreviews {
		p.CanSendMessages, p.CanSendAudios, p.CanSendDocuments, p.CanSendPhotos = true, true, true, true
		p.CanSendVideos, p.CanSendVideoNotes, p.CanSendVoiceNotes = true, true, true
	}
	if p.CanSendPolls {
		p.CanSendMessages = true
	}
	return p
}
