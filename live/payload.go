package live

import (
	"encoding/json"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/logwriter"
)

// timeLayout is RFC 3339 in UTC with milliseconds, the precision PocketBase stores.
const timeLayout = "2006-01-02T15:04:05.000Z"

// job is what one publication carries: log rows (turned into JSON by the dispatcher,
// off the writer's goroutine) and ready record events.
type job struct {
	verifications []logwriter.Verification
	logs          []logwriter.AdminLog
	records       []recordEvent
}

// recordEvent is one event built from a PocketBase record.
type recordEvent struct {
	topic string
	data  map[string]any
}

func (j *job) len() int { return len(j.verifications) + len(j.logs) + len(j.records) }

func (j *job) merge(o *job) {
	j.verifications = append(j.verifications, o.verifications...)
	j.logs = append(j.logs, o.logs...)
	j.records = append(j.records, o.records...)
}

// streamedLevel reports whether admin_logs rows of level are sent on TopicLog.
func streamedLevel(level string) bool {
	return level == c.LevelInfo || level == c.LevelWarning || level == c.LevelError
}

func stamp(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(timeLayout)
}

func stampDate(d types.DateTime) any {
	if d.IsZero() {
		return nil
	}
	return stamp(d.Time())
}

func verificationData(v *logwriter.Verification) ([]byte, error) {
	return json.Marshal(map[string]any{
		c.FieldID: v.ID, c.FieldUserID: v.UserID, c.FieldGroupID: v.GroupID, c.FieldChannelID: v.ChannelID,
		c.FieldStatus: v.Status, c.FieldCached: v.Cached, c.FieldLatencyMS: v.LatencyMS,
		c.FieldTimestamp: stamp(v.At),
	})
}

func logData(l *logwriter.AdminLog) ([]byte, error) {
	return json.Marshal(map[string]any{
		c.FieldID: l.ID, c.FieldTimestamp: stamp(l.At), c.FieldLevel: l.Level, c.FieldLogger: l.Logger,
		c.FieldMessage: l.Message, c.FieldModule: l.Module, c.FieldFunction: l.Function,
		c.FieldLineNo: l.LineNo, c.FieldPath: l.Path,
	})
}

// botStatusData is the TopicBotStatus event of a bot_status record.
func botStatusData(r *core.Record) map[string]any {
	s := c.Wrap(&c.BotStatusRow{}, r)
	return map[string]any{
		c.FieldID: r.Id, c.FieldBotInstance: s.BotInstanceRef(), c.FieldStatus: s.Status(),
		c.FieldUptimeSeconds: s.UptimeSeconds(), c.FieldLastHeartbeat: stampDate(s.LastHeartbeat()),
	}
}

// commandData is the TopicCommand event of an admin_commands record.
func commandData(r *core.Record) map[string]any {
	var result any
	if raw, ok := r.GetRaw(c.FieldResult).(types.JSONRaw); ok && len(raw) > 0 {
		result = json.RawMessage(raw)
	}
	var errMsg any
	if m := r.GetString(c.FieldErrorMessage); m != "" {
		errMsg = m
	}
	return map[string]any{
		c.FieldID: r.Id, c.FieldCommandType: r.GetString(c.FieldCommandType), c.FieldStatus: r.GetString(c.FieldStatus),
		c.FieldResult: result, c.FieldErrorMessage: errMsg, c.FieldExecutedAt: stampDate(r.GetDateTime(c.FieldExecutedAt)),
	}
}
