package collections

import "github.com/pocketbase/pocketbase/core"

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
