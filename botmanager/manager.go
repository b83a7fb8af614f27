// Package botmanager runs one bot per active bot_instances record: it starts, restarts
// and stops bots as their records change, supervises their polling loops, writes their
// bot_status rows, executes admin_commands, and receives Telegram webhooks.
//
//	m := botmanager.Register(app, botmanager.Options{Sealer: sealer, NewEngine: factory,
//		OnCommandChange: announce}) // record hooks, webhook route; nothing runs yet
//	err := m.Start(ctx) // on serve
//	err = m.Close(ctx)  // on terminate
//
// The command worker announces each status change it stores once (CommandChange);
// OnCommandEdited announces the changes superusers make in the admin UI.
package botmanager

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/nezuko/nezuko/bottoken"
	c "github.com/nezuko/nezuko/collections"
)

// Options configure a Manager; zero durations take the defaults of DESIGN.md §5.
type Options struct {
	App       core.App
	Sealer    *bottoken.Sealer
	NewEngine EngineFactory
	Logger    *slog.Logger // nil = app.Logger()
	Version   string       // reported in bot_status.metadata

	// WebhookURL and WebhookSecret switch the bots to webhook mode (DESIGN.md §1).
	WebhookURL, WebhookSecret string

	HeartbeatEvery time.Duration // bot_status refresh (30 s)
	ReconcileEvery time.Duration // safety-net resync with bot_instances (30 s)
	SweepEvery     time.Duration // pending-command sweep (1 s)
	RestartBackoff time.Duration // first restart delay, doubled per restart (1 s)
	RestartWindow  time.Duration // restarts counted within this window (10 min)
	RestartCool    time.Duration // least time between two manual restarts (30 s)
	StopTimeout    time.Duration // wait for a bot to stop (15 s)
	// FailuresBeforeRestart is how many getUpdates failures in a row count as a failed
	// loop (5).
	FailuresBeforeRestart int

	// OnCommandChange is told every change of a command's status once, after its commit
	// (the realtime topic and metrics); may be nil. See CommandChange.
	OnCommandChange func(CommandChange)
}

// MaxRestarts is how many automatic restarts a failing bot gets within RestartWindow.
const MaxRestarts = 3

// Manager runs the bots of one process.
type Manager struct {
	opts Options
	log  *slog.Logger

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	started atomic.Bool // Sync and Kick do nothing before Start
	opsMu   sync.Mutex  // serializes start/stop/restart decisions
	mu      sync.Mutex  // guards bots
	bots    map[string]*runner

	kick chan struct{} // wakes the command worker
}

// New returns a Manager; nothing runs until Start.
func New(opts Options) *Manager {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&opts.HeartbeatEvery, 30*time.Second)
	def(&opts.ReconcileEvery, 30*time.Second)
	def(&opts.SweepEvery, time.Second)
	def(&opts.RestartBackoff, time.Second)
	def(&opts.RestartWindow, 10*time.Minute)
	def(&opts.RestartCool, 30*time.Second)
	def(&opts.StopTimeout, 15*time.Second)
	if opts.FailuresBeforeRestart <= 0 {
		opts.FailuresBeforeRestart = 5
	}
	if opts.Version == "" {
		opts.Version = "dev"
	}
	log := opts.Logger
	if log == nil {
		log = opts.App.Logger()
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Manager{opts: opts, log: log.With("component", "botmanager"), ctx: ctx, cancel: cancel,
		bots: map[string]*runner{}, kick: make(chan struct{}, 1)}
}

// Start fails commands a crash left in processing, runs every active bot, and starts the
// heartbeat, reconcile and command loops; a second call does nothing.
func (m *Manager) Start(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if !m.started.CompareAndSwap(false, true) {
		return nil
	}
	m.failInterruptedCommands()
	m.reconcile()
	m.every(m.opts.HeartbeatEvery, m.heartbeat)
	m.every(m.opts.ReconcileEvery, m.reconcile)
	m.wg.Add(1)
	go m.commandLoop()
	return nil
}

