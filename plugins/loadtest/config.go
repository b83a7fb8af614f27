package loadtest

import (
	"io"
	"time"
)

// Config sizes a load run; zero values take the defaults.
type Config struct {
	Bots   int // bots (default 3)
	Groups int // protected groups, spread over the bots (default 100)
	// Channels is the pool of required channels the groups share (group i requires
	// channel i mod Channels, and every other group the next one too); 0: each group
	// its own one or two channels.
	Channels int
	Burst    int           // updates made at once after set-up (default 10,000)
	Rate     float64       // updates per second of the sustained phase (default 200)
	Duration time.Duration // length of the sustained phase (default 60 s; negative: none)
	// MaxRSS is the memory bound: the run fails when the process RSS (app, fake
	// Telegram and its recorded calls together) exceeds it (default 1 GiB).
	MaxRSS int64
	// Timeout bounds the whole run (default 5 min + Duration + 30 ms per burst update).
	Timeout time.Duration
	Seed    uint64 // the mix of actions is reproducible per seed (default 1)
	// Dashboard is how often the dashboard's Overview queries (the analytics RPCs it
	// calls) run alongside the load, from set-up to the end of the sustained phase;
	// 0: none.
	Dashboard time.Duration
	Log       io.Writer // progress lines; nil = none
}

// withDefaults fills the zero values.
func (c Config) withDefaults() Config {
	if c.Bots <= 0 {
		c.Bots = 3
	}
	if c.Groups <= 0 {
		c.Groups = 100
	}
	if c.Groups < c.Bots {
		c.Groups = c.Bots
	}
	if c.Burst <= 0 {
		c.Burst = 10000
	}
	if c.Rate <= 0 {
		c.Rate = 200
	}
	if c.Duration == 0 {
		c.Duration = time.Minute
	}
	if c.Duration < 0 {
		c.Duration = 0
	}
	if c.MaxRSS <= 0 {
		c.MaxRSS = 1 << 30
	}
	if c.Timeout <= 0 {
		c.Timeout = 5*time.Minute + c.Duration + time.Duration(c.Burst)*30*time.Millisecond
	}
	if c.Seed == 0 {
		c.Seed = 1
	}
	if c.Log == nil {
		c.Log = io.Discard
	}
	return c
}

// Engine settings of a load run (admin_config): the fake Telegram has no flood
// limits, so the bots may send warnings faster than Telegram allows; restricts are
// never held back by these limits anyway.
const (
	loadRatePerBot   = 200 // rate_per_bot_per_second
	loadRatePerGroup = 600 // rate_per_group_per_minute
)
