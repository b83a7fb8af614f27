// Package schedule owns when a bot's periodic duties run: the first maintenance a
// minute after start (sooner when the period is shorter), staggered by the bot's id
// so that the bots of a fleet started together do not check together, then one every
// period; the sweep every minute; and the Pace that spreads one maintenance's group
// checks over a share of the period, so a bot serving many groups checks them at an
// even pace well within Telegram's limits instead of all at once.
package schedule

import (
	"context"
	"time"
)

const (
	// Spread is the share of the period one maintenance spreads its checks over
	// (a quarter).
	Spread = 4
	// MaxGap is the longest wait between two checks of one maintenance.
	MaxGap = 250 * time.Millisecond
	// SweepEvery is how often the sweep runs.
	SweepEvery = time.Minute
)

// Duties are the periodic work Run starts.
type Duties struct {
	Maintain func(Pace) // one maintenance, its checks paced by the Pace
	Sweep    func()
}

// Run runs the duties until stop closes: the first maintenance min(every, 1 min)
// after the call plus up to as much again (botID modulo it), then every period, and
// the sweep every SweepEvery. A duty runs to its end before the next one starts.
func Run(stop <-chan struct{}, every time.Duration, botID int64, d Duties) {
	delay := min(every, time.Minute)
	first := time.NewTimer(delay + time.Duration(uint64(botID)%uint64(delay)))
	defer first.Stop()
	tick := time.NewTicker(every)
	defer tick.Stop()
	sweep := time.NewTicker(SweepEvery)
	defer sweep.Stop()
	pace := Pace{Over: every / Spread, Stop: stop}
	for {
		select {
		case <-stop:
			return
		case <-first.C:
			d.Maintain(pace)
		case <-tick.C:
			d.Maintain(pace)
		case <-sweep.C:
			d.Sweep()
		}
	}
}

// Pace spreads the checks of one maintenance over Over, at most MaxGap apart, until
// Stop closes. The zero Pace runs them at once.
type Pace struct {
	Over time.Duration
	Stop <-chan struct{}
}

// Gap is the wait between two of n checks (0: none).
func (p Pace) Gap(n int) time.Duration {
	if n < 2 || p.Over <= 0 {
		return 0
	}
	return min(p.Over/time.Duration(n), MaxGap)
}

// Wait waits d; false when ctx ended or Stop closed first.
func (p Pace) Wait(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-p.Stop:
		return false
	case <-t.C:
		return true
	}
}
