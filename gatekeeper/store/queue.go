package store

import (
	"strings"
	"sync"
	"time"
)

// lockRetries are the waits between tries of a write that the database refused as
// locked after PocketBase's own lock retries (a long transaction or another process
// held SQLite's write lock): the write is retried instead of dropped.
var lockRetries = []time.Duration{time.Second, 2 * time.Second, 5 * time.Second, 10 * time.Second, 30 * time.Second}

// queue runs the writes that must not hold back enforcement one after another, off
// the caller's path: a locked database (PocketBase retries a record save for minutes)
// never holds back a mute, a lift or a warning.
type queue struct {
	mu      sync.Mutex // guards writes, running, closed
	writes  []func()
	running bool
	closed  bool
	idle    sync.WaitGroup // the worker, while running
}

// Queue runs write in the background, after the writes queued before it, retried
// while the database is locked; a failure is logged with what. After Close it runs
// at once, in the caller.
func (s *Store) Queue(what string, write func() error) {
	run := func() {
		if err := s.retryLocked(what, write); err != nil {
			s.log.Error(what+" not saved", "error", err)
		}
	}
	q := &s.q
	q.mu.Lock()
	if q.closed {
		q.mu.Unlock()
		run()
		return
	}
	q.writes = append(q.writes, run)
	if q.running {
		q.mu.Unlock()
		return
	}
	q.running = true
	q.idle.Add(1)
	q.mu.Unlock()
	go func() {
		defer q.idle.Done()
		for {
			q.mu.Lock()
			if len(q.writes) == 0 {
				q.running = false
				q.mu.Unlock()
				return
			}
			next := q.writes[0]
			q.writes = q.writes[1:]
			q.mu.Unlock()
			next()
		}
	}()
}

// close makes later writes run in the caller and waits for the queued ones.
func (q *queue) close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.idle.Wait()
}

// isLocked tells whether err is SQLite's "database is locked" (SQLITE_BUSY), spotted by
// its text as PocketBase does (the codes vary between drivers).
func isLocked(err error) bool {
	if err == nil {
		return false
	}
	s := err.Error()
	return strings.Contains(s, "database is locked") || strings.Contains(s, "table is locked")
}

// retryLocked runs write and, while the database refuses it as locked, runs it again
// after each of lockRetries (bounded), until the store's context ends; other errors
// return at once.
func (s *Store) retryLocked(what string, write func() error) error {
	err := write()
	for _, wait := range lockRetries {
		if !isLocked(err) {
			return err
		}
		s.log.Warn(what+" not saved yet, the database is locked; will retry", "in", wait.String(), "error", err)
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-s.ctx.Done():
			t.Stop()
			return err
		}
		err = write()
	}
	return err
}
