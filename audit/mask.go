package audit

import (
	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
)

// secretFields are masked in every snapshot, whatever the collection.
var secretFields = []string{c.FieldTokenEncrypted, c.FieldPassword, core.FieldNameTokenKey}

// Snapshot returns r's field values for an audit row, with secrets replaced by
// collections.MaskedValue: bot tokens, passwords, auth token keys and the value of a
// sensitive admin_config entry. A nil record gives nil.
func Snapshot(r *core.Record) map[string]any {
	if r == nil {
		return nil
	}
	data := r.FieldsData()
	for _, f := range secretFields {
		if _, ok := data[f]; ok {
			data[f] = c.MaskedValue
		}
	}
	if r.Collection().Name == c.AdminConfig && (r.GetBool(c.FieldIsSensitive) || originalSensitive(r)) {
		data[c.FieldValue] = c.MaskedValue
	}
	return data
}

// originalSensitive reports whether r was sensitive before the current change, so
// turning the flag off in the same request does not reveal the old value.
func originalSensitive(r *core.Record) bool {
	if r.IsNew() {
		return false
	}
	return r.Original().GetBool(c.FieldIsSensitive)
}
