package gatekeeper

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
	"github.com/pocketbase/pocketbase/core"
	"golang.org/x/sync/singleflight"

	"github.com/nezuko/nezuko/gatekeeper/botsettings"
	"github.com/nezuko/nezuko/gatekeeper/invitelinks"
	"github.com/nezuko/nezuko/gatekeeper/joinrequests"
	"github.com/nezuko/nezuko/gatekeeper/membership"
	"github.com/nezuko/nezuko/gatekeeper/schedule"
	"github.com/nezuko/nezuko/gatekeeper/store"
	"github.com/nezuko/nezuko/gatekeeper/timers"
	"github.com/nezuko/nezuko/gatekeeper/updateids"
	"github.com/nezuko/nezuko/gatekeeper/warnings"
	"github.com/nezuko/nezuko/logwriter"
	"github.com/nezuko/nezuko/telegram"
)

// Config is what an Engine needs; App, Logs, BotRecordID and BotID are required.
type Config struct {
	App         core.App
	Logs        *logwriter.Writer
	BotRecordID string       // bot_instances record id
	BotID       int64        // Telegram bot id
	Username    string       // bot username without @
	APIURL      string       // TELEGRAM_API_URL; empty = https://api.telegram.org
	Logger      *slog.Logger // nil = slog.Default(); app.Logger() puts WARN/ERROR into admin_logs
	Events      Events       // optional observer for metrics; nil = no-op
	Stats       Stats        // /status's counts (package analytics); nil = none counted (0)

	// OnUnauthorized is called once, in its own goroutine, when Telegram answers 401
	// to any call of this bot (revoked token): the bot must be stopped.
	OnUnauthorized func()
	// OnError receives the errors go-telegram/bot reports (polling failures and the
	// like), token redacted; nil logs them at WARN.
	OnError func(error)
	// OnPoll, if set, is told the outcome of every getUpdates call: nil on success,
	// else the error (a 401 satisfies errors.Is(err, bot.ErrorUnauthorized), a 429
	// errors.Is(err, bot.ErrorTooManyRequests) once retry_after has been waited).
	OnPoll func(err error)
	// PollTimeout is the long-poll duration of getUpdates (default 30 s).
	PollTimeout time.Duration
	// MaxConcurrent bounds the updates handled at once (default 256); the poller
	// waits when it is reached.
	MaxConcurrent int
	// Shared, when set, also bounds the updates handled at once by every engine given
	// the same channel (its capacity): the process's engines share one, since 100
	// bots of MaxConcurrent each let thousands of handlers queue inside SQLite's
	// connection pool until their reads time out; the poller waits instead, and the
	// updates wait at Telegram.
	Shared chan struct{}
	// MaintainEvery is how often the rights health of every group and the member
	// counts are refreshed (default 15 min; the first run is at most a minute after
	// start).
	MaintainEvery time.Duration
	// Now is the clock of join-request expiry and health timestamps (default time.Now).
	Now func() time.Time
}

// Events receives counters for Prometheus metrics (implemented elsewhere); the
// Telegram client's (rate-limit waits, 429s) included.
type Events interface {
	telegram.Events
	CacheLookup(hit bool)
	Decision(status string) // verified | restricted | error, per (user, channel) check
}

// noEvents is the Events of an engine without an observer.
type noEvents struct{}

func (noEvents) CacheLookup(bool)                      {}
func (noEvents) RateLimitWait(time.Duration)           {}
func (noEvents) TooManyRequests(string, time.Duration) {}
func (noEvents) Decision(string)                       {}

// AllowedUpdates are the update kinds every bot asks Telegram for.
var AllowedUpdates = bot.AllowedUpdates{
	models.AllowedUpdateMessage, models.AllowedUpdateCallbackQuery, models.AllowedUpdateChatMember,
	models.AllowedUpdateMyChatMember, models.AllowedUpdateChatJoinRequest,
}

