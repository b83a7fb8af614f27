package reliability

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

// logWatch sees the app's log records as they are logged, before any of them reaches
// admin_logs (which a locked database cannot take), so a test can wait for the line
// that says a write failed while it still holds the lock.
type logWatch struct {
	mu      sync.Mutex
	msgs    []logged
	changed chan struct{} // closed, and replaced, at each record
}

// logged is one record's message and when it was logged.
type logged struct {
	msg string
	at  time.Time
}

// watchLogs wraps logger's handler in place (like adminlog.Tee): every logger derived
// from it afterwards passes its records through the watch too.
func watchLogs(logger *slog.Logger) *logWatch {
	w := &logWatch{changed: make(chan struct{})}
	*logger = *slog.New(&watchHandler{Handler: logger.Handler(), w: w})
	return w
}

// await waits until a record whose message starts with prefix has been logged and
// returns when it was; it fails the test after deadline.
func (w *logWatch) await(t testing.TB, prefix string, deadline time.Duration) time.Time {
	t.Helper()
	timeout := time.After(deadline)
	for {
		w.mu.Lock()
		for _, m := range w.msgs {
			if strings.HasPrefix(m.msg, prefix) {
				w.mu.Unlock()
				return m.at
			}
		}
		changed := w.changed
		w.mu.Unlock()
		select {
		case <-changed:
		case <-timeout:
			t.Fatalf("no log line %q within %s", prefix, deadline)
		}
	}
}

// watchHandler passes every record on to Handler and notes its message in w.
type watchHandler struct {
	slog.Handler
	w *logWatch
}

// Handle notes r's message, then passes r on.
func (h *watchHandler) Handle(ctx context.Context, r slog.Record) error {
	h.w.mu.Lock()
	h.w.msgs = append(h.w.msgs, logged{r.Message, time.Now()})
	close(h.w.changed)
	h.w.changed = make(chan struct{})
	h.w.mu.Unlock()
	return h.Handler.Handle(ctx, r)
}

// WithAttrs keeps the watch on the derived handler.
func (h *watchHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &watchHandler{Handler: h.Handler.WithAttrs(attrs), w: h.w}
}

// WithGroup keeps the watch on the derived handler.
func (h *watchHandler) WithGroup(name string) slog.Handler {
	return &watchHandler{Handler: h.Handler.WithGroup(name), w: h.w}
}
