package botmanager

import (
	"time"

	"github.com/pocketbase/dbx"

	c "github.com/nezuko/nezuko/collections"
)

// setStatus records a status change in memory and writes bot_status at once.
func (r *runner) setStatus(status, lastError, reason string) {
	r.mu.Lock()
	changed := r.status != status || r.reason != reason
	r.status = status
	if lastError != "" {
		r.lastError = lastError
	}
	r.reason = reason
	r.mu.Unlock()
	if changed {
		r.writeStatus()
	}
}

// snapshot is a consistent copy of what bot_status shows.
type snapshot struct {
	status, lastError, reason string
	startedAt                 time.Time
}

func (r *runner) snapshot() snapshot {
	r.mu.Lock()
	defer r.mu.Unlock()
	return snapshot{r.status, r.lastError, r.reason, r.startedAt}
}

// writeStatus upserts the bot's bot_status row (one row per bot).
func (r *runner) writeStatus() {
	app := r.m.opts.App
	s := r.snapshot()
	row := &c.BotStatusRow{}
	rec, err := app.FindFirstRecordByFilter(c.BotStatus, c.FieldBotInstance+" = {:bot}", dbx.Params{"bot": r.recordID})
	if err == nil {
		row.SetProxyRecord(rec)
	} else if row, err = c.NewBotStatusRow(app, r.recordID); err != nil {
		r.m.log.Error("bot_status: cannot create row", "bot_id", r.botID, "error", err)
		return
	}
	now := time.Now()
	started := s.startedAt
	if s.status != c.BotRunning {
		started = time.Time{}
	}
	row.SetStatus(s.status)
	row.SetHeartbeat(now, started)
	mode := "polling"
	if r.m.opts.WebhookURL != "" {
		mode = "webhook"
	}
	meta := map[string]any{
		"mode": mode, "version": r.m.opts.Version, "bot_id": r.botID, "username": r.username,
		"groups_protected": r.m.groupsProtected(r.recordID),
	}
	if s.lastError != "" {
		meta["last_error"] = s.lastError
	}
	if s.reason != "" {
		meta["reason"] = s.reason
	}
	row.SetMetadata(meta)
	if err := app.Save(row); err != nil {
		r.m.log.Error("bot_status: write failed", "bot_id", r.botID, "error", err)
	}
}

// heartbeat refreshes the bot_status rows of running bots.
func (m *Manager) heartbeat() {
	m.mu.Lock()
	runners := make([]*runner, 0, len(m.bots))
	for _, r := range m.bots {
		runners = append(runners, r)
	}
	m.mu.Unlock()
	for _, r := range runners {
		if r.snapshot().status == c.BotRunning {
			r.writeStatus()
		}
	}
}