// Engine enforces channel membership for the groups of one bot.
type Engine struct {
	cfg Config
	log *slog.Logger
	ev  Events

	bot atomic.Pointer[bot.Bot]

	ctx    context.Context // handling context; cancelled when Close gives up
	cancel context.CancelFunc
	wg     sync.WaitGroup // in-flight updates, queue workers, background loops
	slots  chan struct{}  // bounds concurrent updates
	stop   chan struct{}  // closed by Close: background loops end
	mu     sync.RWMutex   // guards closed against wg.Add racing Close's wg.Wait
	closed bool

	settings  *botsettings.Source
	store     *groupStore // persistence (package store), groups cached in front
	members   *membership.Members
	admins    *membership.Admins
	linked    *membership.Linked
	warnings  *warnings.Warner
	offsets   *updateids.Tracker
	joins     *membership.Joins
	joined    membership.Statuses    // chat_member joins' statuses until decided
	joinReqs  *joinrequests.Groups   // gated join requests to the groups
	chanReqs  *joinrequests.Channels // pending join requests to channels
	links     *invitelinks.Links     // the bot's invite link per (group, channel)
	deletions *timers.Deletions
	restored  sync.Once          // bot_timers rescheduled
	menusSet  atomic.Bool        // the command menus were set
	healthMu  sync.Mutex         // one rights check at a time (each reads and writes health)
	lifts     singleflight.Group // one lift of a user's mute at a time (the sweep and a press race)
	startOnce sync.Once
	closeOnce sync.Once
	closeErr  error

	client    *telegram.Client       // the bot's http client (bot.WithHTTPClient)
	groupRate *telegram.GroupLimiter // rate_per_group_per_minute, shared by warnings and replies
}

// New builds an engine for one bot: it reads the bot's saved offset and admin_config;
// nothing runs until Start.
func New(cfg Config) (*Engine, error) {
	switch {
	case cfg.App == nil:
		return nil, errors.New("gatekeeper: Config.App is required")
	case cfg.Logs == nil:
		return nil, errors.New("gatekeeper: Config.Logs is required")
	case cfg.BotRecordID == "":
		return nil, errors.New("gatekeeper: Config.BotRecordID is required")
	case cfg.BotID == 0:
		return nil, errors.New("gatekeeper: Config.BotID is required")
	}
	if cfg.APIURL == "" {
		cfg.APIURL = "https://api.telegram.org"
	}
	if cfg.PollTimeout <= 0 {
		cfg.PollTimeout = 30 * time.Second
	}
	if cfg.MaxConcurrent <= 0 {
		cfg.MaxConcurrent = 256
	}
	if cfg.MaintainEvery <= 0 {
		cfg.MaintainEvery = maintainEvery
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	e := &Engine{cfg: cfg, log: cfg.Logger, ev: cfg.Events, stop: make(chan struct{}),
		slots: make(chan struct{}, cfg.MaxConcurrent)}
	if e.log == nil {
		e.log = slog.Default()
	}
	e.log = e.log.With("bot_id", cfg.BotID)
	if e.ev == nil {
		e.ev = noEvents{}
	}
	e.ctx, e.cancel = context.WithCancel(context.Background())
	e.store = newGroupStore(store.New(store.Config{App: cfg.App, BotID: cfg.BotID, BotRecordID: cfg.BotRecordID,
		Log: e.log, Context: e.ctx}))
	e.settings = botsettings.New(e.store.Store, e.log)
	e.members = membership.NewMembers()
	e.admins = membership.NewAdmins()
	e.linked = membership.NewLinked()
	e.joins = membership.NewJoins()
	e.joinReqs = joinrequests.NewGroups()
	e.chanReqs = joinrequests.NewChannels(e.store.Store, e.log)
	e.links = invitelinks.New(e.store.Store)
	e.deletions = newDeletions(e)
	e.client = e.newClient()
	e.groupRate = telegram.NewGroupLimiter(e.ev)
	e.warnings = warnings.New(e.ctx, &e.wg, messenger{e}, e.groupRate, e.log)
	e.settings.OnChange(e.applySettings)
	e.applySettings(e.settings.Get())
	off, err := loadOffsets(e.store.Store, time.Now)
	if err != nil {
		return nil, err
	}
	e.offsets = off
	if err := e.loadRecentJoins(); err != nil {
		return nil, err
	}
	return e, nil
}

// Start runs the engine's background loops (settings refresh, state persistence,
// maintenance) until Close; New starts nothing. ctx bounds the start itself.
func (e *Engine) Start(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return errors.New("gatekeeper: engine closed")
	}
	e.startOnce.Do(func() {
		e.wg.Add(3)
		go e.settings.Run(e.stop, &e.wg)
		go e.persistLoop()
		go func() {
			defer e.wg.Done()
			schedule.Run(e.stop, e.cfg.MaintainEvery, e.cfg.BotID, schedule.Duties{
				Maintain: func(p schedule.Pace) { e.maintainPaced(e.ctx, p) }, Sweep: func() { e.sweep(e.ctx) }})
		}()
	})
	return nil
}

