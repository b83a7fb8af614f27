// Package collections is the single place that spells Nezuko's collection and field
// names, holds the API rules, and offers a typed record proxy per collection (with
// the admin role levels and the layout of stored dates).
//
//	bot := collections.NewBotInstance(app)
//	bot.SetBotID(123)
//	err := app.Save(bot)
package collections

// Collection names (DESIGN.md §2).
const (
	Owners            = "owners"
	BotInstances      = "bot_instances"
	ProtectedGroups   = "protected_groups"
	EnforcedChannels  = "enforced_channels"
	GroupChannelLinks = "group_channel_links"
	AdminUsers        = "admin_users"
	AdminConfig       = "admin_config"
	BotStatus         = "bot_status"
	AdminCommands     = "admin_commands"
	VerificationLog   = "verification_log"
	APICallLog        = "api_call_log"
	AdminLogs         = "admin_logs"
	AdminAuditLog     = "admin_audit_log"
)

// All lists the 13 collections in creation order (relations point backwards).
var All = []string{
	Owners, BotInstances, ProtectedGroups, EnforcedChannels, GroupChannelLinks,
	AdminUsers, AdminConfig, BotStatus, AdminCommands,
	VerificationLog, APICallLog, AdminLogs, AdminAuditLog,
}

// Field names shared by several collections.
const (
	FieldID          = "id"
	FieldCreated     = "created"
	FieldUpdated     = "updated"
	FieldUserID      = "user_id"
	FieldUsername    = "username"
	FieldTitle       = "title"
	FieldIsActive    = "is_active"
	FieldIsDeleted   = "is_deleted"
	FieldDeletedAt   = "deleted_at"
	FieldLastSyncAt  = "last_sync_at"
	FieldBotInstance = "bot_instance"
	FieldStatus      = "status"
	FieldTimestamp   = "timestamp"
	FieldLatencyMS   = "latency_ms"
	FieldErrorType   = "error_type"
	FieldGroupID     = "group_id"
	FieldChannelID   = "channel_id"
	FieldChatID      = "chat_id"
	FieldMetadata    = "metadata"
)

// bot_instances fields.
const (
	FieldOwnerTelegramID = "owner_telegram_id"
	FieldBotID           = "bot_id"
	FieldBotUsername     = "bot_username"
	FieldBotName         = "bot_name"
	FieldTokenEncrypted  = "token_encrypted"
)

// protected_groups fields.
const (
	FieldOwner       = "owner"
	FieldEnabled     = "enabled"
	FieldParams      = "params"
	FieldHealth      = "health"
	FieldMemberCount = "member_count"
)

// enforced_channels fields.
const (
	FieldInviteLink      = "invite_link"
	FieldSubscriberCount = "subscriber_count"
)

// group_channel_links fields.
const (
	FieldGroup   = "group"
	FieldChannel = "channel"
)

// admin_users fields (email and password are PocketBase's own auth fields).
const (
	FieldEmail    = "email"
	FieldPassword = "password"
	// FieldPasswordConfirm is PocketBase's confirmation of a new password in auth bodies.
	FieldPasswordConfirm = "passwordConfirm"
	FieldFullName        = "full_name"
	FieldRole            = "role"
	FieldTelegramID      = "telegram_id"
	FieldLastLogin       = "last_login"
)

// admin_config fields.
const (
	FieldKey         = "key"
	FieldValue       = "value"
	FieldDescription = "description"
	FieldIsSensitive = "is_sensitive"
	FieldUpdatedBy   = "updated_by"
)

// bot_status fields.
const (
	FieldLastHeartbeat = "last_heartbeat"
	FieldStartedAt     = "started_at"
	FieldUptimeSeconds = "uptime_seconds"
)

// admin_commands fields.
const (
	FieldCommandType  = "command_type"
	FieldPayload      = "payload"
	FieldResult       = "result"
	FieldErrorMessage = "error_message"
	FieldCreatedBy    = "created_by"
	FieldExecutedAt   = "executed_at"
)

// verification_log and api_call_log fields.
const (
	FieldCached  = "cached"
	FieldMethod  = "method"
	FieldSuccess = "success"
)

// admin_logs fields.
const (
	FieldLevel    = "level"
	FieldLogger   = "logger"
	FieldMessage  = "message"
	FieldModule   = "module"
	FieldFunction = "function"
	FieldLineNo   = "line_no"
	FieldPath     = "path"
)

// admin_audit_log fields.
const (
	FieldUser         = "user"
	FieldActor        = "actor"
	FieldAction       = "action"
	FieldResourceType = "resource_type"
	FieldResourceID   = "resource_id"
	FieldOldValue     = "old_value"
	FieldNewValue     = "new_value"
	FieldIPAddress    = "ip_address"
	FieldUserAgent    = "user_agent"
)
