package testutil

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
)

// PanicWatch is a slog handler that keeps the panics an engine recovered from (it logs
// them as "update handler panicked" and carries on), so a test can fail on them:
//
//	watch := &testutil.PanicWatch{}
//	logger := slog.New(watch)
//	…
//	if p := watch.Take(); len(p) > 0 { t.Fatal(p) }
type PanicWatch struct {
	mu     sync.Mutex // guards panics
	panics []string
}

// Enabled accepts every level.
func (p *PanicWatch) Enabled(context.Context, slog.Level) bool { return true }

// Handle keeps records whose message mentions a panic.
func (p *PanicWatch) Handle(_ context.Context, r slog.Record) error {
	if !strings.Contains(r.Message, "panicked") {
		return nil
	}
	var b strings.Builder
	b.WriteString(r.Message)
	r.Attrs(func(a slog.Attr) bool { fmt.Fprintf(&b, " %s=%v", a.Key, a.Value); return true })
	p.mu.Lock()
	p.panics = append(p.panics, b.String())
	p.mu.Unlock()
	return nil
}

// WithAttrs returns the same watch.
func (p *PanicWatch) WithAttrs([]slog.Attr) slog.Handler { return p }

// WithGroup returns the same watch.
func (p *PanicWatch) WithGroup(string) slog.Handler { return p }

// Take returns the panics seen since the last call.
func (p *PanicWatch) Take() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := p.panics
	p.panics = nil
	return out
}
