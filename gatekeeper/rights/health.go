package rights

import (
	"slices"
	"strconv"
	"strings"

	"github.com/go-telegram/bot/models"

	c "github.com/nezuko/nezuko/collections"
)

// Rights the health check can find missing (c.HealthProblem.Missing).
const (
	Admin    = "administrator"        // not an admin of the chat
	Member   = "member"               // not in the chat at all
	Restrict = "can_restrict_members" // group: cannot mute or kick
	Delete   = "can_delete_messages"  // group: cannot delete messages
	Invite   = "can_invite_users"     // group with join_requests: cannot approve; private channel: no join link
	// Supergroup: the group is a basic group, where Telegram restricts nobody
	// (restrictChatMember works "in a supergroup" only); upgrading it fixes this.
	Supergroup = "supergroup"
	// GroupLink: the bot's own invite link for the group stopped working and
	// Telegram refused a new one (joins through the group are not attributed to it).
	GroupLink = "group_invite_link"
)

// InGroup lists what the bot lacks in a group, first of all a supergroup: basic
// tells a basic group, me is the bot's membership (nil: not readable), and
// joinRequests whether the group approves join requests.
func InGroup(basic bool, me *models.ChatMember, joinRequests bool) []string {
	var missing []string
	if basic {
		missing = append(missing, Supergroup)
	}
	switch {
	case me == nil:
		return append(missing, Member)
	case me.Type == models.ChatMemberTypeOwner:
		return missing
	case !InChat(*me):
		return append(missing, Member)
	case me.Type != models.ChatMemberTypeAdministrator:
		return append(missing, Admin)
	}
	a := me.Administrator
	if !a.CanRestrictMembers {
		missing = append(missing, Restrict)
	}
	if !a.CanDeleteMessages {
		missing = append(missing, Delete)
	}
	if joinRequests && !a.CanInviteUsers {
		missing = append(missing, Invite)
	}
	return missing
}

// InChannel lists what the bot lacks in a linked channel: it must be an admin there
// to see who has joined, and where people get in by a link of the bot's (a private
// channel, or one whose join requests count: needsInvite) also invite users via
// link, or nobody could find the way in. me nil: not readable.
func InChannel(me *models.ChatMember, needsInvite bool) []string {
	switch {
	case me == nil || !InChat(*me) || !IsAdmin(*me):
		return []string{Admin}
	case needsInvite && !CanInvite(*me):
		// Join requests reach only admins who may invite users.
		return []string{Invite}
	}
	return nil
}

// Carry keeps, for each problem that was found before (same chat, same rights
// missing), its Since; the others are new, start at checkedAt, and are returned.
func Carry(old, problems []c.HealthProblem, checkedAt string) (fresh []c.HealthProblem) {
	for i, p := range problems {
		if prev := find(old, p.ChatID); prev != nil && slices.Equal(prev.Missing, p.Missing) {
			problems[i].Since = prev.Since
			continue
		}
		problems[i].Since = checkedAt
		fresh = append(fresh, problems[i])
	}
	return fresh
}

func find(ps []c.HealthProblem, chatID int64) *c.HealthProblem {
	for i := range ps {
		if ps[i].ChatID == chatID {
			return &ps[i]
		}
	}
	return nil
}

// Describe is a problem in words for the admin log.
func Describe(p c.HealthProblem) string {
	return strings.Join(p.Missing, ", ") + " in " + p.Title + " (" + strconv.FormatInt(p.ChatID, 10) + ")"
}
