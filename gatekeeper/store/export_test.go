package store

import "github.com/pocketbase/pocketbase/core"

// QueueSaved exposes queueSaved to the tests.
func (s *Store) QueueSaved(what string, write func(db core.App) error, saved func()) {
	s.queueSaved(what, write, saved)
}
