// Package botsettings keeps the bot-wide admin_config values an engine uses current.
//
// New reads them once (a missing or malformed key keeps its seeded default, a
// malformed one logged); Source.Run re-reads them every 15 s until stopped, and the
// functions registered with OnChange receive the new values after each re-read that
// changed them, so a change made in the dashboard applies within 30 s:
//
//	s := botsettings.New(db, log) // db: *store.Store
//	s.OnChange(apply)
//	wg.Add(1)
//	go s.Run(stop, &wg)
//	ttl := s.Get().WarningTTL
package botsettings

import (
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	c "github.com/nezuko/nezuko/collections"
)

// rereadEvery is how often admin_config is re-read (a change applies within 30 s).
const rereadEvery = 15 * time.Second

// Settings are the admin_config values the engine uses.
type Settings struct {
	PositiveTTL  time.Duration // cache_positive_ttl_seconds: how long a "member" answer is cached
	NegativeTTL  time.Duration // cache_negative_ttl_seconds: how long a "not a member" answer is cached
	WarningTTL   time.Duration // warning_ttl_seconds: the default life of warnings and replies
	RatePerBot   float64       // rate_per_bot_per_second: sendMessage and editMessageText
	RatePerGroup int           // rate_per_group_per_minute: warnings and replies in one group
}

// defaults are the seeded admin_config defaults (DESIGN.md §2).
var defaults = Settings{
	PositiveTTL: 600 * time.Second, NegativeTTL: 60 * time.Second, WarningTTL: 60 * time.Second,
	RatePerBot: 25, RatePerGroup: 20,
}

// Reader reads one admin_config value as a number: found is false when the key is
// absent, err set when its value is not a number. *store.Store implements it.
type Reader interface {
	ConfigNumber(key string, dst *float64) (found bool, err error)
}

// Source holds the current values of admin_config and re-reads them.
type Source struct {
	db      Reader
	log     *slog.Logger
	every   time.Duration
	cur     atomic.Pointer[Settings]
	mu      sync.Mutex // guards changed
	changed []func(Settings)
}

// New reads admin_config once; nothing re-reads it until Run.
func New(db Reader, log *slog.Logger) *Source {
	s := &Source{db: db, log: log, every: rereadEvery}
	v := s.read()
	s.cur.Store(&v)
	return s
}

// Get returns the current values.
func (s *Source) Get() Settings { return *s.cur.Load() }

// OnChange registers fn to receive the new values after each change.
func (s *Source) OnChange(fn func(Settings)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.changed = append(s.changed, fn)
}

// Set replaces the values, as a re-read does (and tests); the OnChange functions are
// called, in the caller's goroutine, only when they differ from the current ones.
func (s *Source) Set(v Settings) {
	old := s.cur.Swap(&v)
	if old != nil && *old == v {
		return
	}
	s.mu.Lock()
	fns := append([]func(Settings){}, s.changed...)
	s.mu.Unlock()
	for _, fn := range fns {
		fn(v)
	}
}

// Run re-reads admin_config every 15 s until stop closes, then calls wg.Done.
func (s *Source) Run(stop <-chan struct{}, wg *sync.WaitGroup) {
	defer wg.Done()
	t := time.NewTicker(s.every)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			s.Set(s.read())
		}
	}
}

// read loads the values; a missing or malformed key keeps its default.
func (s *Source) read() Settings {
	v := defaults
	seconds := func(key string, dst *time.Duration) {
		var n float64
		if s.value(key, &n) && n > 0 {
			*dst = time.Duration(n * float64(time.Second))
		}
	}
	seconds(c.ConfigCachePositiveTTL, &v.PositiveTTL)
	seconds(c.ConfigCacheNegativeTTL, &v.NegativeTTL)
	seconds(c.ConfigWarningTTL, &v.WarningTTL)
	var n float64
	if s.value(c.ConfigRatePerBot, &n) && n > 0 {
		v.RatePerBot = n
	}
	if s.value(c.ConfigRatePerGroup, &n) && n >= 1 {
		v.RatePerGroup = int(n)
	}
	return v
}

// value decodes one admin_config value; false when absent or not a number.
func (s *Source) value(key string, dst *float64) bool {
	found, err := s.db.ConfigNumber(key, dst)
	if !found {
		return false
	}
	if err != nil {
		s.log.Warn("admin_config value is not a number; default kept", "key", key)
		return false
	}
	return true
}
