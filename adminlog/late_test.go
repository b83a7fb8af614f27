package adminlog_test

import (
	"log/slog"
	"sync/atomic"
	"testing"

	"github.com/nezuko/nezuko/adminlog"
)

// TestLateFollowsTheCurrentLogger: a logger derived before the app's logger exists
// writes to it once it does, with its attributes.
func TestLateFollowsTheCurrentLogger(t *testing.T) {
	early, late := &sink{}, &sink{}
	var current atomic.Pointer[slog.Logger]
	current.Store(newLogger(early))
	log := slog.New(adminlog.NewLate(current.Load)).With(adminlog.LoggerKey, "botmanager").WithGroup("bot")

	log.Info("before", "id", 1)
	current.Store(newLogger(late)) // bootstrap replaced the logger
	log.Info("after", "id", 2)

	if rows := early.all(); len(rows) != 1 || rows[0].Message != "before bot.id=1" || rows[0].Logger != "botmanager" {
		t.Errorf("early rows = %+v", rows)
	}
	if rows := late.all(); len(rows) != 1 || rows[0].Message != "after bot.id=2" || rows[0].Logger != "botmanager" {
		t.Errorf("late rows = %+v", rows)
	}
}
