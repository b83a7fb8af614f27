package gatekeeper

import (
	"context"
	"sync"
	"time"
)

// maintainEvery is how often rights health and member counts are refreshed by
// default (Config.MaintainEvery).
const maintainEvery = 15 * time.Minute

// maintainSpread is the share of MaintainEvery over which the periodic maintenance
// spreads its groups' health checks (each group's at most maxHealthGap after the one
// before), so that a bot serving many groups checks them at an even pace well within
// Telegram's limits instead of all at once, and the bots of a fleet do not all check
// in the same second.
const (
	maintainSpread = 4
	maxHealthGap   = 250 * time.Millisecond
)

// sweepEvery is how often expired join requests are declined and a few of the bot's
// own mutes re-checked.
const sweepEvery = time.Minute

// maintainLoop runs the periodic duties until stop closes: the first maintenance a
// minute after start (or sooner when Config.MaintainEvery is shorter) and up to as
// much again, by the bot's id, so that bots started together do not check together;
// then every MaintainEvery; every minute the sweep.
func (e *Engine) maintainLoop(stop <-chan struct{}, wg *sync.WaitGroup) {
	defer wg.Done()
	every := e.cfg.MaintainEvery
	delay := min(every, time.Minute)
	first := time.NewTimer(delay + time.Duration(uint64(e.cfg.BotID)%uint64(delay)))
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
			e.maintainPaced(e.ctx, stop, every/maintainSpread)
		case <-tick.C:
			e.maintainPaced(e.ctx, stop, every/maintainSpread)
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
// the member counts of the groups and their channels, at once.
func (e *Engine) maintain(ctx context.Context) { e.maintainPaced(ctx, nil, 0) }

// maintainPaced is maintain with the groups' health checks spread over the duration
// over (0: at once), at most maxHealthGap apart, until stop closes. A channel linked
// to several of the groups has its rights read once per maintenance.
func (e *Engine) maintainPaced(ctx context.Context, stop <-chan struct{}, over time.Duration) {
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
	enabled := gs[:0:0]
	for _, g := range gs {
		if g.Enabled {
			enabled = append(enabled, g)
		}
	}
	var gap time.Duration
	if len(enabled) > 1 {
		gap = min(over/time.Duration(len(enabled)), maxHealthGap)
	}
	channels := channelRightsMemo{}
	for i, g := range enabled {
		if i > 0 && gap > 0 && !wait(ctx, stop, gap) {
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

// wait waits d; false when ctx ended or stop closed first.
func wait(ctx context.Context, stop <-chan struct{}, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-stop:
		return false
	case <-t.C:
		return true
	}
}
