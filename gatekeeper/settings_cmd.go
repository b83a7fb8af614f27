package gatekeeper

import (
	"context"

	"github.com/go-telegram/bot/models"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper/groups"
	"github.com/nezuko/nezuko/gatekeeper/groupsettings"
	"github.com/nezuko/nezuko/gatekeeper/i18n"
	"github.com/nezuko/nezuko/gatekeeper/rights"
	"github.com/nezuko/nezuko/gatekeeper/store"
	"github.com/nezuko/nezuko/gatekeeper/warnings"
)

// onSettings handles "/settings" (show) and "/settings KEY VALUE" (change one), for
// group admins only; package groupsettings reads the command and words the answers.
func (e *Engine) onSettings(ctx context.Context, m *models.Message, args []string) {
	g, _, ok := e.adminCommand(ctx, m)
	if !ok {
		return
	}
	if g == nil || !g.Mine {
		e.say(ctx, m, g, i18n.NotProtected)
		return
	}
	sg := e.settingsGroup(g)
	if len(args) == 0 {
		e.sayText(ctx, m, g.Policy, groupsettings.Card(sg))
		return
	}
	ch := groupsettings.Parse(sg, args, m.Text)
	switch ch.Kind {
	case groupsettings.Refuse:
		e.sayText(ctx, m, g.Policy, ch.Reply.Text())
		return
	case groupsettings.Save:
		if !e.saveParams(ctx, m, g, ch.Params) {
			return
		}
	case groupsettings.Requests:
		if !e.saveRequests(ctx, m, g, g.Channels[ch.Channel], ch.On) {
			return
		}
	}
	e.sayText(ctx, m, g.Policy, ch.Reply.Text())
	if ch.Recheck { // join requests need one more right; a channel's link is remade
		if fresh, err := e.store.Group(g.ID); err == nil && fresh != nil {
			e.checkHealth(ctx, fresh)
		}
	}
}

// settingsGroup is what /settings shows and changes of the group.
func (e *Engine) settingsGroup(g *groups.Group) groupsettings.Group {
	chs := make([]groupsettings.Channel, len(g.Channels))
	for i, ch := range g.Channels {
		chs[i] = groupsettings.Channel{ID: ch.ID, Username: ch.Username, Name: warnings.ChannelName(ch), CountRequests: ch.CountRequests}
	}
	return groupsettings.Group{Title: g.Title, Language: g.Policy.Language, Params: e.params(g), Channels: chs,
		DefaultTTL: e.settings.Get().WarningTTL}
}

// params reads the group's current params (defaults when unreadable).
func (e *Engine) params(g *groups.Group) c.GroupParams {
	pg, err := e.store.GroupRecord(g.RecordID)
	if err != nil {
		return c.GroupParams{}
	}
	p, _ := pg.Params()
	return p
}

// saveParams stores the group's params after the same check REST writes get
// (collections.ValidateParams); false (after answering) when it failed.
func (e *Engine) saveParams(ctx context.Context, m *models.Message, g *groups.Group, p c.GroupParams) bool {
	err := p.Validate()
	if err == nil {
		err = e.store.UpdateGroup(g.RecordID, func(pg *c.ProtectedGroup) { pg.SetParams(p) })
	}
	if err != nil {
		e.log.Error("settings not saved", "group_id", g.ID, "error", err)
		e.say(ctx, m, g, i18n.SaveFailed)
		return false
	}
	e.store.Forget(g.ID)
	return true
}

// saveRequests sets whether a pending join request to the channel counts as joining
// it. The setting belongs to the channel (every group that requires it), so only an
// administrator of the channel may change it; false (after answering) when the
// sender is not one or the save failed.
func (e *Engine) saveRequests(ctx context.Context, m *models.Message, g *groups.Group, ch store.Channel, on bool) bool {
	admin := m.From != nil && m.SenderChat == nil
	if admin {
		cm, err := e.member(ctx, ch.ID, m.From.ID)
		admin = err == nil && rights.IsAdmin(*cm)
	}
	if !admin {
		e.say(ctx, m, g, i18n.SettingsRequestsNotAdmin, "channel", esc(warnings.ChannelName(ch)))
		return false
	}
	if err := e.store.SetCountJoinRequests(ch.RecordID, on); err != nil {
		e.log.Error("channel setting not saved", "channel_id", ch.ID, "error", err)
		e.say(ctx, m, g, i18n.SaveFailed)
		return false
	}
	e.store.ForgetAll()
	return true
}
