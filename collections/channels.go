package collections

import (
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// EnforcedChannel is a typed view of an enforced_channels record.
type EnforcedChannel struct{ core.BaseRecordProxy }

// NewEnforcedChannel returns an unsaved enforced_channels record.
func NewEnforcedChannel(app core.App) (*EnforcedChannel, error) {
	return newProxy(app, EnforcedChannels, &EnforcedChannel{})
}

// ChannelID is the Telegram chat id of the channel.
func (c *EnforcedChannel) ChannelID() int64 { return c.GetInt64(FieldChannelID) }

// SetChannelID sets the Telegram chat id of the channel.
func (c *EnforcedChannel) SetChannelID(id int64) { c.Set(FieldChannelID, id) }

// Title is the channel's title.
func (c *EnforcedChannel) Title() string { return c.GetString(FieldTitle) }

// SetTitle sets the channel's title.
func (c *EnforcedChannel) SetTitle(v string) { c.Set(FieldTitle, v) }

// Username is the channel's public username, without "@" ("" if private).
func (c *EnforcedChannel) Username() string { return c.GetString(FieldUsername) }

// SetUsername sets the channel's public username.
func (c *EnforcedChannel) SetUsername(v string) { c.Set(FieldUsername, v) }

// InviteLink is the channel's invite link ("" if none is known).
func (c *EnforcedChannel) InviteLink() string { return c.GetString(FieldInviteLink) }

// SetInviteLink sets the channel's invite link.
func (c *EnforcedChannel) SetInviteLink(v string) { c.Set(FieldInviteLink, v) }

// SubscriberCount is the last synced subscriber count.
func (c *EnforcedChannel) SubscriberCount() int { return c.GetInt(FieldSubscriberCount) }

// SetSubscriberCount sets the subscriber count and the sync time.
func (c *EnforcedChannel) SetSubscriberCount(n int, at time.Time) {
	c.Set(FieldSubscriberCount, n)
	c.Set(FieldLastSyncAt, at.UTC())
}

// GroupChannelLink is a typed view of a group_channel_links record.
type GroupChannelLink struct{ core.BaseRecordProxy }

// NewGroupChannelLink returns an unsaved link between a group and a channel record.
func NewGroupChannelLink(app core.App, groupRef, channelRef string) (*GroupChannelLink, error) {
	l, err := newProxy(app, GroupChannelLinks, &GroupChannelLink{})
	if err == nil {
		l.Set(FieldGroup, groupRef)
		l.Set(FieldChannel, channelRef)
	}
	return l, err
}

// GroupRef is the protected_groups record id.
func (l *GroupChannelLink) GroupRef() string { return l.GetString(FieldGroup) }

// ChannelRef is the enforced_channels record id.
func (l *GroupChannelLink) ChannelRef() string { return l.GetString(FieldChannel) }
