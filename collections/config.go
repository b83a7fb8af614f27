package collections

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// MaskedValue replaces a sensitive config value for readers who may not see it.
const MaskedValue = "***"

// ConfigEntry is a typed view of an admin_config record.
type ConfigEntry struct{ core.BaseRecordProxy }

// NewConfigEntry returns an unsaved admin_config record.
func NewConfigEntry(app core.App, key string, value any, description string) (*ConfigEntry, error) {
	c, err := newProxy(app, AdminConfig, &ConfigEntry{})
	if err == nil {
		c.Set(FieldKey, key)
		c.Set(FieldValue, value)
		c.Set(FieldDescription, description)
	}
	return c, err
}

// Key is the config key.
func (c *ConfigEntry) Key() string { return c.GetString(FieldKey) }

// RawValue is the JSON value.
func (c *ConfigEntry) RawValue() types.JSONRaw {
	v, _ := c.GetRaw(FieldValue).(types.JSONRaw)
	return v
}

// Decode unmarshals the JSON value into dst.
func (c *ConfigEntry) Decode(dst any) error { return c.UnmarshalJSONField(FieldValue, dst) }

// IsSensitive reports whether the value is masked for non-owners.
func (c *ConfigEntry) IsSensitive() bool { return c.GetBool(FieldIsSensitive) }

// Mask hides the value (for readers who are not owners).
func (c *ConfigEntry) Mask() { c.Set(FieldValue, MaskedValue) }

// SetUpdatedBy records the admin user who last changed the entry ("" for superusers or the server).
func (c *ConfigEntry) SetUpdatedBy(adminID string) { c.Set(FieldUpdatedBy, adminID) }
