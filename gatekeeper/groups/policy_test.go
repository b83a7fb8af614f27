package groups_test

import (
	"slices"
	"testing"
	"time"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper/groups"
	"github.com/nezuko/nezuko/gatekeeper/i18n"
	"github.com/nezuko/nezuko/gatekeeper/store"
)

// The engine's actions, modes, on_error values and message catalogs are exactly the
// values collections.ParamRules allows (REST, /settings and the dashboard), defaults first.
func TestParamValuesMatchTheEngine(t *testing.T) {
	for name, pair := range map[string][2][]string{
		"action":   {c.ParamActions, {groups.ActionMute, groups.ActionKick, groups.ActionDelete}},
		"mode":     {c.ParamModes, {groups.ModeEnforce, groups.ModeObserve}},
		"on_error": {c.ParamOnErrors, {groups.OnErrorRestrict, groups.OnErrorAllow}},
		"language": {c.ParamLanguages, i18n.Languages()},
	} {
		if !slices.Equal(pair[0], pair[1]) {
			t.Errorf("%s: collections allow %v, the engine knows %v", name, pair[0], pair[1])
		}
	}
	def := groups.PolicyFrom(c.GroupParams{})
	if def.Action != c.ParamActions[0] || def.Language != c.ParamLanguages[0] || def.Observe || def.AllowOnError {
		t.Errorf("defaults %+v differ from the first allowed values", def)
	}
}

func TestPolicyFromDefaultsAndValues(t *testing.T) {
	def := groups.PolicyFrom(c.GroupParams{Action: "ban", Mode: "loud", OnError: "ignore", Language: "xx"})
	want := groups.Policy{Action: groups.ActionMute, Language: "en", WarningTTL: groups.ConfigTTL}
	if def.Action != want.Action || def.Observe || def.AllowOnError || def.Language != want.Language ||
		def.WarningTTL != want.WarningTTL || def.JoinRequests || def.WarningText != "" || def.Exempt != nil {
		t.Fatalf("PolicyFrom(unknown values) = %+v, want the defaults %+v", def, want)
	}
	zero, minus := 0, -5
	if p := groups.PolicyFrom(c.GroupParams{WarningTTLSeconds: &zero}); p.WarningTTL != 0 {
		t.Fatalf("warning_ttl_seconds 0 = %v, want 0 (forever)", p.WarningTTL)
	}
	if p := groups.PolicyFrom(c.GroupParams{WarningTTLSeconds: &minus}); p.WarningTTL != groups.ConfigTTL {
		t.Fatalf("warning_ttl_seconds -5 = %v, want ConfigTTL", p.WarningTTL)
	}
	ttl := 90
	p := groups.PolicyFrom(c.GroupParams{Action: groups.ActionDelete, Mode: groups.ModeObserve, OnError: groups.OnErrorAllow,
		Language: "de", WarningText: "{user}!", WarningTTLSeconds: &ttl, ExemptUserIDs: []int64{7}, JoinRequests: true})
	if p.Action != groups.ActionDelete || !p.Observe || !p.AllowOnError || p.Language != "de" || p.WarningText != "{user}!" ||
		p.WarningTTL != 90*time.Second || !p.JoinRequests {
		t.Fatalf("PolicyFrom(every value set) = %+v", p)
	}
	if !p.IsExempt(7) || p.IsExempt(8) {
		t.Fatalf("IsExempt(7), IsExempt(8) = %v, %v; want true, false", p.IsExempt(7), p.IsExempt(8))
	}
}

func TestGroupEnforcedAndLinked(t *testing.T) {
	chans := []store.Channel{{ID: -1002000000001}}
	super := &groups.Group{ID: -1001000000001, Enabled: true, Mine: true, Channels: chans}
	if !super.Enforced() || !super.Linked(-1002000000001) || super.Linked(-1002000000002) {
		t.Fatalf("supergroup: Enforced %v, Linked %v/%v", super.Enforced(), super.Linked(-1002000000001), super.Linked(-1002000000002))
	}
	for name, g := range map[string]*groups.Group{
		"nil":         nil,
		"basic":       {ID: -4001, Enabled: true, Mine: true, Channels: chans},
		"disabled":    {ID: -1001000000001, Mine: true, Channels: chans},
		"not mine":    {ID: -1001000000001, Enabled: true, Channels: chans},
		"no channels": {ID: -1001000000001, Enabled: true, Mine: true},
	} {
		if g.Enforced() {
			t.Errorf("%s group enforced", name)
		}
	}
	for id, basic := range map[int64]bool{-1: true, -999999999999: true, -1000000000001: false, -1001000000001: false, 5: false} {
		if groups.BasicID(id) != basic {
			t.Errorf("BasicID(%d) = %v", id, !basic)
		}
	}
}
