// Package seed fills a Nezuko database with realistic demo and benchmark data: bots,
// groups, channels and their links as records, and verification_log / api_call_log rows
// written fast (transactions, prepared multi-row INSERTs), then rolled up.
//
//	app.RootCmd.AddCommand(seed.Command(app)) // nezuko seed --verification-rows=1000000
//	stats, err := seed.Run(ctx, app, seed.Options{VerificationRows: 1_000_000, Days: 90})
package seed

import (
	"context"
	"fmt"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/nezuko/nezuko/analytics"
)

// Options say how much to generate. Zero values take the defaults of Defaults().
type Options struct {
	VerificationRows int       // verification_log rows (one per user × channel check)
	Days             int       // rows spread over this many days before End
	Groups           int       // protected groups (each links 1–3 channels)
	Bots             int       // bots serving the groups (created inactive)
	Users            int       // distinct Telegram users; 0 = VerificationRows / 8
	APICalls         bool      // also write the api_call_log rows the checks imply
	End              time.Time // the newest row's time; zero = now
	RandomSeed       uint64    // same seed, same data
	EncryptionKey    string    // Fernet key for the bots' placeholder tokens; "" = ENCRYPTION_KEY or pb_data's key
	SkipRollup       bool      // leave the rollups to the next sync
}

// Defaults are the options of a bare `nezuko seed`.
func Defaults() Options {
	return Options{VerificationRows: 100_000, Days: 30, Groups: 24, Bots: 2, APICalls: true, RandomSeed: 1}
}

// Stats report what Run wrote and how long it took.
type Stats struct {
	Groups, Channels, Bots int
	VerificationRows       int
	APICallRows            int
	Insert, Rollup         time.Duration
}

// String summarises the stats in one line.
func (s Stats) String() string {
	rate := float64(s.VerificationRows+s.APICallRows) / s.Insert.Seconds()
	return fmt.Sprintf("%d groups, %d channels, %d bots; %d verification_log + %d api_call_log rows in %s (%.0f rows/s); rollups %s",
		s.Groups, s.Channels, s.Bots, s.VerificationRows, s.APICallRows, s.Insert.Round(time.Millisecond), rate,
		s.Rollup.Round(time.Millisecond))
}

// Run seeds app (whose migrations must have run) and brings the rollups up to date.
func Run(ctx context.Context, app core.App, o Options) (Stats, error) {
	d := Defaults()
	if o.VerificationRows <= 0 {
		o.VerificationRows = d.VerificationRows
	}
	if o.Days <= 0 {
		o.Days = d.Days
	}
	if o.Groups <= 0 {
		o.Groups = d.Groups
	}
	if o.Bots <= 0 {
		o.Bots = d.Bots
	}
	if o.Users <= 0 {
		o.Users = max(10, o.VerificationRows/8)
	}
	if o.End.IsZero() {
		o.End = time.Now()
	}
	var st Stats
	w, err := makeWorld(app, o)
	if err != nil {
		return st, err
	}
	st.Groups, st.Channels, st.Bots = len(w.groups), w.channels, len(w.bots)
	start := time.Now()
	if st.VerificationRows, st.APICallRows, err = writeLogs(ctx, app, w, o); err != nil {
		return st, err
	}
	st.Insert = time.Since(start)
	if !o.SkipRollup {
		start = time.Now()
		if err := analytics.New(app).Sync(ctx); err != nil {
			return st, err
		}
		st.Rollup = time.Since(start)
	}
	return st, nil
}
