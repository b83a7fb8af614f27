package logwriter

import "time"

// Verification is one (user, channel) membership check: one verification_log row.
type Verification struct {
	ID        string // set by the writer
	UserID    int64
	GroupID   int64
	ChannelID int64
	BotID     int64  // Telegram bot id (verification_log.bot_instance is a number)
	Status    string // collections.Verified, Restricted or VerifyErr
	LatencyMS float64
	Cached    bool
	ErrorType string
	At        time.Time
}

// APICall is one Bot API call: one api_call_log row.
type APICall struct {
	ID        string // set by the writer
	Method    string
	ChatID    int64
	UserID    int64
	BotID     int64
	Success   bool
	LatencyMS float64
	ErrorType string
	At        time.Time
}

// AdminLog is one application log line: one admin_logs row.
type AdminLog struct {
	ID       string // set by the writer
	Level    string // collections.LevelInfo, …
	Logger   string
	Message  string
	Module   string
	Function string
	LineNo   int
	Path     string
	At       time.Time
}

// GateEvent is one step of the engine's conversion funnel: one gate_events row.
type GateEvent struct {
	ID      string // set by the writer
	BotID   int64
	GroupID int64
	UserID  int64
	Kind    string // collections.GateChecked, GateMuted, GateWarned or GateUnmuted
	At      time.Time
}

// Batch is the rows of one committed transaction, handed to observers after commit.
type Batch struct {
	Verifications []Verification
	APICalls      []APICall
	AdminLogs     []AdminLog
	GateEvents    []GateEvent
}

// Len is the number of rows in the batch.
func (b *Batch) Len() int {
	return len(b.Verifications) + len(b.APICalls) + len(b.AdminLogs) + len(b.GateEvents)
}

func (b *Batch) reset() {
	b.Verifications = b.Verifications[:0]
	b.APICalls = b.APICalls[:0]
	b.AdminLogs = b.AdminLogs[:0]
	b.GateEvents = b.GateEvents[:0]
}
