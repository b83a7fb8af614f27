package analytics

import (
	"context"
	"sync"
)

// Notify asks for a Sync soon without waiting for it: the log writer calls it after each
// commit, so the rollups follow the logs within moments (the RPCs sync before answering
// anyway). Calls while a sync is pending are merged. Works between Start and Close.
func (s *Service) Notify() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// runNotified syncs on every Notify until stop is closed, then closes done.
func (s *Service) runNotified(stop <-chan struct{}, done chan<- struct{}) {
	defer close(done)
	for {
		select {
		case <-stop:
			return
		case <-s.kick:
			if err := s.Sync(context.Background()); err != nil {
				s.app.Logger().Error("analytics rollup failed", "error", err)
			}
		}
	}
}

// notifyLoop is the lifecycle of the Notify loop.
type notifyLoop struct {
	mu         sync.Mutex // guards stop, done
	stop, done chan struct{}
}

// Start runs the Notify loop until Close; a second call does nothing.
func (s *Service) Start(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.loop.mu.Lock()
	defer s.loop.mu.Unlock()
	if s.loop.stop == nil {
		s.loop.stop, s.loop.done = make(chan struct{}), make(chan struct{})
		go s.runNotified(s.loop.stop, s.loop.done)
	}
	return nil
}

// Close stops the warm-up and the Notify loop, waiting for a running sync (or for ctx).
func (s *Service) Close(ctx context.Context) error {
	if err := s.stopWarm(ctx); err != nil {
		return err
	}
	s.loop.mu.Lock()
	stop, done := s.loop.stop, s.loop.done
	s.loop.stop = nil
	s.loop.mu.Unlock()
	if stop == nil {
		return nil
	}
	close(stop)
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
