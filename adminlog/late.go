package adminlog

import (
	"context"
	"log/slog"
	"sync/atomic"
)

// lateHandler forwards each record to the handler of the logger that current returns
// at that moment, with the attributes and groups given so far re-applied to it. A
// logger made with it before PocketBase's logger exists (before bootstrap) still
// reaches that logger — and admin_logs — afterwards.
type lateHandler struct {
	current func() *slog.Logger
	ops     []op
	cache   *atomic.Pointer[resolved]
}

// op is one WithAttrs (attrs) or WithGroup (group) step.
type op struct {
	group string
	attrs []slog.Attr
}

// resolved caches the derived handler of one base handler.
type resolved struct{ base, derived slog.Handler }

// NewLate returns a handler that resolves current (e.g. app.Logger) at each record:
//
//	logger := slog.New(adminlog.NewLate(app.Logger)).With("component", "botmanager")
func NewLate(current func() *slog.Logger) slog.Handler {
	return &lateHandler{current: current, cache: new(atomic.Pointer[resolved])}
}

func (h *lateHandler) handler() slog.Handler {
	base := h.current().Handler()
	if r := h.cache.Load(); r != nil && r.base == base {
		return r.derived
	}
	d := base
	for _, o := range h.ops {
		if o.group != "" {
			d = d.WithGroup(o.group)
		} else {
			d = d.WithAttrs(o.attrs)
		}
	}
	h.cache.Store(&resolved{base: base, derived: d})
	return d
}

// Enabled asks the current handler.
func (h *lateHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return h.handler().Enabled(ctx, l)
}

// Handle passes r to the current handler.
func (h *lateHandler) Handle(ctx context.Context, r slog.Record) error {
	return h.handler().Handle(ctx, r)
}

func (h *lateHandler) with(o op) *lateHandler {
	return &lateHandler{current: h.current, ops: append(append([]op(nil), h.ops...), o),
		cache: new(atomic.Pointer[resolved])}
}

// WithAttrs records attrs, applied to whichever handler is current at each record.
func (h *lateHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return h.with(op{attrs: append([]slog.Attr(nil), attrs...)})
}

// WithGroup records the group, applied like WithAttrs.
func (h *lateHandler) WithGroup(name string) slog.Handler {
	if name == "" {
		return h
	}
	return h.with(op{group: name})
}
