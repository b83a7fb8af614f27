package adminlog_test

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nezuko/nezuko/adminlog"
	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/config"
	"github.com/nezuko/nezuko/logwriter"
	"github.com/nezuko/nezuko/tests/livetest"
	"github.com/nezuko/nezuko/tests/testutil"
)

func TestMain(m *testing.M) { testutil.Main(m) }

// sink collects rows in memory.
type sink struct {
	mu     sync.Mutex // guards rows
	rows   []logwriter.AdminLog
	queued int64
}

func (s *sink) AddAdminLog(l logwriter.AdminLog) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rows = append(s.rows, l)
}

func (s *sink) Stats() logwriter.Stats { return logwriter.Stats{Queued: s.queued} }

func (s *sink) all() []logwriter.AdminLog {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]logwriter.AdminLog(nil), s.rows...)
}

func newLogger(s *sink) *slog.Logger {
	return slog.New(adminlog.New(func() adminlog.Sink { return s }, adminlog.Options{}))
}

func TestLevelNames(t *testing.T) {
	for level, want := range map[slog.Level]string{
		slog.LevelDebug: c.LevelDebug, slog.LevelInfo: c.LevelInfo, slog.LevelWarn: c.LevelWarning,
		slog.LevelError: c.LevelError, slog.LevelError + 4: c.LevelCritical, slog.LevelInfo + 1: c.LevelInfo,
	} {
		if got := adminlog.LevelName(level); got != want {
			t.Errorf("LevelName(%v) = %s, want %s", level, got, want)
		}
	}
}

func TestRowFields(t *testing.T) {
	s := &sink{}
	log := newLogger(s).With(adminlog.LoggerKey, "botmanager")
	log.Debug("not stored")
	log.Info("bot started", "bot_id", 42, "note", "two words")
	log.WithGroup("req").Warn("slow", "ms", 1200)
	log.Error("refused", "token", "123:SECRET", "password", "hunter2")
	slog.New(adminlog.New(func() adminlog.Sink { return s }, adminlog.Options{})).Info("GET /api/x", "type", "request")

	rows := s.all()
	if len(rows) != 3 {
		t.Fatalf("rows = %+v", rows)
	}
	r := rows[0]
	if r.Level != c.LevelInfo || r.Logger != "botmanager" || r.Message != `bot started bot_id=42 note="two words"` {
		t.Errorf("row = %+v", r)
	}
	if !strings.HasSuffix(r.Module, "/adminlog_test") || !strings.HasPrefix(r.Function, "TestRowFields") ||
		r.LineNo == 0 || !strings.HasSuffix(r.Path, "handler_test.go") || r.At.IsZero() {
		t.Errorf("source of row = %+v", r)
	}
	if rows[1].Level != c.LevelWarning || rows[1].Message != "slow req.ms=1200" {
		t.Errorf("grouped row = %+v", rows[1])
	}
	if rows[2].Level != c.LevelError || strings.Contains(rows[2].Message, "SECRET") || strings.Contains(rows[2].Message, "hunter2") {
		t.Errorf("secrets in %q", rows[2].Message)
	}
}

func TestDropsWhenTheWriterIsFarBehind(t *testing.T) {
	s := &sink{queued: 1_000_000}
	newLogger(s).Error("lost on purpose")
	if rows := s.all(); len(rows) != 0 {
		t.Errorf("rows = %+v", rows)
	}
	slog.New(adminlog.New(func() adminlog.Sink { return nil }, adminlog.Options{})).Info("before the writer runs")
}

// TestAppLoggerReachesAdminLogs: the app's own logger (the one PocketBase and our
// packages use) writes INFO+ into admin_logs, PocketBase's request lines excepted.
func TestAppLoggerReachesAdminLogs(t *testing.T) {
	app, svc := livetest.NewApp(t, config.Config{})
	app.Logger().With(adminlog.LoggerKey, "gatekeeper").Info("group protected", "group_id", -1001)
	app.Logger().Debug("debug stays out")
	app.Logger().Info("GET /api/health", "type", "request")
	ctx, cancel := context.WithTimeout(context.Background(), livetest.Deadline)
	defer cancel()
	if err := svc.Logs.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	rows, err := app.FindAllRecords(c.AdminLogs)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 {
		t.Fatalf("%d admin_logs rows, want 1", len(rows))
	}
	r := rows[0]
	if r.GetString(c.FieldLevel) != c.LevelInfo || r.GetString(c.FieldLogger) != "gatekeeper" ||
		r.GetString(c.FieldMessage) != "group protected group_id=-1001" || r.GetInt(c.FieldLineNo) == 0 ||
		r.GetString(c.FieldFunction) == "" || r.GetString(c.FieldPath) == "" ||
		time.Since(r.GetDateTime(c.FieldTimestamp).Time()) > time.Hour {
		t.Errorf("row = %v", r.FieldsData())
	}
}
