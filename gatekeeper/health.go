package gatekeeper

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper/i18n"
	"github.com/nezuko/nezuko/telegram"
)

// Rights the health check can find missing (HealthProblem.Missing).
const (
	RightAdmin    = "administrator"        // not an admin of the chat
	RightMember   = "member"               // not in the chat at all
	RightRestrict = "can_restrict_members" // group: cannot mute or kick
	RightDelete   = "can_delete_messages"  // group: cannot delete messages
	RightInvite   = "can_invite_users"     // group with join_requests: cannot approve; private channel: no join link
	// RightSupergroup: the group is a basic group, where Telegram restricts nobody
	// (restrictChatMember works "in a supergroup" only); upgrading it fixes this.
	RightSupergroup = "supergroup"
	// RightGroupLink: the bot's own invite link for the group stopped working and
	// Telegram refused a new one (joins through the group are not attributed to it).
	RightGroupLink = "group_invite_link"
)

// checkHealth checks the bot's own rights in the group and its channels (bypassing
// every cache), stores protected_groups.health, logs a WARNING for each new problem
// and an INFO when all are gone, and returns what it stored.
func (e *Engine) checkHealth(ctx context.Context, g *groupInfo) c.GroupHealth {
	e.healthMu.Lock()
	defer e.healthMu.Unlock()
	now := e.now().UTC()
	var problems []c.HealthProblem
	if missing := e.groupRights(ctx, g); len(missing) > 0 {
		title := g.Title
		if title == "" {
			title = strconv.FormatInt(g.ID, 10)
		}
		problems = append(problems, c.HealthProblem{ChatID: g.ID, Title: title, Missing: missing})
	}
	for _, ch := range g.Channels {
		missing := e.channelRights(ctx, ch)
		if len(missing) == 0 {
			if right := e.linkProblem(ctx, g, ch); right != "" {
				missing = []string{right}
			}
		}
		if len(missing) > 0 {
			problems = append(problems, c.HealthProblem{ChatID: ch.ID, Title: channelName(ch), Missing: missing})
		}
	}
	h := c.GroupHealth{OK: len(problems) == 0, CheckedAt: now.Format(time.RFC3339), Problems: problems}
	if h.Problems == nil {
		h.Problems = []c.HealthProblem{}
	}
	err := e.store.UpdateGroup(g.RecordID, func(pg *c.ProtectedGroup) {
		if pg.GroupID() != g.ID {
			return // the group moved to a supergroup meanwhile: this check is stale
		}
		old, _ := pg.Health()
		for i, p := range h.Problems {
			if prev := findProblem(old.Problems, p.ChatID); prev != nil && slices.Equal(prev.Missing, p.Missing) {
				h.Problems[i].Since = prev.Since
				continue
			}
			h.Problems[i].Since = h.CheckedAt
			e.log.Warn("bot rights missing: "+describeProblem(p), "group_id", g.ID, "chat_id", p.ChatID,
				"missing", strings.Join(p.Missing, ","))
		}
		if h.OK && len(old.Problems) > 0 {
			e.log.Info("bot rights complete again", "group_id", g.ID, "title", g.Title)
		}
		pg.SetHealth(h)
	})
	if err != nil {
		e.log.Warn("health not saved", "group_id", g.ID, "error", err)
	}
	return h
}

// groupRights lists what the bot lacks in the group: first of all a supergroup.
func (e *Engine) groupRights(ctx context.Context, g *groupInfo) []string {
	var missing []string
	if basicGroupID(g.ID) {
		missing = append(missing, RightSupergroup)
	}
	m, err := e.myMember(ctx, g.ID)
	if err != nil {
		return append(missing, RightMember)
	}
	switch {
	case m.Type == models.ChatMemberTypeOwner:
		return missing
	case !inChat(*m):
		return append(missing, RightMember)
	case m.Type != models.ChatMemberTypeAdministrator:
		return append(missing, RightAdmin)
	}
	a := m.Administrator
	if !a.CanRestrictMembers {
		missing = append(missing, RightRestrict)
	}
	if !a.CanDeleteMessages {
		missing = append(missing, RightDelete)
	}
	if g.Policy.JoinRequests && !a.CanInviteUsers {
		missing = append(missing, RightInvite)
	}
	return missing
}

// channelRights lists what the bot lacks in a linked channel: it must be an admin
// there to see who has joined, and in a private channel (no username) also invite
// users via link, or nobody could find the way in.
func (e *Engine) channelRights(ctx context.Context, ch channelInfo) []string {
	m, err := e.myMember(ctx, ch.ID)
	switch {
	case err != nil || !inChat(*m):
		return []string{RightAdmin}
	case !isAdminMember(*m):
		return []string{RightAdmin}
	case (ch.Username == "" || ch.CountRequests) && !canInvite(*m):
		// Join requests reach only admins who may invite users.
		return []string{RightInvite}
	}
	return nil
}

// myMember reads the bot's own membership in a chat.
func (e *Engine) myMember(ctx context.Context, chatID int64) (*models.ChatMember, error) {
	b, err := e.api()
	if err != nil {
		return nil, err
	}
	return b.GetChatMember(telegram.WithCall(ctx, chatID, e.cfg.BotID), &bot.GetChatMemberParams{ChatID: chatID, UserID: e.cfg.BotID})
}

func findProblem(ps []c.HealthProblem, chatID int64) *c.HealthProblem {
	for i := range ps {
		if ps[i].ChatID == chatID {
			return &ps[i]
		}
	}
	return nil
}

// describeProblem is a problem in words for the admin log.
func describeProblem(p c.HealthProblem) string {
	return strings.Join(p.Missing, ", ") + " in " + p.Title + " (" + strconv.FormatInt(p.ChatID, 10) + ")"
}

// healthText is the health part of /status, in the group's language.
func healthText(lang string, h c.GroupHealth) string {
	if h.OK || len(h.Problems) == 0 {
		return i18n.T(lang, i18n.HealthOK)
	}
	var sb strings.Builder
	sb.WriteString(i18n.T(lang, i18n.HealthBad))
	for _, p := range h.Problems {
		names := make([]string, len(p.Missing))
		for i, r := range p.Missing {
			names[i] = rightName(lang, r)
		}
		sb.WriteString("\n" + i18n.T(lang, i18n.HealthLine, "chat", esc(p.Title), "missing", strings.Join(names, ", ")))
	}
	sb.WriteString("\n" + i18n.T(lang, i18n.HealthFix))
	return sb.String()
}

// rightName is a missing right in words.
func rightName(lang, right string) string {
	switch right {
	case RightAdmin:
		return i18n.T(lang, i18n.RightAdmin)
	case RightMember:
		return i18n.T(lang, i18n.RightMember)
	case RightRestrict:
		return i18n.T(lang, i18n.RightRestrict)
	case RightDelete:
		return i18n.T(lang, i18n.RightDelete)
	case RightInvite:
		return i18n.T(lang, i18n.RightInvite)
	case RightSupergroup:
		return i18n.T(lang, i18n.RightSupergroup)
	case RightGroupLink:
		return i18n.T(lang, i18n.RightGroupLink)
	}
	return esc(right)
}
