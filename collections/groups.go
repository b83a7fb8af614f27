package collections

import (
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// ProtectedGroup is a typed view of a protected_groups record.
type ProtectedGroup struct{ core.BaseRecordProxy }

// NewProtectedGroup returns an unsaved, enabled protected_groups record.
func NewProtectedGroup(app core.App) (*ProtectedGroup, error) {
	g, err := newProxy(app, ProtectedGroups, &ProtectedGroup{})
	if err == nil {
		g.SetEnabled(true)
	}
	return g, err
}

// GroupID is the Telegram chat id of the group.
func (g *ProtectedGroup) GroupID() int64 { return g.GetInt64(FieldGroupID) }

// SetGroupID sets the Telegram chat id of the group.
func (g *ProtectedGroup) SetGroupID(id int64) { g.Set(FieldGroupID, id) }

// OwnerRef is the owners record id of the group's owner.
func (g *ProtectedGroup) OwnerRef() string { return g.GetString(FieldOwner) }

// SetOwnerRef sets the owners record id of the group's owner.
func (g *ProtectedGroup) SetOwnerRef(id string) { g.Set(FieldOwner, id) }

// BotInstanceRef is the bot_instances record id of the bot serving the group.
func (g *ProtectedGroup) BotInstanceRef() string { return g.GetString(FieldBotInstance) }

// SetBotInstanceRef sets the bot_instances record id of the bot serving the group.
func (g *ProtectedGroup) SetBotInstanceRef(id string) { g.Set(FieldBotInstance, id) }

// Title is the group's title.
func (g *ProtectedGroup) Title() string { return g.GetString(FieldTitle) }

// SetTitle sets the group's title.
func (g *ProtectedGroup) SetTitle(v string) { g.Set(FieldTitle, v) }

// Enabled reports whether protection is on.
func (g *ProtectedGroup) Enabled() bool { return g.GetBool(FieldEnabled) }

// SetEnabled turns protection on or off.
func (g *ProtectedGroup) SetEnabled(v bool) { g.Set(FieldEnabled, v) }

// MemberCount is the last synced member count.
func (g *ProtectedGroup) MemberCount() int { return g.GetInt(FieldMemberCount) }

// SetMemberCount sets the member count and the sync time.
func (g *ProtectedGroup) SetMemberCount(n int, at time.Time) {
	g.Set(FieldMemberCount, n)
	g.Set(FieldLastSyncAt, at.UTC())
}

// LastSyncAt is when member_count was last synced.
func (g *ProtectedGroup) LastSyncAt() types.DateTime { return g.GetDateTime(FieldLastSyncAt) }

// Params decodes the group's settings; unknown keys are ignored, missing keys stay zero.
func (g *ProtectedGroup) Params() (GroupParams, error) {
	var p GroupParams
	err := g.UnmarshalJSONField(FieldParams, &p)
	return p, err
}

// SetParams stores the group's settings.
func (g *ProtectedGroup) SetParams(p GroupParams) { g.Set(FieldParams, p) }

// Health decodes the bot's last rights check of the group.
func (g *ProtectedGroup) Health() (GroupHealth, error) {
	var h GroupHealth
	err := g.UnmarshalJSONField(FieldHealth, &h)
	return h, err
}

// SetHealth stores the bot's rights check of the group.
func (g *ProtectedGroup) SetHealth(h GroupHealth) { g.Set(FieldHealth, h) }

// GroupParams is the JSON of protected_groups.params (DESIGN.md §4). Every key is optional.
type GroupParams struct {
	Action            string  `json:"action,omitempty"`              // mute | kick | delete
	Mode              string  `json:"mode,omitempty"`                // enforce | observe
	OnError           string  `json:"on_error,omitempty"`            // restrict | allow
	WarningText       string  `json:"warning_text,omitempty"`        // {user} {channels} {group}
	Language          string  `json:"language,omitempty"`            // en, …
	WarningTTLSeconds *int    `json:"warning_ttl_seconds,omitempty"` // nil = admin_config default
	ExemptUserIDs     []int64 `json:"exempt_user_ids,omitempty"`
	JoinRequests      bool    `json:"join_requests,omitempty"`
}

// GroupHealth is the JSON of protected_groups.health: the bot's own rights check.
type GroupHealth struct {
	OK        bool            `json:"ok"`
	CheckedAt string          `json:"checked_at"`
	Problems  []HealthProblem `json:"problems"`
}

// HealthProblem is one missing right in the group or a linked channel.
type HealthProblem struct {
	ChatID  int64    `json:"chat_id"`
	Title   string   `json:"title"`
	Missing []string `json:"missing"`
	Since   string   `json:"since"`
}

// Keys of protected_groups.params, as /settings names them (the JSON keys of GroupParams).
const (
	ParamAction       = "action"
	ParamMode         = "mode"
	ParamOnError      = "on_error"
	ParamWarningText  = "warning_text"
	ParamLanguage     = "language"
	ParamWarningTTL   = "warning_ttl_seconds"
	ParamExemptUsers  = "exempt_user_ids"
	ParamJoinRequests = "join_requests"
)
