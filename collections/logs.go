package collections

import (
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// VerificationEntry is a typed view of a verification_log record: one (user, channel) check.
type VerificationEntry struct{ core.BaseRecordProxy }

// NewVerificationEntry returns an unsaved verification_log record.
func NewVerificationEntry(app core.App) (*VerificationEntry, error) {
	return newProxy(app, VerificationLog, &VerificationEntry{})
}

// Fill sets every field of the row.
func (v *VerificationEntry) Fill(userID, groupID, channelID, botID int64, status string,
	latencyMS float64, cached bool, errorType string, at time.Time) {
	v.Set(FieldUserID, userID)
	v.Set(FieldGroupID, groupID)
	v.Set(FieldChannelID, channelID)
	v.Set(FieldBotInstance, botID)
	v.Set(FieldStatus, status)
	v.Set(FieldLatencyMS, latencyMS)
	v.Set(FieldCached, cached)
	v.Set(FieldErrorType, errorType)
	v.Set(FieldTimestamp, at.UTC())
}

// Status is verified, restricted or error.
func (v *VerificationEntry) Status() string { return v.GetString(FieldStatus) }

// APICallEntry is a typed view of an api_call_log record: one Bot API call.
type APICallEntry struct{ core.BaseRecordProxy }

// NewAPICallEntry returns an unsaved api_call_log record.
func NewAPICallEntry(app core.App) (*APICallEntry, error) {
	return newProxy(app, APICallLog, &APICallEntry{})
}

// Fill sets every field of the row.
func (a *APICallEntry) Fill(method string, chatID, userID, botID int64, success bool,
	latencyMS float64, errorType string, at time.Time) {
	a.Set(FieldMethod, method)
	a.Set(FieldChatID, chatID)
	a.Set(FieldUserID, userID)
	a.Set(FieldBotInstance, botID)
	a.Set(FieldSuccess, success)
	a.Set(FieldLatencyMS, latencyMS)
	a.Set(FieldErrorType, errorType)
	a.Set(FieldTimestamp, at.UTC())
}

// AdminLogEntry is a typed view of an admin_logs record: one application log line.
type AdminLogEntry struct{ core.BaseRecordProxy }

// NewAdminLogEntry returns an unsaved admin_logs record.
func NewAdminLogEntry(app core.App) (*AdminLogEntry, error) {
	return newProxy(app, AdminLogs, &AdminLogEntry{})
}

// Fill sets every field of the row.
func (l *AdminLogEntry) Fill(level, logger, message, module, function string, lineNo int,
	path string, at time.Time) {
	l.Set(FieldLevel, level)
	l.Set(FieldLogger, logger)
	l.Set(FieldMessage, message)
	l.Set(FieldModule, module)
	l.Set(FieldFunction, function)
	l.Set(FieldLineNo, lineNo)
	l.Set(FieldPath, path)
	l.Set(FieldTimestamp, at.UTC())
}

// Level is the row's level name (DEBUG … CRITICAL).
func (l *AdminLogEntry) Level() string { return l.GetString(FieldLevel) }

// Message is the log message.
func (l *AdminLogEntry) Message() string { return l.GetString(FieldMessage) }

// AuditEntry is a typed view of an admin_audit_log record.
type AuditEntry struct{ core.BaseRecordProxy }

// NewAuditEntry returns an unsaved admin_audit_log record.
func NewAuditEntry(app core.App) (*AuditEntry, error) {
	return newProxy(app, AdminAuditLog, &AuditEntry{})
}

// SetActor records who acted: the admin_users record id ("" for superusers or the
// server) and a readable name (an email, or ActorSystem).
func (a *AuditEntry) SetActor(userRef, actor string) {
	a.Set(FieldUser, userRef)
	a.Set(FieldActor, actor)
}

// SetChange records what changed.
func (a *AuditEntry) SetChange(action, resourceType, resourceID string, oldValue, newValue any) {
	a.Set(FieldAction, action)
	a.Set(FieldResourceType, resourceType)
	a.Set(FieldResourceID, resourceID)
	a.Set(FieldOldValue, oldValue)
	a.Set(FieldNewValue, newValue)
}

// SetClient records where the request came from.
func (a *AuditEntry) SetClient(ip, userAgent string) {
	a.Set(FieldIPAddress, ip)
	a.Set(FieldUserAgent, userAgent)
}
