package botmanager_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	c "github.com/nezuko/nezuko/collections"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func dbxStatus(status string) dbx.Expression { return dbx.HashExp{c.FieldStatus: status} }

// waitUntil polls cond (state in the database changes without notifying anyone) until it
// holds, failing the test after a generous deadline.
func waitUntil(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %s", what, wait)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
