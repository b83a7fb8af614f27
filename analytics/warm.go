package analytics

import (
	"context"
	"sync"
)

// The warm-up: a fresh Service knows no whole bucket's p95 (p95Cache) and its
// connections' page caches are empty, so its first get_latency_trend 30d/90d reads
// every latency histogram of the window (~140k rows at 10M verification rows, about
// 300 ms). When the app starts serving, a background goroutine catches the rollups up
// and then calls every function with every period once, answers thrown away, so the
// first call a user makes finds the p95s remembered. Serving, the bots and the log
// writer do not wait for it; Close stops it.

// warmParams are the parameter sets the warm-up calls each function with.
func warmParams(name string) []Params {
	if functions[name].spec.period == "" {
		return []Params{{}}
	}
	var out []Params
	for _, p := range []string{"24h", "7d", "30d", "90d"} {
		out = append(out, Params{ParamPeriod: p})
	}
	return out
}

// warmer is the lifecycle of the warm-up goroutine.
type warmer struct {
	mu     sync.Mutex // guards cancel, done
	cancel context.CancelFunc
	done   chan struct{}
}

// startWarm starts the warm-up in the background unless one is running; done is
// closed when it ends.
func (s *Service) startWarm() (done <-chan struct{}) {
	s.warm.mu.Lock()
	defer s.warm.mu.Unlock()
	if s.warm.cancel != nil {
		return s.warm.done
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.warm.cancel, s.warm.done = cancel, make(chan struct{})
	go func(done chan<- struct{}) {
		defer close(done)
		if err := s.warmUp(ctx); err != nil && ctx.Err() == nil {
			s.app.Logger().Warn("analytics warm-up failed", "error", err)
		}
	}(s.warm.done)
	return s.warm.done
}

// warmUp catches the rollups up, then calls every function once per period.
func (s *Service) warmUp(ctx context.Context) error {
	if err := s.Sync(ctx); err != nil {
		return err
	}
	for _, name := range Functions() {
		for _, p := range warmParams(name) {
			if err := ctx.Err(); err != nil {
				return err
			}
			if _, err := s.Call(ctx, name, p); err != nil {
				return err
			}
		}
	}
	return nil
}

// stopWarm cancels a running warm-up and waits for it (or for ctx).
func (s *Service) stopWarm(ctx context.Context) error {
	s.warm.mu.Lock()
	cancel, done := s.warm.cancel, s.warm.done
	s.warm.cancel = nil
	s.warm.mu.Unlock()
	if cancel == nil {
		return nil
	}
	cancel()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
