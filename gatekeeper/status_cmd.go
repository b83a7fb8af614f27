package gatekeeper

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/go-telegram/bot/models"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper/i18n"
	"github.com/nezuko/nezuko/gatekeeper/warnings"
)

// Stats answers the counts /status shows; package analytics implements it
// (analytics.Service). Rows still in the log writer's buffer are not counted yet.
type Stats interface {
	// UsersByStatus counts the distinct users per verification status in the group
	// since from.
	UsersByStatus(ctx context.Context, groupID int64, from time.Time) (map[string]int, error)
	// JoinsByChannel counts, per channel, the users who joined it as members through
	// the group's invite links since from.
	JoinsByChannel(ctx context.Context, groupID int64, from time.Time) (map[int64]int, error)
}

// onStatus answers group admins with the group's channels, member counts, settings,
// rights health (checked afresh) and the last 24 hours' decisions.
func (e *Engine) onStatus(ctx context.Context, m *models.Message) {
	g, _, ok := e.adminCommand(ctx, m)
	if !ok {
		return
	}
	if g == nil || !g.Mine {
		e.say(ctx, m, g, i18n.StatusNotSetUp)
		return
	}
	lang := g.Policy.Language
	h := e.checkHealth(ctx, g)
	var sb strings.Builder
	line := func(s string) { sb.WriteString("\n" + s) }
	sb.WriteString(i18n.T(lang, i18n.StatusTitle, "group", esc(g.Title)))
	switch {
	case len(g.Channels) == 0:
		line(i18n.T(lang, i18n.StatusNotSetUp))
	case g.Enabled:
		line(i18n.T(lang, i18n.StatusOn))
	default:
		line(i18n.T(lang, i18n.StatusOff))
	}
	if g.Policy.Observe {
		line(i18n.T(lang, i18n.StatusObserve))
	}
	if len(g.Channels) > 0 {
		line(i18n.T(lang, i18n.StatusChannels))
		for _, ch := range g.Channels {
			line(i18n.T(lang, i18n.StatusChannel, "channel", esc(warnings.ChannelName(ch)), "count", strconv.Itoa(e.store.Subscribers(ch.RecordID))))
		}
	}
	if pg, err := e.store.GroupRecord(g.RecordID); err == nil {
		line(i18n.T(lang, i18n.StatusMembers, "count", strconv.Itoa(pg.MemberCount())))
	}
	counts := e.lastDay(ctx, g.ID)
	line(i18n.T(lang, i18n.StatusLast24, "verified", strconv.Itoa(counts[c.Verified]),
		"restricted", strconv.Itoa(counts[c.Restricted]), "errors", strconv.Itoa(counts[c.VerifyErr])))
	if len(g.Channels) > 0 {
		brought := e.broughtLastWeek(ctx, g.ID)
		items := make([]string, len(g.Channels))
		for i, ch := range g.Channels {
			items[i] = i18n.T(lang, i18n.StatusBroughtItem, "count", strconv.Itoa(brought[ch.ID]), "channel", esc(warnings.ChannelName(ch)))
		}
		line(i18n.T(lang, i18n.StatusBrought, "list", strings.Join(items, ", ")))
	}
	p := e.params(g)
	var set []string
	for _, k := range []string{c.ParamAction, c.ParamMode, c.ParamOnError, c.ParamLanguage} {
		set = append(set, k+" "+settingValue(lang, p, k, 0))
	}
	line(i18n.T(lang, i18n.StatusSettings, "settings", strings.Join(set, " · ")))
	line(healthText(lang, h))
	e.sayText(ctx, m, g.Policy, sb.String())
}

// lastDay counts the distinct users per verification status in the group over the
// last 24 hours.
func (e *Engine) lastDay(ctx context.Context, groupID int64) map[string]int {
	if e.cfg.Stats == nil {
		return map[string]int{}
	}
	out, err := e.cfg.Stats.UsersByStatus(ctx, groupID, e.now().Add(-24*time.Hour))
	if err != nil {
		e.log.Warn("last day's decisions not counted", "group_id", groupID, "error", err)
		return map[string]int{}
	}
	return out
}

// broughtLastWeek counts, per channel, the users who joined it as members through
// this group's invite link in the last 7 days.
func (e *Engine) broughtLastWeek(ctx context.Context, groupID int64) map[int64]int {
	if e.cfg.Stats == nil {
		return map[int64]int{}
	}
	out, err := e.cfg.Stats.JoinsByChannel(ctx, groupID, e.now().Add(-7*24*time.Hour))
	if err != nil {
		e.log.Warn("subscribers brought not counted", "group_id", groupID, "error", err)
		return map[int64]int{}
	}
	return out
}
