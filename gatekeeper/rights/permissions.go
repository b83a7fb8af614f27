package rights

import (
	"errors"
	"strings"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// Muted is the permission set of a muted member: every permission off.
var Muted = models.ChatPermissions{}

// Unmuted grants every permission. "Pass True for all permissions to lift restrictions
// from a user" (Bot API, restrictChatMember): a user granted anything less stays
// "restricted", frozen at those rights (later changes of the group's defaults never
// reach them); with every permission they are a plain member again, under the
// group's defaults.
var Unmuted = models.ChatPermissions{CanSendMessages: true, CanSendAudios: true, CanSendDocuments: true,
	CanSendPhotos: true, CanSendVideos: true, CanSendVideoNotes: true, CanSendVoiceNotes: true,
	CanSendPolls: true, CanSendOtherMessages: true, CanAddWebPagePreviews: true, CanChangeInfo: true,
	CanInviteUsers: true, CanPinMessages: true, CanManageTopics: true}

// AsMuted reports whether a member is restricted the way the bot mutes: every
// permission off, no until_date. A restriction a person changed since (a timed
// mute, some rights back) is theirs now, and so is a lift or a ban.
func AsMuted(m models.ChatMember) bool {
	r := m.Restricted
	if m.Type != models.ChatMemberTypeRestricted || r == nil || r.UntilDate != 0 {
		return false
	}
	got := models.ChatPermissions{CanSendMessages: r.CanSendMessages, CanSendAudios: r.CanSendAudios,
		CanSendDocuments: r.CanSendDocuments, CanSendPhotos: r.CanSendPhotos, CanSendVideos: r.CanSendVideos,
		CanSendVideoNotes: r.CanSendVideoNotes, CanSendVoiceNotes: r.CanSendVoiceNotes, CanSendPolls: r.CanSendPolls,
		CanSendOtherMessages: r.CanSendOtherMessages, CanAddWebPagePreviews: r.CanAddWebPagePreviews,
		CanChangeInfo: r.CanChangeInfo, CanInviteUsers: r.CanInviteUsers, CanPinMessages: r.CanPinMessages,
		CanManageTopics: r.CanManageTopics}
	return got == Muted
}

// NotAMember reports a getChatMember refusal that means "not a member": real Telegram
// answers 400 "PARTICIPANT_ID_INVALID" for a user who is not in the chat (the same pair
// answers status "left" a moment later, tdlib/telegram-bot-api#802), "member not
// found" (tdlib/telegram-bot-api#795) and "user not found" for a user the bot never
// met, who cannot be a member it knows of (tdlib/telegram-bot-api#332). Counting them
// as failed lookups would let such users in under on_error=allow.
func NotAMember(err error) bool {
	if err == nil || !errors.Is(err, bot.ErrorBadRequest) {
		return false
	}
	desc := strings.ToLower(err.Error())
	return strings.Contains(desc, "participant_id_invalid") || strings.Contains(desc, "member not found") ||
		strings.Contains(desc, "user not found")
}
