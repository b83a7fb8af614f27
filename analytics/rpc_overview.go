package analytics

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/pocketbase/dbx"

	c "github.com/nezuko/nezuko/collections"
)

// heartbeatFresh is how recent a running bot's heartbeat must be to count as up
// (heartbeats come every 30 s).
const heartbeatFresh = 2 * time.Minute

// DashboardStats is the answer of get_dashboard_stats.
type DashboardStats struct {
	TotalGroups        int64 `json:"total_groups"`
	TotalChannels      int64 `json:"total_channels"`
	VerificationsToday int64 `json:"verifications_today"`
	VerificationsWeek  int64 `json:"verifications_week"`
	SuccessRate        Num   `json:"success_rate"`
	BotUptimeSeconds   int64 `json:"bot_uptime_seconds"`
	CacheHitRate       Num   `json:"cache_hit_rate"`
}

func (s *Service) dashboardStats(ctx context.Context, a args) (any, error) {
	hours, err := s.src.hours(ctx, a.now.Add(-week))
	if err != nil {
		return nil, err
	}
	wk := sumCounts(hours, time.Time{})
	out := DashboardStats{
		VerificationsToday: sumCounts(hours, unitDay.floor(a.now)).Total,
		VerificationsWeek:  wk.Total,
		SuccessRate:        rate(wk.Verified, wk.Total),
		CacheHitRate:       rate(wk.Cached, wk.Total),
	}
	if out.TotalGroups, out.TotalChannels, err = s.groupAndChannelCounts(); err != nil {
		return nil, err
	}
	out.BotUptimeSeconds, err = s.runningUptime(ctx, a.now)
	return out, err
}

// groupAndChannelCounts counts protected_groups and enforced_channels rows.
func (s *Service) groupAndChannelCounts() (groups, channels int64, err error) {
	if groups, err = s.app.CountRecords(c.ProtectedGroups); err != nil {
		return 0, 0, err
	}
	channels, err = s.app.CountRecords(c.EnforcedChannels)
	return groups, channels, err
}

// runningUptime is uptime_seconds of the running bot with the most recent heartbeat,
// if that heartbeat is fresh; else 0.
func (s *Service) runningUptime(ctx context.Context, now time.Time) (int64, error) {
	var up int64
	err := s.app.DB().NewQuery("SELECT " + quote(c.FieldUptimeSeconds) + " FROM " + quote(c.BotStatus) +
		" WHERE " + quote(c.FieldStatus) + " = {:running} AND " + quote(c.FieldLastHeartbeat) + " >= {:fresh}" +
		" ORDER BY " + quote(c.FieldLastHeartbeat) + " DESC LIMIT 1").
		Bind(dbx.Params{"running": c.BotRunning, "fresh": dbTime(now.Add(-heartbeatFresh))}).
		WithContext(ctx).Row(&up)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return up, err
}

// AnalyticsOverview is the answer of get_analytics_overview (all time).
type AnalyticsOverview struct {
	TotalVerifications int64 `json:"total_verifications"`
	TotalGroups        int64 `json:"total_groups"`
	TotalChannels      int64 `json:"total_channels"`
	SuccessRate        Num   `json:"success_rate"`
	AvgLatencyMS       Num   `json:"avg_latency_ms"`
	CacheHitRate       Num   `json:"cache_hit_rate"`
}

func (s *Service) analyticsOverview(ctx context.Context, _ args) (any, error) {
	hours, err := s.src.hours(ctx, time.Time{})
	if err != nil {
		return nil, err
	}
	k := sumCounts(hours, time.Time{})
	out := AnalyticsOverview{
		TotalVerifications: k.Total,
		SuccessRate:        rate(k.Verified, k.Total),
		AvgLatencyMS:       mean(k.LatencySum, k.LatencyRows),
		CacheHitRate:       rate(k.Cached, k.Total),
	}
	out.TotalGroups, out.TotalChannels, err = s.groupAndChannelCounts()
	return out, err
}

// GroupsStatus is the answer of get_groups_status.
type GroupsStatus struct {
	Active   int64 `json:"active"`
	Inactive int64 `json:"inactive"`
	Total    int64 `json:"total"`
}

