package timers_test

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/nezuko/nezuko/gatekeeper/timers"
)

// rows is an in-memory timers.Store.
type rows struct {
	mu   sync.Mutex // guards m, n
	m    map[string]string
	n    int
	open atomic.Bool // the engine takes work (Enter)
}

func newRows() *rows {
	r := &rows{m: map[string]string{}}
	r.open.Store(true)
	return r
}

func (r *rows) Add(kind string, chatID, _ int64, msgID int, _ time.Time) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.n++
	id := fmt.Sprint("t", r.n)
	r.m[id] = fmt.Sprint(kind, chatID, msgID)
	return id
}

func (r *rows) Done(id string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.m, id)
}

func (r *rows) left() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.m)
}

// world is Deletions over rows, recording the messages deleted.
type world struct {
	rows    *rows
	d       *timers.Deletions
	mu      sync.Mutex // guards deleted
	deleted []int
}

func newWorld(r *rows) *world {
	w := &world{rows: r}
	w.d = timers.New(timers.Config{Store: w.rows, Now: time.Now,
		Enter: w.rows.open.Load, Leave: func() {},
		Delete: func(chatID int64, msgID int) { w.d.Once(chatID, msgID, func() error { return w.del(msgID) }) }})
	return w
}

func (w *world) del(msgID int) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.deleted = append(w.deleted, msgID)
	return nil
}

func (w *world) got() []int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.deleted)
}

// A deletion runs when due and drops its row; one the ok callback calls off still
// drops it; nothing is scheduled for a ttl of 0.
func TestAfterFiresOnceAndDropsTheRow(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWorld(newRows())
		if id := w.d.After(-1, 7, 0, nil); id != "" || w.rows.left() != 0 {
			t.Fatal("a ttl of 0 scheduled a deletion")
		}
		w.d.After(-1, 1, time.Minute, nil)
		w.d.After(-1, 2, time.Minute, func() bool { return false })
		if w.rows.left() != 2 {
			t.Fatalf("rows = %d, want 2 stored", w.rows.left())
		}
		time.Sleep(time.Minute + time.Second) // the bubble's clock
		synctest.Wait()
		if got := w.got(); !slices.Equal(got, []int{1}) || w.rows.left() != 0 {
			t.Fatalf("deleted %v with %d rows left; want [1], none", got, w.rows.left())
		}
	})
}

// A message deleted another way before its timer is due is not deleted again, and
// its row goes at once; a failed deletion may be tried again; "not found" is gone.
func TestOnceDeletesAMessageOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWorld(newRows())
		w.d.After(-1, 1, time.Minute, nil)
		w.d.Once(-1, 1, func() error { return w.del(1) })
		if w.rows.left() != 0 {
			t.Fatal("the row of a message deleted early was kept")
		}
		time.Sleep(2 * time.Minute)
		synctest.Wait()
		if got := w.got(); !slices.Equal(got, []int{1}) {
			t.Fatalf("deleted %v, want [1] once", got)
		}
		w.d.Once(-1, 2, func() error { return errors.New("Bad Request: network") })
		w.d.Once(-1, 2, func() error { return errors.New("Bad Request: message to delete not found") })
		w.d.Once(-1, 2, func() error { return w.del(2) })
		if got := w.got(); !slices.Equal(got, []int{1}) {
			t.Fatalf("deleted %v: a message found gone was deleted again", got)
		}
	})
}

// After Close (Enter false) a due deletion stays stored for the next start, which
// resumes it: at once when overdue.
func TestResumeAfterARestart(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newWorld(newRows())
		w.rows.open.Store(false)
		w.d.After(-1, 3, time.Minute, nil)
		time.Sleep(2 * time.Minute)
		synctest.Wait()
		if len(w.got()) != 0 || w.rows.left() != 1 {
			t.Fatal("a deletion ran after Close, or its row went")
		}
		w.rows.open.Store(true)
		next := newWorld(w.rows)
		next.d.Resume("t1", -1, 3, time.Now().Add(-time.Minute))
		synctest.Wait()
		if got := next.got(); !slices.Equal(got, []int{3}) || next.rows.left() != 0 {
			t.Fatalf("resumed: deleted %v, %d rows left; want [3], none", got, next.rows.left())
		}
	})
}
