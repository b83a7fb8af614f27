package collections

import (
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// ChannelJoins is the internal, superuser-only collection of channel joins the bots
// saw (package gatekeeper): one row per user joining (or asking to join) a required
// channel, attributed to the group whose invite link brought them, for the conversion
// funnel (package analytics). Rows are appended, never edited.
const ChannelJoins = "channel_joins"

// channel_joins fields (bot_id, channel_id, user_id, group_id, invite_link — the link
// the user came by as Telegram reported it, "" = none — and timestamp are the shared
// names).
const (
	// FieldVia is how the user came in: JoinViaMember or JoinViaRequest.
	FieldVia = "via"
)

// Values of channel_joins.via.
const (
	// JoinViaMember: the user became a member of the channel.
	JoinViaMember = "member"
	// JoinViaRequest: the user sent a join request to the channel (pending approval).
	JoinViaRequest = "request"
)

// JoinVias are the values of channel_joins.via.
var JoinVias = []string{JoinViaMember, JoinViaRequest}

// NoGroup is channel_joins.group_id of a join that no group's invite link brought ("other").
const NoGroup int64 = 0

// ChannelJoin is a typed view of a channel_joins record.
type ChannelJoin struct{ core.BaseRecordProxy }

// NewChannelJoin returns an unsaved channel_joins record; groupID NoGroup = "other".
func NewChannelJoin(app core.App, botID, channelID, userID, groupID int64, via, link string, at time.Time) (*ChannelJoin, error) {
	j, err := newProxy(app, ChannelJoins, &ChannelJoin{})
	if err == nil {
		j.Set(FieldBotID, botID)
		j.Set(FieldChannelID, channelID)
		j.Set(FieldUserID, userID)
		j.Set(FieldGroupID, groupID)
		j.Set(FieldVia, via)
		j.Set(FieldInviteLink, link)
		j.Set(FieldTimestamp, at.UTC())
	}
	return j, err
}

// BotID is the Telegram bot that saw the join.
func (j *ChannelJoin) BotID() int64 { return j.GetInt64(FieldBotID) }

// ChannelID is the channel joined.
func (j *ChannelJoin) ChannelID() int64 { return j.GetInt64(FieldChannelID) }

// UserID is the user who joined.
func (j *ChannelJoin) UserID() int64 { return j.GetInt64(FieldUserID) }

// GroupID is the group whose invite link brought the user (NoGroup = other).
func (j *ChannelJoin) GroupID() int64 { return j.GetInt64(FieldGroupID) }

// Via is JoinViaMember or JoinViaRequest.
func (j *ChannelJoin) Via() string { return j.GetString(FieldVia) }

// InviteLink is the invite link used ("" = none reported).
func (j *ChannelJoin) InviteLink() string { return j.GetString(FieldInviteLink) }

// Timestamp is when the join was seen.
func (j *ChannelJoin) Timestamp() time.Time { return j.GetDateTime(FieldTimestamp).Time() }
