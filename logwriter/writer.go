// Package logwriter is the single writer of the log collections (verification_log,
// api_call_log, admin_logs, and gate_events, the engine's funnel steps). Rows are queued in memory and inserted in transactions, by
// size or at least every second; nothing is dropped (a full queue makes callers wait) and
// Close flushes everything. After each commit the batch is handed to observers — the
// place where realtime topics, metrics and rollups hook in.
//
//	w := logwriter.New(app, logwriter.Options{}) // no database needed yet
//	w.Observe(func(b *logwriter.Batch) { … })    // features, before Start
//	err := w.Start(ctx)                           // once the database is open
//	w.AddVerification(logwriter.Verification{…})
//	err = w.Close(ctx)
package logwriter

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// Options tune a Writer; zero values take the defaults.
type Options struct {
	FlushInterval time.Duration // longest a row waits before its transaction (default 1 s)
	MaxBatch      int           // rows that trigger a flush at once (default 500)
	MaxPending    int           // queued rows beyond which Add* waits for the writer (default 100,000)
	// ErrorLog receives the writer's own failures. It must not write into admin_logs
	// through this writer, or a failing database would feed itself (default: slog.Default()).
	ErrorLog *slog.Logger
}

// Writer batches log rows into SQLite.
type Writer struct {
	app  core.App
	db   *sql.DB // resolved by Start
	opts Options

	mu       sync.Mutex // guards pending, closed
	space    *sync.Cond // signalled when pending shrinks
	pending  Batch
	closed   bool
	queued   atomic.Int64
	kick     chan struct{}
	flushReq chan chan error
	stop     chan struct{}
	stopOnce sync.Once
	done     chan struct{}
	started  atomic.Bool

	observers []func(*Batch) // fixed before Start

	flushes      atomic.Int64
	rowsWritten  atomic.Int64
	lastFlushDur atomic.Int64 // nanoseconds
}

// Stats are the writer's counters, for metrics.
type Stats struct {
	Queued        int64         // rows waiting for a transaction
	Flushes       int64         // committed transactions
	RowsWritten   int64         // committed rows
	LastFlushTime time.Duration // duration of the last commit
}

// New returns a Writer on app's data database, which it opens only in Start (so it can
// be built, and handed to the features that observe it, before the app bootstraps).
// Rows added before Start wait in the queue.
func New(app core.App, opts Options) *Writer {
	if opts.FlushInterval <= 0 {
		opts.FlushInterval = time.Second
	}
	if opts.MaxBatch <= 0 {
		opts.MaxBatch = 500
	}
	if opts.MaxPending <= 0 {
		opts.MaxPending = 100_000
	}
	if opts.ErrorLog == nil {
		opts.ErrorLog = slog.Default()
	}
	w := &Writer{
		app: app, opts: opts,
		kick: make(chan struct{}, 1), flushReq: make(chan chan error),
		stop: make(chan struct{}), done: make(chan struct{}),
	}
	w.space = sync.NewCond(&w.mu)
	return w
}

// Start resolves the app's database (the app must be bootstrapped) and runs the writer
// until Close; a second call does nothing.
func (w *Writer) Start(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if w.started.Load() {
		return nil
	}
	xdb, ok := w.app.NonconcurrentDB().(*dbx.DB)
	if !ok {
		return errors.New("logwriter: the app's nonconcurrent DB is not a *dbx.DB")
	}
	if !w.started.CompareAndSwap(false, true) {
		return nil
	}
	w.db = xdb.DB()
	go w.run()
	return nil
}

// Observe registers fn to receive every committed batch, in the writer's goroutine and
// in commit order. fn must be quick and must not keep the batch's slices (they are reused).
// Register observers before Start.
func (w *Writer) Observe(fn func(*Batch)) { w.observers = append(w.observers, fn) }

// AddVerification queues a verification_log row.
func (w *Writer) AddVerification(v Verification) {
	v.ID = core.GenerateDefaultRandomId()
	w.add(func(b *Batch) { b.Verifications = append(b.Verifications, v) })
}

// AddAPICall queues an api_call_log row.
func (w *Writer) AddAPICall(a APICall) {
	a.ID = core.GenerateDefaultRandomId()
	w.add(func(b *Batch) { b.APICalls = append(b.APICalls, a) })
}

// AddAdminLog queues an admin_logs row.
func (w *Writer) AddAdminLog(l AdminLog) {
	l.ID = core.GenerateDefaultRandomId()
	w.add(func(b *Batch) { b.AdminLogs = append(b.AdminLogs, l) })
}

// AddGateEvent queues a gate_events row (a step of the conversion funnel).
func (w *Writer) AddGateEvent(g GateEvent) {
	g.ID = core.GenerateDefaultRandomId()
	w.add(func(b *Batch) { b.GateEvents = append(b.GateEvents, g) })
}

