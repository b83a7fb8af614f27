package collections

// Admin roles (admin_users.role).
const (
	RoleOwner  = "owner"
	RoleAdmin  = "admin"
	RoleViewer = "viewer"
)

// Roles lists every admin role, most powerful first.
var Roles = []string{RoleOwner, RoleAdmin, RoleViewer}

// Bot statuses (bot_status.status).
const (
	BotStarting = "starting"
	BotRunning  = "running"
	BotStopped  = "stopped"
	BotError    = "error"
)

// BotStatuses lists every bot_status.status value.
var BotStatuses = []string{BotStarting, BotRunning, BotStopped, BotError}

// Command statuses (admin_commands.status).
const (
	CommandPending    = "pending"
	CommandProcessing = "processing"
	CommandCompleted  = "completed"
	CommandFailed     = "failed"
)

// CommandStatuses lists every admin_commands.status value.
var CommandStatuses = []string{CommandPending, CommandProcessing, CommandCompleted, CommandFailed}

// Verification outcomes (verification_log.status).
const (
	Verified   = "verified"
	Restricted = "restricted"
	VerifyErr  = "error"
)

// VerificationStatuses lists every verification_log.status value.
var VerificationStatuses = []string{Verified, Restricted, VerifyErr}

// ExpectedRefusal starts the api_call_log.error_type of a call Telegram refused as part
// of normal work, followed by Telegram's reason ("expected: message to delete not
// found"): such rows are success=false but are not errors of the bot.
const ExpectedRefusal = "expected: "

// Log levels (admin_logs.level), with the original's names.
const (
	LevelDebug    = "DEBUG"
	LevelInfo     = "INFO"
	LevelWarning  = "WARNING"
	LevelError    = "ERROR"
	LevelCritical = "CRITICAL"
)

// LogLevels lists every admin_logs.level value, least severe first.
var LogLevels = []string{LevelDebug, LevelInfo, LevelWarning, LevelError, LevelCritical}

// Audit actions (admin_audit_log.action).
const (
	ActionCreate = "create"
	ActionUpdate = "update"
	ActionDelete = "delete"
)

// AuditActions lists every admin_audit_log.action value.
var AuditActions = []string{ActionCreate, ActionUpdate, ActionDelete}

// ActorSystem is the audit actor of changes made by the server itself.
const ActorSystem = "system"

// admin_config keys seeded with defaults (DESIGN.md §2).
const (
	ConfigCachePositiveTTL = "cache_positive_ttl_seconds"
	ConfigCacheNegativeTTL = "cache_negative_ttl_seconds"
	ConfigWarningTTL       = "warning_ttl_seconds"
	ConfigRatePerBot       = "rate_per_bot_per_second"
	ConfigRatePerGroup     = "rate_per_group_per_minute"
	ConfigLogRetentionDays = "log_retention_days"
	ConfigWebhookAllowPriv = "webhook_test_allow_private"
	ConfigLoginBotID       = "login_bot_id"
)

// ConfigDefault is one seeded admin_config row.
type ConfigDefault struct {
	Key         string
	Value       any
	Description string
}

// ConfigDefaults are the admin_config rows every installation starts with.
var ConfigDefaults = []ConfigDefault{
	{ConfigCachePositiveTTL, 600, "Seconds a positive membership check stays cached (±15% jitter)."},
	{ConfigCacheNegativeTTL, 60, "Seconds a negative membership check stays cached (±15% jitter)."},
	{ConfigWarningTTL, 60, "Seconds before a warning is auto-deleted; a group's params.warning_ttl_seconds overrides it."},
	{ConfigRatePerBot, 25, "Messages per second each bot may send (Telegram allows about 30)."},
	{ConfigRatePerGroup, 20, "Messages per minute a bot may send into one group."},
	{ConfigLogRetentionDays, 0, "Days raw log rows are kept; 0 keeps them forever (rollups stay)."},
	{ConfigWebhookAllowPriv, false, "Let test-webhook reach loopback and private addresses. Owners only."},
	{ConfigLoginBotID, 0, "bot_id of the bot whose token verifies Telegram logins; the first bot added claims it while it is 0. Owners only."},
}

// ConfigTrustKeys are the admin_config keys only owners and superusers may create,
// change or delete (DESIGN.md §2): which bot verifies Telegram logins, and whether
// test-webhook may reach private addresses.
var ConfigTrustKeys = []string{ConfigLoginBotID, ConfigWebhookAllowPriv}
