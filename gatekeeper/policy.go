package gatekeeper

import (
	"slices"

	c "github.com/nezuko/nezuko/collections"
)

// Actions a Policy can take against a member who is missing a channel.
const (
	ActionMute   = "mute"   // restrict every send permission, warn (the default)
	ActionKick   = "kick"   // remove from the group (they may join again), warn
	ActionDelete = "delete" // delete their messages only, warn
)

// Policy is how one group is enforced, derived from protected_groups.params.
type Policy struct {
	Action       string  // ActionMute, ActionKick or ActionDelete
	Observe      bool    // log decisions but restrict, warn and delete nothing
	AllowOnError bool    // a failed lookup lets the user through (default: restrict)
	WarningText  string  // custom warning with {user} {channels} {group}; "" = default
	Language     string  // "en" unless set
	Exempt       []int64 // user ids never checked
}

// PolicyFrom derives a Policy from a group's params, with the defaults mute,
// enforce, restrict for absent or unknown values.
func PolicyFrom(p c.GroupParams) Policy {
	pol := Policy{Action: ActionMute, Language: "en", WarningText: p.WarningText, Exempt: p.ExemptUserIDs}
	switch p.Action {
	case ActionKick, ActionDelete:
		pol.Action = p.Action
	}
	pol.Observe = p.Mode == "observe"
	pol.AllowOnError = p.OnError == "allow"
	if p.Language != "" {
		pol.Language = p.Language
	}
	return pol
}

// exempt reports whether the user is on the group's exempt list.
func (p Policy) exempt(userID int64) bool { return slices.Contains(p.Exempt, userID) }
