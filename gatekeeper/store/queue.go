package store

import (
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// lockRetries are the waits between tries of a write that the database refused as
// locked after PocketBase's own lock retries (a long transaction or another process
// held SQLite's write lock): the write is retried instead of dropped.
var lockRetries = []time.Duration{time.Second, 2 * time.Second, 5 * time.Second, 10 * time.Second, 30 * time.Second}

// maxBatch bounds the queued writes committed in one transaction.
const maxBatch = 500

// queue runs the writes that must not hold back enforcement one after another, off
// the caller's path: a locked database (PocketBase retries a record save for minutes)
// never holds back a mute, a lift or a warning. The writes queued while one batch ran
// are the next batch: one transaction, each write in a savepoint of its own (a failed
// write is undone alone), so a burst of mutes costs one commit, not one per write.
type queue struct {
	mu      sync.Mutex // guards writes, running, closed
	writes  []queuedWrite
	running bool
	closed  bool
	idle    sync.WaitGroup // the worker, while running
}

// queuedWrite is one write of the queue: what names it in the log; write runs in the
// batch's transaction; saved, if set, runs once write's transaction is committed.
type queuedWrite struct {
	what  string
	write func(db core.App) error
	saved func()
}

// Queue runs write in the background, after the writes queued before it, in a
// transaction (db) shared with the writes queued beside it, retried while the
// database is locked; a failure is logged with what. After Close it runs at once, in
// the caller.
func (s *Store) Queue(what string, write func(db core.App) error) {
	s.queueSaved(what, write, nil)
}

// queueSaved is Queue with saved run once the write is committed (not if it failed):
// what was kept in memory until then can be forgotten.
func (s *Store) queueSaved(what string, write func(db core.App) error, saved func()) {
	w := queuedWrite{what, write, saved}
	q := &s.q
	q.mu.Lock()
	if q.closed {
		q.mu.Unlock()
		s.runBatch([]queuedWrite{w})
		return
	}
	q.writes = append(q.writes, w)
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
			n := min(len(q.writes), maxBatch)
			batch := q.writes[:n:n]
			q.writes = q.writes[n:]
			q.mu.Unlock()
			s.runBatch(batch)
		}
	}()
}

// runBatch commits the writes in one transaction, each in its own savepoint; the whole
// transaction is retried while the database is locked. A write that fails otherwise
// is undone and logged alone; the others are committed and their saved run.
func (s *Store) runBatch(batch []queuedWrite) {
	failed := make([]error, len(batch))
	err := s.retry(names(batch), func() error {
		clear(failed)
		return s.app.RunInTransaction(func(tx core.App) error {
			for i, w := range batch {
				alone := len(batch) == 1
				err := inSavepoint(tx, w.write, alone)
				if isLocked(err) || (alone && err != nil) {
					return err // locked: the whole batch again; alone: its transaction undone
				}
				failed[i] = err
			}
			return nil
		})
	})
	for i, w := range batch {
		switch {
		case err != nil:
			s.log.Error(w.what+" not saved", "error", err)
		case failed[i] != nil:
			s.log.Error(w.what+" not saved", "error", failed[i])
		case w.saved != nil:
			w.saved()
		}
	}
}

// inSavepoint runs write inside a savepoint of tx: undone alone if it fails. The only
// write of a batch needs none: the caller undoes its transaction (most batches of a
// burst are one write).
func inSavepoint(tx core.App, write func(db core.App) error, alone bool) error {
	if alone {
		return write(tx)
	}
	if _, err := tx.DB().NewQuery("SAVEPOINT queued_write").Execute(); err != nil {
		return err
	}
	if err := write(tx); err != nil {
		if _, undo := tx.DB().NewQuery("ROLLBACK TO queued_write").Execute(); undo != nil {
			return undo
		}
		if _, undo := tx.DB().NewQuery("RELEASE queued_write").Execute(); undo != nil {
			return undo
		}
		return err
	}
	_, err := tx.DB().NewQuery("RELEASE queued_write").Execute()
	return err
}

// names are the distinct names of the batch's writes, in order.
func names(batch []queuedWrite) []string {
	var out []string
	for _, w := range batch {
		if !slices.Contains(out, w.what) {
			out = append(out, w.what)
		}
	}
	return out
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
	return s.retry([]string{what}, write)
}

// retry is retryLocked for a write made of the named parts (each is logged as waiting).
func (s *Store) retry(whats []string, write func() error) error {
	err := write()
	for _, wait := range lockRetries {
		if !isLocked(err) {
			return err
		}
		for _, what := range whats {
			s.log.Warn(what+" not saved yet, the database is locked; will retry", "in", wait.String(), "error", err)
		}
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
