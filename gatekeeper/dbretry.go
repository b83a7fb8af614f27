package gatekeeper

import (
	"strings"
	"time"

	"github.com/nezuko/nezuko/telegram"
)

// lockRetries are the waits between tries of an engine write that the database refused
// as locked after PocketBase's own lock retries (a long transaction or another process
// held SQLite's write lock): the write is retried instead of dropped.
var lockRetries = []time.Duration{time.Second, 2 * time.Second, 5 * time.Second, 10 * time.Second, 30 * time.Second}

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
// after each of lockRetries (bounded), until the engine stops; other errors return at once.
func (e *Engine) retryLocked(what string, write func() error) error {
	err := write()
	for _, wait := range lockRetries {
		if !isLocked(err) {
			return err
		}
		e.log.Warn(what+" not saved yet, the database is locked; will retry", "in", wait.String(), "error", err)
		if telegram.Sleep(e.ctx, wait) != nil {
			return err
		}
		err = write()
	}
	return err
}
