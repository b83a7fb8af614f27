package adminlog

import (
	"context"
	"errors"
	"log/slog"
)

// teeHandler sends each record to both handlers (each asked separately whether it is
// enabled).
type teeHandler struct{ a, b slog.Handler }

// NewTee returns a handler that writes every record to a and to b.
func NewTee(a, b slog.Handler) slog.Handler { return &teeHandler{a: a, b: b} }

// Enabled reports whether either handler wants records of level l.
func (t *teeHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return t.a.Enabled(ctx, l) || t.b.Enabled(ctx, l)
}

// Handle passes r to each handler that is enabled for it.
func (t *teeHandler) Handle(ctx context.Context, r slog.Record) error {
	var errA, errB error
	if t.a.Enabled(ctx, r.Level) {
		errA = t.a.Handle(ctx, r.Clone())
	}
	if t.b.Enabled(ctx, r.Level) {
		errB = t.b.Handle(ctx, r)
	}
	return errors.Join(errA, errB)
}

// WithAttrs adds attrs on both sides.
func (t *teeHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &teeHandler{a: t.a.WithAttrs(attrs), b: t.b.WithAttrs(append([]slog.Attr(nil), attrs...))}
}

// WithGroup opens the group on both sides.
func (t *teeHandler) WithGroup(name string) slog.Handler {
	return &teeHandler{a: t.a.WithGroup(name), b: t.b.WithGroup(name)}
}

// Tee makes logger also write into h, in place: everyone holding the *slog.Logger
// (PocketBase's app.Logger() included) now reaches both its old handler and h.
// Loggers derived earlier with With/WithGroup keep their old handler only.
//
// PocketBase adjusts its log level on a settings change by type-asserting the
// handler of app.Logger(); after Tee that adjustment no longer applies until restart.
func Tee(logger *slog.Logger, h slog.Handler) {
	if _, done := logger.Handler().(*teeHandler); done {
		return
	}
	*logger = *slog.New(NewTee(logger.Handler(), h))
}
