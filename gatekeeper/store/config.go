package store

import (
	c "github.com/nezuko/nezuko/collections"
)

// ConfigNumber decodes one admin_config value into dst; found is false when the key
// is absent, err set when its value is not a number.
func (s *Store) ConfigNumber(key string, dst *float64) (found bool, err error) {
	rec, err := s.app.FindFirstRecordByData(c.AdminConfig, c.FieldKey, key)
	if err != nil {
		return false, nil
	}
	if err := c.Wrap(&c.ConfigEntry{}, rec).Decode(dst); err != nil {
		return true, err
	}
	return true, nil
}
