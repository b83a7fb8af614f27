package analytics

import (
	"context"

	"github.com/pocketbase/pocketbase/core"
)

// Notify asks for a Sync soon without waiting for it: the log writer calls it after each
// commit, so the rollups follow the logs within moments (the RPCs sync before answering
// anyway). Calls while a sync is pending are merged. Works after Bind.
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

// startNotified runs the Notify loop until the app terminates.
func (s *Service) startNotified() {
	stop, done := make(chan struct{}), make(chan struct{})
	go s.runNotified(stop, done)
	s.app.OnTerminate().BindFunc(func(e *core.TerminateEvent) error {
		close(stop)
		<-done
		return e.Next()
	})
}
