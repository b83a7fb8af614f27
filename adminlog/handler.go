// Package adminlog writes the application's slog records of level INFO and above into
// admin_logs (DESIGN.md §7), through the log batch writer, with the original's level
// names (DEBUG/INFO/WARNING/ERROR/CRITICAL).
//
// PocketBase keeps its logger in an unexported field, so Tee wraps the handler of
// app.Logger() in place once the app is bootstrapped: every package that logs through
// app.Logger() or e.App.Logger() — ours and PocketBase's — reaches PocketBase's own
// _logs as before and admin_logs as well. PocketBase's per-request activity lines
// (attribute type=request) stay out of admin_logs.
//
//	h := adminlog.New(func() adminlog.Sink { return svc.Logs }, adminlog.Options{})
//	adminlog.Tee(app.Logger(), h)
//
// The handler never logs its own failures: it has none to report (rows are queued,
// never written here), and the writer reports its failures to its own ErrorLog,
// which must not be this handler.
package adminlog

import (
	"context"
	"fmt"
	"log/slog"
	"runtime"
	"strings"
	"time"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/logwriter"
)

// Sink takes admin_logs rows; *logwriter.Writer is one.
type Sink interface {
	AddAdminLog(logwriter.AdminLog)
	Stats() logwriter.Stats
}

// Options tune a Handler; zero values take the defaults.
type Options struct {
	// MaxQueued is the writer queue depth beyond which log rows are dropped rather
	// than making the logging goroutine wait (default 50,000). Verification rows are
	// never dropped; the writer's own backpressure is reserved for them.
	MaxQueued int64
	// MaxMessage caps the length of a stored message, attributes included (default 4,000).
	MaxMessage int
}

// Handler is a slog.Handler that queues INFO+ records as admin_logs rows.
type Handler struct {
	sink   func() Sink // nil result: the writer is not running yet, records are skipped
	opts   Options
	attrs  []slog.Attr
	groups string
	logger string
}

// New returns a Handler writing into the Sink that sink returns at the time of each record.
func New(sink func() Sink, opts Options) *Handler {
	if opts.MaxQueued <= 0 {
		opts.MaxQueued = 50_000
	}
	if opts.MaxMessage <= 0 {
		opts.MaxMessage = 4000
	}
	return &Handler{sink: sink, opts: opts}
}

// LoggerKey is the attribute that names the admin_logs.logger of a record
// (logger.With(adminlog.LoggerKey, "botmanager")); without it, the package of the caller.
const LoggerKey = "logger"

// requestType marks PocketBase's per-request activity log records.
const requestType = "request"

// Enabled reports whether level is INFO or above.
func (h *Handler) Enabled(_ context.Context, level slog.Level) bool { return level >= slog.LevelInfo }

// Handle queues r as one admin_logs row.
func (h *Handler) Handle(_ context.Context, r slog.Record) error {
	if r.Level < slog.LevelInfo {
		return nil
	}
	sink := h.sink()
	if sink == nil || sink.Stats().Queued >= h.opts.MaxQueued {
		return nil
	}
	row := logwriter.AdminLog{Level: LevelName(r.Level), Logger: h.logger, At: r.Time}
	if row.At.IsZero() {
		row.At = time.Now()
	}
	var msg strings.Builder
	msg.WriteString(r.Message)
	skip := false
	visit := func(prefix string, a slog.Attr) {
		switch {
		case prefix == "" && a.Key == LoggerKey:
			row.Logger = a.Value.String()
		case prefix == "" && a.Key == "type" && a.Value.String() == requestType:
			skip = true
		default:
			writeAttr(&msg, prefix, a)
		}
	}
	for _, a := range h.attrs {
		visit("", a)
	}
	r.Attrs(func(a slog.Attr) bool {
		visit(h.groups, a)
		return true
	})
	if skip {
		return nil
	}
	row.Message = truncate(msg.String(), h.opts.MaxMessage)
	if r.PC != 0 {
		f, _ := runtime.CallersFrames([]uintptr{r.PC}).Next()
		row.Module, row.Function = splitFunc(f.Function)
		row.LineNo = f.Line
		row.Path = f.File
	}
	if row.Logger == "" {
		row.Logger = lastElem(row.Module)
	}
	sink.AddAdminLog(row)
	return nil
}

// WithAttrs returns a Handler that adds attrs to every record.
func (h *Handler) WithAttrs(attrs []slog.Attr) slog.Handler {
	n := *h
	if h.groups != "" {
		for i := range attrs {
			attrs[i].Key = h.groups + attrs[i].Key
		}
	}
	n.attrs = append(append([]slog.Attr(nil), h.attrs...), attrs...)
	for _, a := range attrs {
		if a.Key == LoggerKey {
			n.logger = a.Value.String()
		}
	}
	return &n
}

// WithGroup returns a Handler that qualifies later attributes with name.
func (h *Handler) WithGroup(name string) slog.Handler {
	if name == "" {
		return h
	}
	n := *h
	n.groups = h.groups + name + "."
	return &n
}

// LevelName maps a slog level to the original's level names.
func LevelName(l slog.Level) string {
	switch {
	case l < slog.LevelInfo:
		return c.LevelDebug
	case l < slog.LevelWarn:
		return c.LevelInfo
	case l < slog.LevelError:
		return c.LevelWarning
	case l < slog.LevelError+4:
		return c.LevelError
	default:
		return c.LevelCritical
	}
}

// splitFunc splits "github.com/x/y/pkg.(*T).M" into the package path and "(*T).M".
func splitFunc(fn string) (module, function string) {
	slash := strings.LastIndex(fn, "/")
	dot := strings.Index(fn[slash+1:], ".")
	if dot < 0 {
		return "", fn
	}
	return fn[:slash+1+dot], fn[slash+1+dot+1:]
}

func lastElem(path string) string { return path[strings.LastIndex(path, "/")+1:] }

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// writeAttr appends " key=value", masking values whose key names a secret.
func writeAttr(b *strings.Builder, prefix string, a slog.Attr) {
	a.Value = a.Value.Resolve()
	if a.Equal(slog.Attr{}) {
		return
	}
	if a.Value.Kind() == slog.KindGroup {
		p := prefix
		if a.Key != "" {
			p += a.Key + "."
		}
		for _, g := range a.Value.Group() {
			writeAttr(b, p, g)
		}
		return
	}
	key := prefix + a.Key
	val := a.Value.String()
	if secretKey(key) {
		val = c.MaskedValue
	}
	if strings.ContainsAny(val, " \t\n\"=") {
		val = fmt.Sprintf("%q", val)
	}
	b.WriteString(" " + key + "=" + val)
}

// secretKey reports whether an attribute key names something never to be stored.
func secretKey(key string) bool {
	k := strings.ToLower(key)
	for _, s := range []string{"token", "password", "secret", "encryption_key", "encryptionkey", "authorization"} {
		if strings.Contains(k, s) {
			return true
		}
	}
	return false
}
