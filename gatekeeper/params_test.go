package gatekeeper

import (
	"slices"
	"testing"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper/i18n"
)

// The engine's actions, modes, on_error values and message catalogs are exactly the
// values collections.ParamRules allows (REST, /settings and the dashboard), defaults first.
func TestParamValuesMatchTheEngine(t *testing.T) {
	for name, pair := range map[string][2][]string{
		"action":   {c.ParamActions, {ActionMute, ActionKick, ActionDelete}},
		"mode":     {c.ParamModes, {ModeEnforce, ModeObserve}},
		"on_error": {c.ParamOnErrors, {OnErrorRestrict, OnErrorAllow}},
		"language": {c.ParamLanguages, i18n.Languages()},
	} {
		if !slices.Equal(pair[0], pair[1]) {
			t.Errorf("%s: collections allow %v, the engine knows %v", name, pair[0], pair[1])
		}
	}
	def := PolicyFrom(c.GroupParams{})
	if def.Action != c.ParamActions[0] || def.Language != c.ParamLanguages[0] || def.Observe || def.AllowOnError {
		t.Errorf("defaults %+v differ from the first allowed values", def)
	}
}
