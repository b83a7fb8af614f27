package groups

import "github.com/nezuko/nezuko/gatekeeper/store"

// Group is a protected group as the engine needs it.
type Group struct {
	RecordID string // the protected_groups record
	ID       int64  // the group's chat id
	Title    string
	Enabled  bool            // protection is on
	Mine     bool            // served by this bot
	Policy   Policy          // from the group's params
	Channels []store.Channel // the channels members must join
}

// Enforced reports whether this bot enforces the group now. A basic group never is:
// Telegram restricts nobody there, so deleting and warning alone would make members'
// messages vanish with no way to write (health names the missing supergroup).
func (g *Group) Enforced() bool {
	return g != nil && g.Mine && g.Enabled && len(g.Channels) > 0 && !BasicID(g.ID)
}

// ChannelIDs are the ids of the group's channels, in their order.
func (g *Group) ChannelIDs() []int64 { return ChannelIDs(g.Channels) }

// ChannelIDs are the ids of the channels, in their order.
func ChannelIDs(chs []store.Channel) []int64 {
	ids := make([]int64, len(chs))
	for i, ch := range chs {
		ids[i] = ch.ID
	}
	return ids
}

// Linked reports whether chatID is one of the group's channels.
func (g *Group) Linked(chatID int64) bool {
	for _, ch := range g.Channels {
		if ch.ID == chatID {
			return true
		}
	}
	return false
}

// BasicID reports whether a chat id is a basic group's: Bot API dialog ids of basic
// groups run from -999999999999 to -1, supergroups and channels start at
// -1000000000001 (core.telegram.org/api/bots/ids).
func BasicID(id int64) bool { return id < 0 && id > -1000000000000 }

// from is a stored group as the engine needs it.
func from(g *store.Group) *Group {
	return &Group{RecordID: g.RecordID, ID: g.ID, Title: g.Title, Enabled: g.Enabled, Mine: g.Mine,
		Policy: PolicyFrom(g.Params), Channels: g.Channels}
}
