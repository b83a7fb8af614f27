package loadtest

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/nezuko/nezuko/tests/telegramtest"
)

// runner is one load run in progress.
type runner struct {
	cfg Config
	tg  *telegramtest.Server
	app *realApp
	w   *world
	d   *driver

	burstStart time.Time // when the first burst update was made
	botsFrom   time.Time // when the bots started: every Bot API call from then on is theirs
}

// Run runs the load scenario and checks its invariants. The error is for a run that
// could not be carried out (set-up failed); a run that found broken invariants
// returns them in Result.Failures.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	cfg = cfg.withDefaults()
	ctx, cancel := context.WithTimeout(ctx, cfg.Timeout)
	defer cancel()
	began := time.Now()
	res := &Result{Config: cfg}
	mem := startSampler()
	defer mem.peaks()

	tg := telegramtest.New()
	tg.Start()
	defer tg.Close()
	app, err := openApp(tg.URL)
	if err != nil {
		return nil, err
	}
	closed := false
	defer func() {
		if !closed {
			app.close()
		}
	}()
	w, err := buildWorld(app.app, tg, cfg)
	if err != nil {
		return nil, err
	}
	res.Fleet.DBStart = dbSize(app.dir)
	botsFrom := time.Now()
	if err := w.startBots(app, startTimeout(cfg)); err != nil {
		return nil, err
	}
	res.Fleet.StartUp = time.Since(botsFrom)
	r := &runner{cfg: cfg, tg: tg, app: app, w: w, d: newDriver(cfg, w), botsFrom: botsFrom}
	dash := startDashboard(ctx, app.svc.Analytics, cfg.Dashboard)
	err = r.drive(ctx, res)
	res.Fleet.Dashboard, res.Fleet.DashboardErrors = dash.stop()
	if err != nil {
		return nil, err
	}
	if res.Fleet.DashboardErrors > 0 {
		res.fail("%d dashboard queries failed", res.Fleet.DashboardErrors)
	}
	res.Fleet.DistinctUsers = int(r.d.seq)
	if err := app.stopBots(time.Minute); err != nil {
		res.fail("stop: %v", err)
	}
	res.Fleet.CacheHits, res.Fleet.CacheMisses = cacheLookups(app.svc.Metrics)
	res.Fleet.DBEnd = dbSize(app.dir)
	s, err := collect(tg, app.app, botsFrom)
	if err != nil {
		return nil, err
	}
	r.check(s, res)
	countRows(app.app, res)
	if res.APICallRows != s.botCalls {
		res.fail("api_call_log has %d rows for %d Bot API calls of the bots (getUpdates excepted)", res.APICallRows, s.botCalls)
	}
	r.measure(s, res)
	res.PeakRSS, res.PeakHeap = mem.peaks()
	closed = true
	if err := app.close(); err != nil {
		res.fail("close the app: %v", err)
	}
	*app, s, r.app = realApp{}, nil, nil // the app's memory may go now
	res.HarnessHeap = liveHeap()
	if res.PeakRSS > cfg.MaxRSS {
		res.fail("peak RSS %d MiB is beyond the bound of %d MiB", res.PeakRSS>>20, cfg.MaxRSS>>20)
	}
	res.Elapsed = time.Since(began)
	return res, nil
}

// drive runs the three phases, waiting after each until the engine has acted. A phase
// not handled before the deadline is a failure (the check then says what is missing);
// the error is for a phase that could not be made.
func (r *runner) drive(ctx context.Context, res *Result) error {
	logf := func(format string, args ...any) { fmt.Fprintf(r.cfg.Log, "load: "+format+"\n", args...) }
	logf("%d bots, %d groups; warning users for the presses", r.cfg.Bots, r.cfg.Groups)
	clock := r.startPhase(res, phaseSetup)
	n, err := r.d.setup(ctx)
	res.SetupUpdates = n
	if err != nil {
		return err
	}
	if err := r.settle(ctx, "set-up"); err != nil {
		res.fail("%v", err)
		return nil
	}
	clock()
	res.LiveHeap[phaseSetup] = liveHeap()
	logf("set-up done (%d updates); burst of %d updates", n, r.cfg.Burst)
	clock = r.startPhase(res, phaseBurst)
	batch, start, err := r.d.burst()
	if err != nil {
		return err
	}
	for _, a := range batch {
		res.BurstUpdates += updatesOf[a.kind]
	}
	r.burstStart = start
	if err := r.settle(ctx, "burst"); err != nil {
		res.fail("%v", err)
		return nil
	}
	clock()
	res.LiveHeap[phaseBurst] = liveHeap()
	logf("burst handled in %s", time.Since(start).Round(time.Millisecond))
	if r.cfg.Duration <= 0 {
		return nil
	}
	logf("sustained: %.0f updates/s for %s", r.cfg.Rate, r.cfg.Duration)
	began := time.Now()
	clock = r.startPhase(res, phaseSustained)
	_, made, err := r.d.sustain(ctx)
	res.SustainedUpdates = made
	res.SustainedRate = float64(made) / time.Since(began).Seconds()
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			res.fail("%v", err)
			return nil
		}
		return err
	}
	if err := r.settle(ctx, "sustained phase"); err != nil {
		res.fail("%v", err)
		return nil
	}
	clock()
	res.LiveHeap[phaseSustained] = liveHeap()
	logf("sustained phase handled")
	return nil
}

// startPhase starts the phase's clocks (wall and process CPU); the returned function
// stops them and stores the phase's times in res.Fleet.
func (r *runner) startPhase(res *Result, ph phase) func() {
	wall, cpu := time.Now(), cpuTime()
	return func() {
		res.Fleet.PhaseTime[ph] = time.Since(wall)
		res.Fleet.PhaseCPU[ph] = cpuTime() - cpu
	}
}

// startTimeout is how long the bots may take to start: a minute, and 100 ms more per bot.
func startTimeout(cfg Config) time.Duration {
	return time.Minute + time.Duration(cfg.Bots)*100*time.Millisecond
}

// measure computes the latencies and the burst throughput from what was seen.
func (r *runner) measure(s *seen, res *Result) {
	var burst, sustained []time.Duration
	var lastBurst time.Time
	for _, a := range r.d.actions {
		if !a.decides() {
			continue
		}
		at, ok := s.decidedAt(a)
		if !ok {
			continue
		}
		switch a.phase {
		case phaseBurst:
			burst = append(burst, at.Sub(a.at))
			if at.After(lastBurst) {
				lastBurst = at
			}
		case phaseSustained:
			sustained = append(sustained, at.Sub(a.at))
		}
	}
	res.BurstLatency, res.SustainedLatency = latencyOf(burst), latencyOf(sustained)
	if !lastBurst.IsZero() {
		res.BurstTime = lastBurst.Sub(r.burstStart)
		res.BurstRate = float64(res.BurstUpdates) / res.BurstTime.Seconds()
	}
}
