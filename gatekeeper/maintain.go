package gatekeeper

import (
	"context"
	"time"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper/schedule"
)

// maintainEvery is how often rights health and member counts are refreshed by
// default (Config.MaintainEvery).
const maintainEvery = 15 * time.Minute

// sweep declines the expired join requests and re-checks a few of the bot's mutes.
func (e *Engine) sweep(ctx context.Context) {
	if !e.enter() {
		return
	}
	defer e.leave()
	e.sweepRequests(ctx)
	e.sweepChannelRequests(ctx)
	e.recheckMutes(ctx)
}

// maintain checks the rights health of every enabled group of this bot and stores
// the member counts of the groups and their channels, at once.
func (e *Engine) maintain(ctx context.Context) { e.maintainPaced(ctx, schedule.Pace{}) }

// maintainPaced is maintain with the groups' health checks spread by the pace (package
// schedule). A channel linked to several of the groups has its rights read once per
// maintenance.
func (e *Engine) maintainPaced(ctx context.Context, pace schedule.Pace) {
	if !e.enter() {
		return
	}
	defer e.leave()
	e.setMenus(ctx)
	e.pruneMembers()
	gs, err := e.store.Mine()
	if err != nil {
		e.log.Warn("groups not read for maintenance", "error", err)
		return
	}
	enabled := gs[:0:0]
	for _, g := range gs {
		if g.Enabled {
			enabled = append(enabled, g)
		}
	}
	gap := pace.Gap(len(enabled))
	channels := channelRightsMemo{}
	for i, g := range enabled {
		if i > 0 && gap > 0 && !pace.Wait(ctx, gap) {
			return
		}
		if ctx.Err() != nil {
			return
		}
		e.checkHealthWith(ctx, g, channels)
	}
	if _, err := e.SyncMembers(ctx, 0); err != nil && ctx.Err() == nil {
		e.log.Warn("member counts not synced", "error", err)
	}
}

// pruneMembers forgets the users the bot has not seen in a group for
// collections.MembersKeepDays (bot_members).
func (e *Engine) pruneMembers() {
	before := e.now().AddDate(0, 0, -c.MembersKeepDays)
	if n, err := e.store.PruneMembers(before); err != nil {
		e.log.Warn("member sightings not pruned", "error", err)
	} else if n > 0 {
		e.log.Debug("member sightings pruned", "rows", n)
	}
}
