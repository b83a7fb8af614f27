package collections

import (
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// FieldCountJoinRequests is enforced_channels.count_join_requests: when true, a
// pending join request to the channel counts as membership (off by default).
const FieldCountJoinRequests = "count_join_requests"

// VerifiedPendingRequest is verification_log.error_type of a verified row whose user
// is not a member of the channel yet but has a pending join request that counts
// (count_join_requests); a verified row with error_type "" is a member.
const VerifiedPendingRequest = "pending_request"

// CountJoinRequests reports whether a pending join request counts as membership.
func (c *EnforcedChannel) CountJoinRequests() bool { return c.GetBool(FieldCountJoinRequests) }

// SetCountJoinRequests switches counting pending join requests as membership.
func (c *EnforcedChannel) SetCountJoinRequests(on bool) { c.Set(FieldCountJoinRequests, on) }

// BotInviteLinks is the internal, superuser-only collection of the invite links each
// bot created for a (group, channel) pair (package gatekeeper): the group's warnings
// lead to the channel through it, so a join through it is the group's.
const BotInviteLinks = "bot_invite_links"

// FieldCreatesJoinRequest is bot_invite_links.creates_join_request: the link asks
// the channel's admins for approval (a join request) instead of joining at once.
const FieldCreatesJoinRequest = "creates_join_request"

// FieldRevokedAt is bot_invite_links.revoked_at: when the link was replaced by a new
// one ("" = the pair's current link). Replaced links are kept, so a join that comes by
// one later (a join request approved after the replacement) is still the group's.
const FieldRevokedAt = "revoked_at"

// BotInviteLink is a typed view of a bot_invite_links record.
type BotInviteLink struct{ core.BaseRecordProxy }

// NewBotInviteLink returns an unsaved bot_invite_links record.
func NewBotInviteLink(app core.App, botID, groupID, channelID int64, link string, requests bool) (*BotInviteLink, error) {
	l, err := newProxy(app, BotInviteLinks, &BotInviteLink{})
	if err == nil {
		l.Set(FieldBotID, botID)
		l.Set(FieldGroupID, groupID)
		l.Set(FieldChannelID, channelID)
		l.SetLink(link, requests)
	}
	return l, err
}

// GroupID is the group whose warnings use the link.
func (l *BotInviteLink) GroupID() int64 { return l.GetInt64(FieldGroupID) }

// ChannelID is the channel the link leads into.
func (l *BotInviteLink) ChannelID() int64 { return l.GetInt64(FieldChannelID) }

// InviteLink is the link's URL.
func (l *BotInviteLink) InviteLink() string { return l.GetString(FieldInviteLink) }

// CreatesJoinRequest reports whether the link makes a join request.
func (l *BotInviteLink) CreatesJoinRequest() bool { return l.GetBool(FieldCreatesJoinRequest) }

// RevokedAt is when the link was replaced (zero: it is the pair's current link).
func (l *BotInviteLink) RevokedAt() time.Time { return l.GetDateTime(FieldRevokedAt).Time() }

// SetRevoked marks the link replaced at at.
func (l *BotInviteLink) SetRevoked(at time.Time) { l.Set(FieldRevokedAt, at.UTC()) }

// SetLink sets the link's URL and kind.
func (l *BotInviteLink) SetLink(link string, requests bool) {
	l.Set(FieldInviteLink, link)
	l.Set(FieldCreatesJoinRequest, requests)
}

// BotJoinRequests is the internal, superuser-only collection of the pending join
// requests to required channels that a bot saw (package gatekeeper): with the
// channel's count_join_requests on, each counts as membership until the user joins,
// leaves, or the request is found gone.
const BotJoinRequests = "bot_join_requests"

// BotJoinRequest is a typed view of a bot_join_requests record.
type BotJoinRequest struct{ core.BaseRecordProxy }

// NewBotJoinRequest returns an unsaved bot_join_requests record.
func NewBotJoinRequest(app core.App, botID, channelID, userID int64, link string, at time.Time) (*BotJoinRequest, error) {
	r, err := newProxy(app, BotJoinRequests, &BotJoinRequest{})
	if err == nil {
		r.Set(FieldBotID, botID)
		r.Set(FieldChannelID, channelID)
		r.Set(FieldUserID, userID)
		r.Set(FieldInviteLink, link)
		r.Set(FieldTimestamp, at.UTC())
	}
	return r, err
}

// ChannelID is the channel asked to join.
func (r *BotJoinRequest) ChannelID() int64 { return r.GetInt64(FieldChannelID) }

// UserID is the user who asked.
func (r *BotJoinRequest) UserID() int64 { return r.GetInt64(FieldUserID) }

// Timestamp is when the request was seen.
func (r *BotJoinRequest) Timestamp() time.Time { return r.GetDateTime(FieldTimestamp).Time() }
