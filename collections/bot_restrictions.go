package collections

import (
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// BotRestrictions is the internal, superuser-only collection in which each bot records
// the restrictions it set itself (package gatekeeper): only these are ever lifted by
// the bot, and they survive restarts and users leaving the group.
const BotRestrictions = "bot_restrictions"

// bot_restrictions fields (bot_id, group_id and user_id are the shared names).
const (
	// FieldKind says why the bot restricted the user (RestrictionChannels, RestrictionCommand).
	FieldKind = "kind"
	// FieldCheckedAt is when the background re-check last looked at the restriction.
	FieldCheckedAt = "checked_at"
)

// Kinds of bot_restrictions rows.
const (
	// RestrictionChannels is a mute for missing channels: lifted once they are joined.
	RestrictionChannels = "channels"
	// RestrictionCommand is a mute_user command from the dashboard: lifted only by unmute_user.
	RestrictionCommand = "command"
)

// RestrictionKinds are the values of bot_restrictions.kind.
var RestrictionKinds = []string{RestrictionChannels, RestrictionCommand}

// BotRestriction is a typed view of a bot_restrictions record.
type BotRestriction struct{ core.BaseRecordProxy }

// NewBotRestriction returns an unsaved bot_restrictions record.
func NewBotRestriction(app core.App, botID, groupID, userID int64, kind string) (*BotRestriction, error) {
	r, err := newProxy(app, BotRestrictions, &BotRestriction{})
	if err == nil {
		r.Set(FieldBotID, botID)
		r.Set(FieldGroupID, groupID)
		r.Set(FieldUserID, userID)
		r.Set(FieldKind, kind)
	}
	return r, err
}

// BotID is the Telegram bot that set the restriction.
func (r *BotRestriction) BotID() int64 { return r.GetInt64(FieldBotID) }

// GroupID is the group the user is restricted in.
func (r *BotRestriction) GroupID() int64 { return r.GetInt64(FieldGroupID) }

// UserID is the restricted user.
func (r *BotRestriction) UserID() int64 { return r.GetInt64(FieldUserID) }

// Kind is RestrictionChannels or RestrictionCommand.
func (r *BotRestriction) Kind() string { return r.GetString(FieldKind) }

// SetKind changes why the restriction is held.
func (r *BotRestriction) SetKind(kind string) { r.Set(FieldKind, kind) }

// SetCheckedAt records a background re-check.
func (r *BotRestriction) SetCheckedAt(at time.Time) { r.Set(FieldCheckedAt, at.UTC()) }
