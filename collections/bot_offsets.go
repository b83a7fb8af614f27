package collections

import "github.com/pocketbase/pocketbase/core"

// BotOffsets is the internal, superuser-only collection in which each bot keeps the
// last Telegram update it handled, so a restart resumes after it (package gatekeeper).
const BotOffsets = "bot_offsets"

// FieldLastUpdateID is bot_offsets.last_update_id: the last handled update_id.
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
