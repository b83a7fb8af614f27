package collections

import (
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// BotOffsets is the internal, superuser-only collection in which each bot keeps the
// Telegram updates it handled lately, so a restart skips exactly those when Telegram
// sends them again (package gatekeeper).
const BotOffsets = "bot_offsets"

// FieldLastUpdateID is bot_offsets.last_update_id: the highest handled update_id of
// Telegram's current numbering.
const FieldLastUpdateID = "last_update_id"

// BotOffset is a typed view of a bot_offsets record.
type BotOffset struct{ core.BaseRecordProxy }

// NewBotOffset returns an unsaved bot_offsets record for the Telegram bot id.
func NewBotOffset(app core.App, botID int64) (*BotOffset, error) {
	o, err := newProxy(app, BotOffsets, &BotOffset{})
	if err == nil {
		o.Set(FieldBotID, botID)
	}
	return o, err
}

// BotID is the Telegram bot id the offset belongs to.
func (o *BotOffset) BotID() int64 { return o.GetInt64(FieldBotID) }

// LastUpdateID is the last update_id the bot handled (0 = none yet).
func (o *BotOffset) LastUpdateID() int64 { return o.GetInt64(FieldLastUpdateID) }

// SetLastUpdateID records the last handled update_id.
func (o *BotOffset) SetLastUpdateID(id int64) { o.Set(FieldLastUpdateID, id) }

// FieldHandledUpdates is bot_offsets.handled_updates: the update ids handled lately,
// as UpdateRange values (JSON).
const FieldHandledUpdates = "handled_updates"

// UpdateRange is a run of consecutive handled update ids, From..To inclusive, and when
// the last of them was handled (unix seconds).
type UpdateRange struct {
	From int64 `json:"from"`
	To   int64 `json:"to"`
	At   int64 `json:"at"`
}

// HandledUpdates are the update ids the bot handled lately (nil when none are stored).
func (o *BotOffset) HandledUpdates() ([]UpdateRange, error) {
	var out []UpdateRange
	if raw := o.GetString(FieldHandledUpdates); raw == "" || raw == "null" {
		return nil, nil
	}
	err := o.UnmarshalJSONField(FieldHandledUpdates, &out)
	return out, err
}

// SetHandledUpdates records the update ids the bot handled lately.
func (o *BotOffset) SetHandledUpdates(r []UpdateRange) {
	if r == nil {
		r = []UpdateRange{}
	}
	o.Set(FieldHandledUpdates, r)
}

// Updated is when the row was last written.
func (o *BotOffset) Updated() time.Time { return o.GetDateTime(FieldUpdated).Time() }

// FieldRecentJoins is bot_offsets.recent_joins: the joins the bot decided in the last
// minute, as RecentJoin values (JSON), written when it stops, so that the second of
// the two updates Telegram sends for one join makes no second decision after a restart.
const FieldRecentJoins = "recent_joins"

// RecentJoin is a join the bot decided: the group, the user and when (unix milliseconds).
type RecentJoin struct {
	Group int64 `json:"group"`
	User  int64 `json:"user"`
	At    int64 `json:"at"`
}

// RecentJoins are the joins the bot decided lately (nil when none are stored).
func (o *BotOffset) RecentJoins() ([]RecentJoin, error) {
	var out []RecentJoin
	if raw := o.GetString(FieldRecentJoins); raw == "" || raw == "null" {
		return nil, nil
	}
	err := o.UnmarshalJSONField(FieldRecentJoins, &out)
	return out, err
}

// SetRecentJoins records the joins the bot decided lately.
func (o *BotOffset) SetRecentJoins(j []RecentJoin) {
	if j == nil {
		j = []RecentJoin{}
	}
	o.Set(FieldRecentJoins, j)
}
