package collections

import (
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// BotStatusRow is a typed view of a bot_status record (one per bot).
type BotStatusRow struct{ core.BaseRecordProxy }

// NewBotStatusRow returns an unsaved bot_status record for the bot_instances record id.
func NewBotStatusRow(app core.App, botRef string) (*BotStatusRow, error) {
	s, err := newProxy(app, BotStatus, &BotStatusRow{})
	if err == nil {
		s.Set(FieldBotInstance, botRef)
	}
	return s, err
}

// BotInstanceRef is the bot_instances record id.
func (s *BotStatusRow) BotInstanceRef() string { return s.GetString(FieldBotInstance) }

// Status is starting, running, stopped or error.
func (s *BotStatusRow) Status() string { return s.GetString(FieldStatus) }

// SetStatus sets the status.
func (s *BotStatusRow) SetStatus(v string) { s.Set(FieldStatus, v) }

// LastHeartbeat is when the bot last reported.
func (s *BotStatusRow) LastHeartbeat() types.DateTime { return s.GetDateTime(FieldLastHeartbeat) }

// SetHeartbeat records a heartbeat at now with the uptime since startedAt.
func (s *BotStatusRow) SetHeartbeat(now, startedAt time.Time) {
	s.Set(FieldLastHeartbeat, now.UTC())
	s.Set(FieldStartedAt, startedAt.UTC())
	up := int64(0)
	if !startedAt.IsZero() && now.After(startedAt) {
		up = int64(now.Sub(startedAt).Seconds())
	}
	s.Set(FieldUptimeSeconds, up)
}

// UptimeSeconds is the bot's uptime at the last heartbeat.
func (s *BotStatusRow) UptimeSeconds() int64 { return s.GetInt64(FieldUptimeSeconds) }

// SetMetadata stores free-form status details (mode, version, last error, …).
func (s *BotStatusRow) SetMetadata(v any) { s.Set(FieldMetadata, v) }
