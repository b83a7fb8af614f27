package gatekeeper

import (
	"slices"
	"time"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper/i18n"
)

// Actions a Policy can take against a member who is missing a channel.
const (
	ActionMute   = "mute"   // restrict every send permission, warn (the default)
	ActionKick   = "kick"   // remove from the group (they may join again), warn
	ActionDelete = "delete" // delete their messages only, warn
)

// Modes and on_error values of a group's params.
const (
	ModeEnforce     = "enforce"  // act on decisions (the default)
	ModeObserve     = "observe"  // log decisions, act on none
	OnErrorRestrict = "restrict" // a failed lookup counts as "not a member" (the default)
	OnErrorAllow    = "allow"    // a failed lookup lets the user through
)

// ttlDefault marks a Policy whose warnings live as long as admin_config says.
const ttlDefault = -1

// Policy is how one group is enforced, derived from protected_groups.params.
type Policy struct {
	Action       string        // ActionMute, ActionKick or ActionDelete
	Observe      bool          // log decisions but restrict, warn and delete nothing
	AllowOnError bool          // a failed lookup lets the user through (default: restrict)
	WarningText  string        // custom warning with {user} {channels} {group}; "" = default
	Language     string        // a catalog language; "en" unless set
	Exempt       []int64       // user ids never checked
	WarningTTL   time.Duration // how long warnings and replies stay; 0 = forever, ttlDefault = admin_config
	JoinRequests bool          // gate chat_join_requests
}

// PolicyFrom derives a Policy from a group's params, with the defaults mute,
// enforce, restrict, en for absent or unknown values.
func PolicyFrom(p c.GroupParams) Policy {
	pol := Policy{Action: ActionMute, Language: "en", WarningText: p.WarningText, Exempt: p.ExemptUserIDs,
		WarningTTL: ttlDefault, JoinRequests: p.JoinRequests}
	switch p.Action {
	case ActionKick, ActionDelete:
		pol.Action = p.Action
	}
	pol.Observe = p.Mode == ModeObserve
	pol.AllowOnError = p.OnError == OnErrorAllow
	if i18n.Supported(p.Language) {
		pol.Language = p.Language
	}
	if p.WarningTTLSeconds != nil && *p.WarningTTLSeconds >= 0 {
		pol.WarningTTL = time.Duration(*p.WarningTTLSeconds) * time.Second
	}
	return pol
}

// exempt reports whether the user is on the group's exempt list.
func (p Policy) exempt(userID int64) bool { return slices.Contains(p.Exempt, userID) }

// ttl is how long the group's warnings and command replies stay (0: forever).
func (e *Engine) ttl(p Policy) time.Duration {
	if p.WarningTTL == ttlDefault {
		return e.settings.Get().WarningTTL
	}
	return p.WarningTTL
}
