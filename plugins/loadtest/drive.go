package loadtest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/nezuko/nezuko/tests/telegramtest"
)

// driver makes the simulated users act on the fake Telegram.
type driver struct {
	cfg     Config
	w       *world
	rnd     *rand.Rand
	seq     int64
	actions []*action // every action made, in order
	pool    []*action // warned set-up users whose warning exists and was not pressed yet
	members []*action // seen set-up members still in every channel (for the channel leaves)
}

func newDriver(cfg Config, w *world) *driver {
	return &driver{cfg: cfg, w: w, rnd: rand.New(rand.NewPCG(cfg.Seed, 0x6e657a756b6f))}
}

// next is a fresh number for a user's name.
func (d *driver) next() int64 { d.seq++; return d.seq }

// updatesPerAction is the mean number of updates an action of the mix makes.
func updatesPerAction() float64 {
	var w, u int
	for _, m := range mix {
		w += m.weight
		u += m.weight * updatesOf[m.k]
	}
	return float64(u) / float64(w)
}

// share is the share of the kinds that match in the mix.
func share(match func(kind) bool) float64 {
	var w, p int
	for _, m := range mix {
		w += m.weight
		if match(m.k) {
			p += m.weight
		}
	}
	return float64(p) / float64(w)
}

// pick draws a kind from the mix; a press when no warning is left becomes a
// restricted join.
func (d *driver) pick() kind {
	total := 0
	for _, m := range mix {
		total += m.weight
	}
	n := d.rnd.IntN(total)
	k := mix[len(mix)-1].k
	for _, m := range mix {
		if n < m.weight {
			k = m.k
			break
		}
		n -= m.weight
	}
	if k.isPress() && len(d.pool) == 0 {
		return joinRestricted
	}
	if k == leaveChannel && len(d.members) == 0 {
		return msgAllowed
	}
	return k
}

// newAction makes a prepared action of kind k: a random group and a fresh user, for
// a press a warned user from the pool and their warning, for a channel leave a
// member the bot has seen.
func (d *driver) newAction(k kind, ph phase) (*action, error) {
	a := &action{kind: k, phase: ph}
	switch {
	case k.isPress():
		w := d.pool[len(d.pool)-1]
		d.pool = d.pool[:len(d.pool)-1]
		a.group, a.user, a.warning = w.group, w.user, w.warning
	case k == leaveChannel:
		m := d.members[len(d.members)-1]
		d.members = d.members[:len(d.members)-1]
		a.group, a.user = m.group, m.user
	default:
		a.group = d.w.groups[d.rnd.IntN(len(d.w.groups))]
	}
	if err := d.prepare(a); err != nil {
		return nil, err
	}
	d.actions = append(d.actions, a)
	return a, nil
}

// setup warns enough users for the presses of the burst and the sustained phase, and
// waits until every warning exists; and has enough members write, for the bot to
// have seen those who will leave a channel. It returns the updates made.
func (d *driver) setup(ctx context.Context) (int, error) {
	want := float64(d.cfg.Burst) + d.cfg.Rate*d.cfg.Duration.Seconds()
	needed := func(k func(kind) bool) int { return int(want/updatesPerAction()*share(k)*1.2) + 5 }
	members, made, err := d.fireSetup(present, needed(func(k kind) bool { return k == leaveChannel }), 0)
	d.members = members
	if err != nil {
		return made, err
	}
	ws, made, err := d.fireSetup(warned, needed(kind.isPress), made)
	if err != nil {
		return made, err
	}
	found := 0
	for found < len(ws) {
		byGroup := map[int64][]telegramtest.Message{}
		for _, a := range ws[found:] {
			id := a.group.chat.ID
			if _, ok := byGroup[id]; !ok {
				byGroup[id] = d.w.tg.Messages(id)
			}
			msg, ok := warningFor(byGroup[id], a.user.ID)
			if !ok {
				break
			}
			a.warning = msg
			found++
		}
		if found < len(ws) {
			if err := pause(ctx, 200*time.Millisecond); err != nil {
				return made, fmt.Errorf("load: %d of %d set-up warnings sent: %w", found, len(ws), err)
			}
		}
	}
	for i := len(ws) - 1; i >= 0; i-- { // the pool pops from the end: oldest first
		d.pool = append(d.pool, ws[i])
	}
	return made, nil
}

// fireSetup makes and fires n set-up actions of kind k; made counts the updates
// made so far and is returned with these added.
func (d *driver) fireSetup(k kind, n, made int) ([]*action, int, error) {
	var out []*action
	for range n {
		a, err := d.newAction(k, phaseSetup)
		if err != nil {
			return out, made, err
		}
		if err := d.fire(a); err != nil {
			return out, made, err
		}
		made += updatesOf[a.kind]
		out = append(out, a)
	}
	return out, made, nil
}

// warningFor finds the warning with the user's "I have joined" button.
func warningFor(msgs []telegramtest.Message, userID int64) (telegramtest.Message, bool) {
	data := verifyButton(userID)
	for _, m := range msgs {
		if m.ReplyMarkup == nil {
			continue
		}
		for _, row := range m.ReplyMarkup.InlineKeyboard {
			for _, b := range row {
				if b.CallbackData == data {
					return m, true
				}
			}
		}
	}
	return telegramtest.Message{}, false
}

// burst prepares actions worth cfg.Burst updates, then makes them all at once. It
// returns the actions and the moment the first update was made.
func (d *driver) burst() ([]*action, time.Time, error) {
	var batch []*action
	for made := 0; made < d.cfg.Burst; {
		a, err := d.newAction(d.pick(), phaseBurst)
		if err != nil {
			return nil, time.Time{}, err
		}
		batch = append(batch, a)
		made += updatesOf[a.kind]
	}
	start := time.Now()
	for _, a := range batch {
		if err := d.fire(a); err != nil {
			return nil, start, err
		}
	}
	return batch, start, nil
}

// sustain makes updates at cfg.Rate per second for cfg.Duration (each action
// prepared just before it is made). It returns the actions and the updates made.
func (d *driver) sustain(ctx context.Context) ([]*action, int, error) {
	var out []*action
	made := 0
	start := time.Now()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for time.Since(start) < d.cfg.Duration {
		target := int(d.cfg.Rate * time.Since(start).Seconds())
		for made < target {
			a, err := d.newAction(d.pick(), phaseSustained)
			if err != nil {
				return out, made, err
			}
			if err := d.fire(a); err != nil {
				return out, made, err
			}
			out = append(out, a)
			made += updatesOf[a.kind]
		}
		select {
		case <-ctx.Done():
			return out, made, fmt.Errorf("load: sustained phase: %w", ctx.Err())
		case <-tick.C:
		}
	}
	return out, made, nil
}

// pause waits for d or the end of ctx.
func pause(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