func (s *Service) groupsStatus(context.Context, args) (any, error) {
	total, err := s.app.CountRecords(c.ProtectedGroups)
	if err != nil {
		return nil, err
	}
	active, err := s.app.CountRecords(c.ProtectedGroups, dbx.HashExp{c.FieldEnabled: true})
	return GroupsStatus{Active: active, Inactive: total - active, Total: total}, err
}

// BotHealth is the answer of get_bot_health.
type BotHealth struct {
	UptimePercent   Num `json:"uptime_percent"`
	CacheEfficiency Num `json:"cache_efficiency"`
	SuccessRate     Num `json:"success_rate"`
	AvgLatencyMS    Num `json:"avg_latency_ms"`
	ErrorRate       Num `json:"error_rate"`
	OverallScore    Num `json:"overall_score"`
}

// botHealth scores the last 7 days. Unlike the original, a component without data
// (no active bot, no verification, no latency) is left out of the overall score instead
// of counting as 0 or 100, so an empty system scores 0, not 40; and uptime is the share
// of active bots that are running with a fresh heartbeat, not a 0/100 flag. The score
// is what the bot controls: the success rate (restricted non-members count against it)
// is reported but not scored.
func (s *Service) botHealth(ctx context.Context, a args) (any, error) {
	hours, err := s.src.hours(ctx, a.now.Add(-week))
	if err != nil {
		return nil, err
	}
	k := sumCounts(hours, time.Time{})
	active, up, err := s.botsUp(ctx, a.now)
	if err != nil {
		return nil, err
	}
	out := BotHealth{
		UptimePercent:   rate(up, active),
		CacheEfficiency: rate(k.Cached, k.Total),
		SuccessRate:     rate(k.Verified, k.Total),
		AvgLatencyMS:    mean(k.LatencySum, k.LatencyRows),
		ErrorRate:       rate(k.Errors, k.Total),
	}
	var parts []Num
	if active > 0 {
		parts = append(parts, out.UptimePercent)
	}
	if k.Total > 0 {
		// Not the success rate: a restricted non-member is the bot doing its job.
		parts = append(parts, out.CacheEfficiency, 10000-out.ErrorRate)
	}
	if k.LatencyRows > 0 {
		parts = append(parts, latencyScore(k.LatencySum, k.LatencyRows))
	}
	var sum int64
	for _, p := range parts {
		sum += int64(p)
	}
	if len(parts) > 0 {
		out.OverallScore = Num((2*sum + int64(len(parts))) / (2 * int64(len(parts))))
	}
	return out, nil
}

// latencyScore maps a mean latency to 0–100 like the original: < 50 ms 100, < 100 ms 90,
// < 200 ms 75, < 500 ms 50, else 25.
func latencyScore(sum float64, n int64) Num {
	avg := sum / float64(n)
	switch {
	case avg < 50:
		return 10000
	case avg < 100:
		return 9000
	case avg < 200:
		return 7500
	case avg < 500:
		return 5000
	}
	return 2500
}

// botsUp counts active bots and those of them running with a fresh heartbeat.
func (s *Service) botsUp(ctx context.Context, now time.Time) (active, up int64, err error) {
	live := "b." + quote(c.FieldIsActive) + " = 1 AND b." + quote(c.FieldIsDeleted) + " = 0"
	if err = s.app.DB().NewQuery("SELECT count(*) FROM " + quote(c.BotInstances) + " b WHERE " + live).
		WithContext(ctx).Row(&active); err != nil {
		return 0, 0, err
	}
	err = s.app.DB().NewQuery("SELECT count(DISTINCT b.rowid) FROM " + quote(c.BotInstances) + " b JOIN " +
		quote(c.BotStatus) + " s ON s." + quote(c.FieldBotInstance) + " = b." + quote(c.FieldID) +
		" WHERE " + live + " AND s." + quote(c.FieldStatus) + " = {:running} AND s." +
		quote(c.FieldLastHeartbeat) + " >= {:fresh}").
		Bind(dbx.Params{"running": c.BotRunning, "fresh": dbTime(now.Add(-heartbeatFresh))}).
		WithContext(ctx).Row(&up)
	return active, up, err
}
