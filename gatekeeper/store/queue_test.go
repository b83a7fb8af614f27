package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	"github.com/nezuko/nezuko/tests/testutil"
)

// TestQueueBatchUndoesAFailedWriteAlone: the writes queued while a batch runs are
// committed together in the next one; a write that fails there is undone (its
// statements too) and logged, the others are committed, and each write's saved runs
// only once its row can be read from another connection.
func TestQueueBatchUndoesAFailedWriteAlone(t *testing.T) {
	app := testutil.NewApp(t)
	if _, err := app.DB().NewQuery("CREATE TABLE queue_probe (v INTEGER)").Execute(); err != nil {
		t.Fatal(err)
	}
	s, logs := newStore(t, app, context.Background())
	insert := func(db core.App, v int) error {
		_, err := db.DB().NewQuery("INSERT INTO queue_probe (v) VALUES ({:v})").Bind(map[string]any{"v": v}).Execute()
		return err
	}
	visible := func(v int) bool { // read through the pool of readers, not the writer's connection
		var n int
		if err := app.ConcurrentDB().NewQuery("SELECT count(*) FROM queue_probe WHERE v = {:v}").
			Bind(map[string]any{"v": v}).Row(&n); err != nil {
			t.Error(err)
		}
		return n == 1
	}
	gate := make(chan struct{})
	s.Queue("first", func(core.App) error { <-gate; return nil }) // the batch running while the others queue
	seen := map[int]bool{}
	for v := 1; v <= 3; v++ {
		s.QueueSaved("probe", func(db core.App) error {
			if err := insert(db, v); err != nil {
				return err
			}
			if v == 2 {
				return errors.New("probe 2 refused")
			}
			return nil
		}, func() { seen[v] = visible(v) })
	}
	close(gate)
	s.Close()
	for v, want := range map[int]bool{1: true, 2: false, 3: true} {
		if got := visible(v); got != want {
			t.Errorf("row %d in the table: %v, want %v", v, got, want)
		}
		if ok, called := seen[v]; called != want || (called && !ok) {
			t.Errorf("write %d: saved called %v (row visible then: %v), want called %v after the commit", v, called, ok, want)
		}
	}
	if out := logs.String(); !strings.Contains(out, "probe not saved") || !strings.Contains(out, "probe 2 refused") {
		t.Errorf("the failed write was not logged:\n%s", out)
	}
}

// TestQueueUndoesALoneFailedWrite: a write that is its batch's only one, failing after
// a statement, leaves nothing behind either (its transaction is undone).
func TestQueueUndoesALoneFailedWrite(t *testing.T) {
	app := testutil.NewApp(t)
	if _, err := app.DB().NewQuery("CREATE TABLE queue_probe (v INTEGER)").Execute(); err != nil {
		t.Fatal(err)
	}
	s, logs := newStore(t, app, context.Background())
	saved := false
	s.QueueSaved("probe", func(db core.App) error {
		if _, err := db.DB().NewQuery("INSERT INTO queue_probe (v) VALUES (1)").Execute(); err != nil {
			return err
		}
		return errors.New("probe refused")
	}, func() { saved = true })
	s.Close()
	var n int
	if err := app.DB().NewQuery("SELECT count(*) FROM queue_probe").Row(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 || saved {
		t.Errorf("rows left = %d, saved called = %v; want 0, false", n, saved)
	}
	if !strings.Contains(logs.String(), "probe not saved") {
		t.Errorf("the failed write was not logged:\n%s", logs.String())
	}
}