// BotOptions are the go-telegram/bot options of the engine's bot (see the package doc).
func (e *Engine) BotOptions() []bot.Option {
	return []bot.Option{
		bot.WithServerURL(e.cfg.APIURL),
		bot.WithAllowedUpdates(AllowedUpdates),
		bot.WithDefaultHandler(e.dispatch),
		bot.WithNotAsyncHandlers(),
		bot.WithUpdatesChannelCap(0),
		bot.WithHTTPClient(e.cfg.PollTimeout, e.client),
		// No offset on the first getUpdates (go-telegram/bot sends last+1 = 0, which it
		// leaves out): "By default, updates starting with the earliest unconfirmed
		// update are returned." An offset above a saved id would confirm, that is
		// drop, every lower id, and after a week without updates Telegram restarts
		// the numbering at a random, possibly lower, id. Updates handled before the
		// restart are skipped by id (see updateids.Tracker).
		bot.WithInitialOffset(-1),
		bot.WithErrorsHandler(e.onError),
	}
}

// Bind sets the bot the engine sends through (after bot.New(token, e.BotOptions()...))
// and reschedules the timers a previous run left in bot_timers (overdue ones run now).
func (e *Engine) Bind(b *bot.Bot) {
	e.bot.Store(b)
	e.restored.Do(e.restoreTimers)
}

// now is the engine's clock.
func (e *Engine) now() time.Time { return e.cfg.Now() }

// LastUpdateID is the highest update_id handled in Telegram's current numbering.
func (e *Engine) LastUpdateID() int64 { return e.offsets.Last() }

// api is the bound bot.
func (e *Engine) api() (*bot.Bot, error) {
	b := e.bot.Load()
	if b == nil {
		return nil, errors.New("gatekeeper: no bot bound (call Bind)")
	}
	return b, nil
}

// enter counts one unit of work (an update, a command) unless the engine is closed;
// every successful enter is paired with leave.
func (e *Engine) enter() bool {
	e.mu.RLock()
	defer e.mu.RUnlock()
	if e.closed {
		return false
	}
	e.wg.Add(1)
	return true
}

// leave ends a unit of work begun with enter.
func (e *Engine) leave() { e.wg.Done() }

// onError receives go-telegram/bot's errors.
func (e *Engine) onError(err error) {
	err = e.client.Redact(err)
	if e.cfg.OnError != nil {
		e.cfg.OnError(err)
		return
	}
	e.log.Warn("telegram client error", "error", err)
}

// applySettings pushes admin_config values into the limiters.
func (e *Engine) applySettings(s botsettings.Settings) {
	e.client.SetRate(s.RatePerBot)
	e.groupRate.SetRate(s.RatePerGroup)
}

// Close stops handling: it waits for the updates in flight, sends the queued warnings
// (as the rate limits allow, until ctx ends), and persists the offset. Updates that
// arrive after Close are not handled, so they are redelivered after a restart.
func (e *Engine) Close(ctx context.Context) error {
	e.closeOnce.Do(func() {
		e.mu.Lock()
		e.closed = true
		e.mu.Unlock()
		done := make(chan struct{})
		go func() {
			close(e.stop)
			e.wg.Wait()
			e.store.Close() // the queued writes of bot_restrictions, bot_timers, …
			close(done)
		}()
		select {
		case <-done:
		case <-ctx.Done():
			e.cancel() // abort waits and calls still running
			<-done
			e.closeErr = errors.Join(e.closeErr, e.warnings.Dropped())
		}
		e.cancel()
		e.closeErr = errors.Join(e.closeErr, e.saveOffset(context.Background()), e.saveRecentJoins(context.Background()))
		if err := e.cfg.Logs.Flush(ctx); err != nil && ctx.Err() != nil {
			e.closeErr = errors.Join(e.closeErr, err)
		}
	})
	return e.closeErr
}
