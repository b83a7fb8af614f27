package gatekeeper

import (
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper/store"
)

// settingsEvery is how often admin_config is re-read (a change applies within 30 s).
const settingsEvery = 15 * time.Second

// settings are the admin_config values the engine uses.
type settings struct {
	positiveTTL  time.Duration
	negativeTTL  time.Duration
	warningTTL   time.Duration
	ratePerBot   float64
	ratePerGroup int
}

// defaultSettings are the seeded admin_config defaults (DESIGN.md §2).
var defaultSettings = settings{
	positiveTTL: 600 * time.Second, negativeTTL: 60 * time.Second, warningTTL: 60 * time.Second,
	ratePerBot: 25, ratePerGroup: 20,
}

// settingsSource reads admin_config and re-reads it periodically.
type settingsSource struct {
	db      *store.Store
	log     *slog.Logger
	cur     atomic.Pointer[settings]
	mu      sync.Mutex // guards changed
	changed []func(settings)
}

func newSettingsSource(db *store.Store, log *slog.Logger) *settingsSource {
	s := &settingsSource{db: db, log: log}
	v := s.read()
	s.cur.Store(&v)
	return s
}

// get returns the current values.
func (s *settingsSource) get() settings { return *s.cur.Load() }

// onChange registers fn to receive new values after each re-read that changed them.
func (s *settingsSource) onChange(fn func(settings)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.changed = append(s.changed, fn)
}

// set replaces the values (tests and re-reads).
func (s *settingsSource) set(v settings) {
	old := s.cur.Swap(&v)
	if old != nil && *old == v {
		return
	}
	s.mu.Lock()
	fns := append([]func(settings){}, s.changed...)
	s.mu.Unlock()
	for _, fn := range fns {
		fn(v)
	}
}

// run re-reads admin_config every settingsEvery until stop closes.
func (s *settingsSource) run(stop <-chan struct{}, wg *sync.WaitGroup) {
	defer wg.Done()
	t := time.NewTicker(settingsEvery)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			s.set(s.read())
		}
	}
}

// read loads the values; a missing or malformed key keeps its default.
func (s *settingsSource) read() settings {
	v := defaultSettings
	seconds := func(key string, dst *time.Duration) {
		var n float64
		if s.value(key, &n) && n > 0 {
			*dst = time.Duration(n * float64(time.Second))
		}
	}
	seconds(c.ConfigCachePositiveTTL, &v.positiveTTL)
	seconds(c.ConfigCacheNegativeTTL, &v.negativeTTL)
	seconds(c.ConfigWarningTTL, &v.warningTTL)
	var n float64
	if s.value(c.ConfigRatePerBot, &n) && n > 0 {
		v.ratePerBot = n
	}
	if s.value(c.ConfigRatePerGroup, &n) && n >= 1 {
		v.ratePerGroup = int(n)
	}
	return v
}

// value decodes one admin_config value; false when absent or not a number.
func (s *settingsSource) value(key string, dst *float64) bool {
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
