package gatekeeper

import (
	"context"

	"github.com/go-telegram/bot/models"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper/groups"
	"github.com/nezuko/nezuko/gatekeeper/i18n"
)

// defaultPolicy is the Policy of a group without a protected_groups row.
var defaultPolicy = groups.PolicyFrom(c.GroupParams{})

// policyOf is the group's Policy, or the default one.
func policyOf(g *groups.Group) groups.Policy {
	if g == nil {
		return defaultPolicy
	}
	return g.Policy
}

// say answers a command with a catalog text in the group's language.
func (e *Engine) say(ctx context.Context, m *models.Message, g *groups.Group, key i18n.Key, args ...string) {
	p := policyOf(g)
	e.sayText(ctx, m, p, i18n.T(p.Language, key, args...))
}

// sayText answers a command with an HTML text, in the command's forum topic. In a
// group it waits for the group's message window, and the answer and the command are
// deleted after the group's TTL.
func (e *Engine) sayText(ctx context.Context, m *models.Message, p groups.Policy, text string) int {
	group := m.Chat.Type != models.ChatTypePrivate
	if group {
		if err := e.groupRate.Wait(ctx, m.Chat.ID); err != nil {
			return 0
		}
	}
	id, err := e.sendIn(ctx, m.Chat.ID, threadOf(m), 0, text, nil)
	if err != nil {
		e.log.Warn("reply not sent", "chat_id", m.Chat.ID, "error", err)
		return 0
	}
	if group {
		ttl := e.ttl(p)
		e.deleteAfter(m.Chat.ID, id, ttl, nil)
		e.deleteAfter(m.Chat.ID, m.ID, ttl, nil)
	}
	return id
}
