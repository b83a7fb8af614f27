package collections

import "github.com/pocketbase/pocketbase/core"

// Owner is a typed view of an owners record: a Telegram user who protected a group.
type Owner struct{ core.BaseRecordProxy }

// NewOwner returns an unsaved owners record.
func NewOwner(app core.App) (*Owner, error) { return newProxy(app, Owners, &Owner{}) }

// UserID is the owner's Telegram user id.
func (o *Owner) UserID() int64 { return o.GetInt64(FieldUserID) }

// SetUserID sets the owner's Telegram user id.
func (o *Owner) SetUserID(id int64) { o.Set(FieldUserID, id) }

// Username is the owner's Telegram username, without "@".
func (o *Owner) Username() string { return o.GetString(FieldUsername) }

// SetUsername sets the owner's Telegram username.
func (o *Owner) SetUsername(v string) { o.Set(FieldUsername, v) }