func (w *Writer) add(put func(*Batch)) {
	w.mu.Lock()
	if w.closed {
		// After Close the row is written at once, so late rows are not lost either.
		var one Batch
		put(&one)
		w.mu.Unlock()
		if err := w.commit(context.Background(), &one); err != nil {
			w.opts.ErrorLog.Error("logwriter: late row not written", "error", err)
		}
		return
	}
	for w.pending.Len() >= w.opts.MaxPending && !w.closed {
		w.space.Wait()
	}
	put(&w.pending)
	n := w.pending.Len()
	w.mu.Unlock()
	w.queued.Store(int64(n))
	if n >= w.opts.MaxBatch {
		select {
		case w.kick <- struct{}{}:
		default:
		}
	}
}

// run writes batches until Close.
func (w *Writer) run() {
	defer close(w.done)
	ticker := time.NewTicker(w.opts.FlushInterval)
	defer ticker.Stop()
	spare := &Batch{}
	for {
		select {
		case <-ticker.C:
		case <-w.kick:
		case reply := <-w.flushReq:
			reply <- w.flushAll(context.Background(), &spare)
			continue
		case <-w.stop:
			return
		}
		if err := w.flushOnce(context.Background(), &spare); err != nil {
			w.opts.ErrorLog.Error("logwriter: batch not written yet, will retry", "error", err)
		}
	}
}

// Flush writes everything queued so far and returns when it is committed.
func (w *Writer) Flush(ctx context.Context) error {
	reply := make(chan error, 1)
	select {
	case w.flushReq <- reply:
	case <-w.done:
		return errors.New("logwriter: closed")
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-reply:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Close stops the writer and writes every queued row, retrying until ctx ends; rows
// still unwritten then are reported in the error. A writer never started has no
// database: its queued rows are reported lost.
func (w *Writer) Close(ctx context.Context) error {
	w.stopOnce.Do(func() { close(w.stop) })
	if !w.started.Load() {
		w.mu.Lock()
		lost := w.pending.Len()
		w.closed = true
		w.mu.Unlock()
		w.space.Broadcast()
		if lost > 0 {
			return fmt.Errorf("logwriter: %d rows not written: the writer never started", lost)
		}
		return nil
	}
	<-w.done
	spare := &Batch{}
	for {
		err := w.flushAll(ctx, &spare)
		if err == nil {
			w.mu.Lock()
			if w.pending.Len() == 0 { // nothing slipped in since: later rows are written inline
				w.closed = true
				w.mu.Unlock()
				w.space.Broadcast()
				return nil
			}
			w.mu.Unlock()
			continue
		}
		select {
		case <-ctx.Done():
			w.mu.Lock()
			lost := w.pending.Len()
			w.closed = true
			w.mu.Unlock()
			w.space.Broadcast()
			return fmt.Errorf("logwriter: %d rows not written at close: %w", lost, err)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// flushAll flushes until the queue is empty.
func (w *Writer) flushAll(ctx context.Context, spare **Batch) error {
	for {
		w.mu.Lock()
		empty := w.pending.Len() == 0
		w.mu.Unlock()
		if empty {
			return nil
		}
		if err := w.flushOnce(ctx, spare); err != nil {
			return err
		}
	}
}

// flushOnce commits what is queued now; on failure the rows go back to the queue's head.
func (w *Writer) flushOnce(ctx context.Context, spare **Batch) error {
	w.mu.Lock()
	if w.pending.Len() == 0 {
		w.mu.Unlock()
		return nil
	}
	batch := w.pending
	w.pending = **spare
	w.pending.reset()
	w.mu.Unlock()
	w.queued.Store(0)
	w.space.Broadcast()

	if err := w.commit(ctx, &batch); err != nil {
		w.requeue(&batch)
		return err
	}
	for _, fn := range w.observers {
		fn(&batch)
	}
	batch.reset()
	*spare = &batch
	return nil
}

func (w *Writer) commit(ctx context.Context, b *Batch) error {
	if w.db == nil {
		return errors.New("logwriter: not started")
	}
	start := time.Now()
	if _, err := insertBatch(ctx, w.db, b, nil); err != nil {
		return err
	}
	w.lastFlushDur.Store(int64(time.Since(start)))
	w.flushes.Add(1)
	w.rowsWritten.Add(int64(b.Len()))
	return nil
}

// requeue puts a failed batch back before anything queued since, keeping order.
func (w *Writer) requeue(b *Batch) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.pending.Verifications = append(append([]Verification(nil), b.Verifications...), w.pending.Verifications...)
	w.pending.APICalls = append(append([]APICall(nil), b.APICalls...), w.pending.APICalls...)
	w.pending.AdminLogs = append(append([]AdminLog(nil), b.AdminLogs...), w.pending.AdminLogs...)
	w.pending.GateEvents = append(append([]GateEvent(nil), b.GateEvents...), w.pending.GateEvents...)
	w.queued.Store(int64(w.pending.Len()))
}

// Stats returns the writer's counters.
func (w *Writer) Stats() Stats {
	return Stats{
		Queued: w.queued.Load(), Flushes: w.flushes.Load(), RowsWritten: w.rowsWritten.Load(),
		LastFlushTime: time.Duration(w.lastFlushDur.Load()),
	}
}
