package gatekeeper

import (
	"context"
	"sync"
	"time"
)

// maintainEvery is how often rights health and member counts are refreshed by
// default (Config.MaintainEvery).
const maintainEvery = 15 * time.Minute

// sweepEvery is how often expired join requests are declined and a few of the bot's
// own mutes re-checked.
const sweepEvery = time.Minute

// maintainLoop runs the periodic duties until stop closes: the first maintenance a
// minute after start (or sooner when Config.MaintainEvery is shorter), then every
// MaintainEvery; every minute the sweep.
func (e *Engine) maintainLoop(stop <-chan struct{}, wg *sync.WaitGroup) {
	defer wg.Done()
	every := e.cfg.MaintainEvery
	first := time.NewTimer(min(every, time.Minute))
	defer first.Stop()
	tick := time.NewTicker(every)
	defer tick.Stop()
	sweep := time.NewTicker(sweepEvery)
	defer sweep.Stop()
	for {
		select {
		case <-stop:
			return
		case <-first.C:
			e.maintain(e.ctx)
		case <-tick.C:
			e.maintain(e.ctx)
		case <-sweep.C:
			e.sweep(e.ctx)
		}
	}
}

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
// the member counts of the groups and their channels.
func (e *Engine) maintain(ctx context.Context) {
	if !e.enter() {
		return
	}
	defer e.leave()
	e.setMenus(ctx)
	gs, err := e.store.Mine()
	if err != nil {
		e.log.Warn("groups not read for maintenance", "error", err)
		return
	}
	for _, g := range gs {
		if ctx.Err() != nil {
			return
		}
		if g.Enabled {
			e.checkHealth(ctx, g)
		}
	}
	if _, err := e.SyncMembers(ctx, 0); err != nil && ctx.Err() == nil {
		e.log.Warn("member counts not synced", "error", err)
	}
}
