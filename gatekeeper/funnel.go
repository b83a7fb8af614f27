package gatekeeper

import (
	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper/groups"
	"github.com/nezuko/nezuko/logwriter"
)

// funnelStep records one step of the conversion funnel (gate_events, through the log
// writer): c.GateChecked when a join is decided, c.GateMuted or c.GateWarned when a
// user missing channels is muted or warned, c.GateUnmuted when the bot lifts its mute.
func (e *Engine) funnelStep(groupID, userID int64, kind string) {
	e.cfg.Logs.AddGateEvent(logwriter.GateEvent{BotID: e.cfg.BotID, GroupID: groupID, UserID: userID,
		Kind: kind, At: e.now()})
}

// blockKind is the funnel step of acting on a user missing channels under action.
func blockKind(action string) string {
	if action == groups.ActionMute {
		return c.GateMuted
	}
	return c.GateWarned
}
