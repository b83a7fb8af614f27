package gatekeeper

import (
	"context"
	"time"

	"github.com/go-telegram/bot/models"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper/groupsettings"
	"github.com/nezuko/nezuko/gatekeeper/i18n"
	"github.com/nezuko/nezuko/gatekeeper/status"
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
// rights health (checked afresh) and the last 24 hours' decisions (package status
// words them).
func (e *Engine) onStatus(ctx context.Context, m *models.Message) {
	g, _, ok := e.adminCommand(ctx, m)
	if !ok {
		return
	}
	if g == nil || !g.Mine {
		e.say(ctx, m, g, i18n.StatusNotSetUp)
		return
	}
	h := e.checkHealth(ctx, g)
	r := status.Report{Title: g.Title, Enabled: g.Enabled, Observe: g.Policy.Observe, Members: -1, Health: h,
		Settings: groupsettings.Summary(g.Policy.Language, e.params(g))}
	if pg, err := e.store.GroupRecord(g.RecordID); err == nil {
		r.Members = pg.MemberCount()
	}
	counts := e.lastDay(ctx, g.ID)
	r.Verified, r.Restricted, r.Errors = counts[c.Verified], counts[c.Restricted], counts[c.VerifyErr]
	if len(g.Channels) > 0 {
		brought := e.broughtLastWeek(ctx, g.ID)
		for _, ch := range g.Channels {
			r.Channels = append(r.Channels, status.Channel{Name: warnings.ChannelName(ch),
				Subscribers: e.store.Subscribers(ch.RecordID), Brought: brought[ch.ID]})
		}
	}
	e.sayText(ctx, m, g.Policy, status.Text(g.Policy.Language, r))
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
