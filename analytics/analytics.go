// Package analytics serves the 15 analytics functions of the original system
// (spec/rpc.md) and get_conversion_funnel (issue 20: the engine's gate_events and
// channel_joins) as GET|POST /api/rpc/{name}, from incrementally maintained rollup
// collections so they stay fast as the logs grow, and prunes raw log rows older than
// admin_config log_retention_days.
//
//	svc := analytics.Register(app, analytics.Config{Logs: writer}) // routes, crons, hooks
//	err := svc.Start(ctx) // the loop behind Notify; svc.Close(ctx) stops it
//	res, err := svc.Call(ctx, "get_dashboard_stats", analytics.Params{})
package analytics

import (
	"context"
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// Service computes the analytics functions of one app.
type Service struct {
	app core.App
	now func() time.Time
	src source

	syncMu sync.Mutex       // guards seen; serialises Sync
	seen   map[string]int64 // per log: the max rowid known to be rolled up
	kick   chan struct{}    // a pending Notify
	p95s   p95Cache         // p95 of whole latency buckets
	loop   notifyLoop       // runs Notify's syncs between Start and Close
	warm   warmer           // the warm-up when the app starts serving (warm.go)

	onDemandLimit int64 // the largest backlog Call rolls up before answering
	bulkMin       int64 // the smallest backlog Sync rolls up in one pass (bulk.go)
}

// Option tunes a Service.
type Option func(*Service)

// WithClock makes the Service read the time from now instead of time.Now (for tests).
func WithClock(now func() time.Time) Option { return func(s *Service) { s.now = now } }

// New returns the analytics Service of app.
func New(app core.App, opts ...Option) *Service {
	s := &Service{app: app, now: time.Now, seen: map[string]int64{}, kick: make(chan struct{}, 1),
		onDemandLimit: syncChunk, bulkMin: defaultBulkMin}
	s.src = &rollupSource{app: app}
	for _, o := range opts {
		o(s)
	}
	return s
}

// backlog is the largest number of rowids not yet rolled up, over the rolled-up logs.
func (s *Service) backlog(ctx context.Context) (int64, error) {
	var worst int64
	for _, l := range rolledLogs {
		top, err := maxRowID(ctx, s.app.DB(), l.name)
		if err != nil {
			return 0, err
		}
		w, err := loadWatermark(ctx, s.app.DB(), l.name)
		if err != nil {
			return 0, err
		}
		worst = max(worst, top-w.rowid)
	}
	return worst, nil
}

// Sync rolls every log row added since the last call into the rollups: a backlog of
// at least defaultBulkMin rows in one pass (bulk.go), the rest in transactions of at
// most syncChunk rows. It is cheap when nothing is new (one max(rowid) per log),
// so it runs before every RPC as well as from the per-minute cron.
func (s *Service) Sync(ctx context.Context) error {
	s.syncMu.Lock()
	defer s.syncMu.Unlock()
	return s.syncLocked(ctx)
}

// syncLocked is Sync for a caller that holds syncMu.
func (s *Service) syncLocked(ctx context.Context) error {
	for _, l := range rolledLogs {
		top, err := maxRowID(ctx, s.app.DB(), l.name)
		if err != nil {
			return err
		}
		if seen, ok := s.seen[l.name]; ok && seen == top {
			continue
		}
		if _, err := s.bulkSync(ctx, l, s.bulkMin); err != nil {
			// Nothing was written: the steps below roll the same rows up, or fail alike.
			s.app.Logger().Warn("analytics bulk rollup failed; rolling up in steps", "log", l.name, "error", err)
		}
		for done := false; !done; {
			err := s.app.RunInTransaction(func(tx core.App) error {
				var err error
				done, err = l.step(ctx, tx, syncChunk)
				return err
			})
			if err != nil {
				return err
			}
		}
		s.seen[l.name] = top
	}
	return nil
}