// Close stops every bot (each writes bot_status stopped) and the loops; the error is
// ctx's when it ended before every bot had stopped.
func (m *Manager) Close(ctx context.Context) error {
	m.cancel()
	m.opsMu.Lock()
	m.mu.Lock()
	runners := make([]*runner, 0, len(m.bots))
	for _, r := range m.bots {
		runners = append(runners, r)
	}
	m.bots = map[string]*runner{}
	m.mu.Unlock()
	var wg sync.WaitGroup
	for _, r := range runners {
		wg.Add(1)
		go func() { defer wg.Done(); r.stop(ctx) }()
	}
	wg.Wait()
	m.opsMu.Unlock()
	m.wg.Wait()
	return ctx.Err()
}

func (m *Manager) every(d time.Duration, fn func()) {
	m.wg.Add(1)
	go func() {
		defer m.wg.Done()
		t := time.NewTicker(d)
		defer t.Stop()
		for {
			select {
			case <-m.ctx.Done():
				return
			case <-t.C:
				fn()
			}
		}
	}()
}

// Sync makes the bot of one record match it: start, restart (token changed), or stop.
// It returns at once; the change happens in the background, in order.
func (m *Manager) Sync(recordID string) {
	if !m.started.Load() || m.ctx.Err() != nil {
		return
	}
	m.wg.Add(1)
	go func() {
		defer m.wg.Done()
		m.opsMu.Lock()
		defer m.opsMu.Unlock()
		m.syncLocked(recordID)
	}()
}

func (m *Manager) syncLocked(recordID string) {
	if m.ctx.Err() != nil {
		return
	}
	rec, err := m.opts.App.FindRecordById(c.BotInstances, recordID)
	var bot *c.BotInstance
	if err == nil {
		bot = c.Wrap(&c.BotInstance{}, rec)
	}
	m.mu.Lock()
	r := m.bots[recordID]
	m.mu.Unlock()
	switch {
	case bot == nil || !bot.ShouldRun():
		if r != nil {
			m.remove(recordID)
			r.stop(m.ctx)
		}
	case r == nil:
		m.launch(bot)
	case r.fingerprint != fingerprint(bot):
		m.remove(recordID)
		r.stop(m.ctx)
		m.launch(bot)
	}
}

// fingerprint changes when a record changes in a way that needs a restart.
func fingerprint(b *c.BotInstance) string { return b.TokenEncrypted() }

func (m *Manager) launch(bot *c.BotInstance) *runner {
	r := newRunner(m, bot)
	m.mu.Lock()
	m.bots[bot.Id] = r
	m.mu.Unlock()
	r.start()
	return r
}

func (m *Manager) remove(recordID string) {
	m.mu.Lock()
	delete(m.bots, recordID)
	m.mu.Unlock()
}

// reconcile starts bots that should run and are unknown, and stops bots that should not.
// Bots that ended in error stay stopped until their record changes or a command starts them.
func (m *Manager) reconcile() {
	m.opsMu.Lock()
	defer m.opsMu.Unlock()
	if m.ctx.Err() != nil {
		return
	}
	rows, err := m.opts.App.FindRecordsByFilter(c.BotInstances,
		c.FieldIsActive+" = true && "+c.FieldIsDeleted+" = false", "", 0, 0)
	if err != nil {
		m.log.Error("reconcile: cannot list bots", "error", err)
		return
	}
	want := map[string]bool{}
	for _, rec := range rows {
		want[rec.Id] = true
		m.mu.Lock()
		_, known := m.bots[rec.Id]
		m.mu.Unlock()
		if !known {
			m.launch(c.Wrap(&c.BotInstance{}, rec))
		}
	}
	m.mu.Lock()
	var stale []*runner
	for id, r := range m.bots {
		if !want[id] {
			stale = append(stale, r)
			delete(m.bots, id)
		}
	}
	m.mu.Unlock()
	for _, r := range stale {
		r.stop(m.ctx)
	}
}

// runnerByRecord returns the runner of a bot record, if any.
func (m *Manager) runnerByRecord(recordID string) *runner {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.bots[recordID]
}

// runnerByBotID returns the runner of a Telegram bot id, if any.
func (m *Manager) runnerByBotID(botID int64) *runner {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, r := range m.bots {
		if r.botID == botID {
			return r
		}
	}
	return nil
}

// groupsProtected counts the enabled groups a bot serves.
func (m *Manager) groupsProtected(recordID string) int64 {
	n, err := m.opts.App.CountRecords(c.ProtectedGroups,
		dbx.HashExp{c.FieldBotInstance: recordID, c.FieldEnabled: true})
	if err != nil {
		return 0
	}
	return n
}
