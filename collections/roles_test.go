package collections_test

import (
	"testing"

	c "github.com/nezuko/nezuko/collections"
)

// TestRoleLevels: every role name maps to its level and back, the levels are ordered
// owner > admin > viewer, and an unknown role ranks as a viewer.
func TestRoleLevels(t *testing.T) {
	for i, role := range c.Roles { // most powerful first
		l := c.LevelOf(role)
		if l.Role() != role || l.String() != role {
			t.Errorf("LevelOf(%q) = %v, round trip %q", role, l, l.Role())
		}
		for _, lower := range c.Roles[i:] {
			if !l.AtLeast(c.LevelOf(lower)) {
				t.Errorf("%s is not at least %s", role, lower)
			}
		}
		for _, higher := range c.Roles[:i] {
			if l.AtLeast(c.LevelOf(higher)) {
				t.Errorf("%s is at least %s", role, higher)
			}
		}
	}
	if l := c.LevelOf("root"); l != c.ViewerLevel {
		t.Errorf("unknown role ranks %v, want viewer", l)
	}
}
