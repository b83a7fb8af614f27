package pb_migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	c "github.com/nezuko/nezuko/collections"
)

const (
	maxName    = 256
	maxText    = 4096
	maxMessage = 100000
	maxJSON    = 1 << 20
)

func init() {
	m.Register(upCollections, downCollections)
}

// defineFunc fills the fields and indexes of one collection.
type defineFunc func(app core.App, col *core.Collection) error

var definitions = map[string]defineFunc{
	c.Owners:            defineOwners,
	c.BotInstances:      defineBotInstances,
	c.ProtectedGroups:   defineProtectedGroups,
	c.EnforcedChannels:  defineEnforcedChannels,
	c.GroupChannelLinks: defineGroupChannelLinks,
	c.AdminUsers:        defineAdminUsers,
	c.AdminConfig:       defineAdminConfig,
	c.BotStatus:         defineBotStatus,
	c.AdminCommands:     defineAdminCommands,
	c.VerificationLog:   defineVerificationLog,
	c.APICallLog:        defineAPICallLog,
	c.AdminLogs:         defineAdminLogs,
	c.AdminAuditLog:     defineAdminAuditLog,
}

func upCollections(app core.App) error {
	for _, name := range c.All {
		var col *core.Collection
		if name == c.AdminUsers {
			col = upsertAuth(app, name)
		} else {
			col = upsertBase(app, name)
		}
		if err := definitions[name](app, col); err != nil {
			return err
		}
		applyRules(col)
		if err := app.Save(col); err != nil {
			return err
		}
	}
	return nil
}

func downCollections(app core.App) error {
	for i := len(c.All) - 1; i >= 0; i-- {
		col, err := app.FindCollectionByNameOrId(c.All[i])
		if err != nil {
			continue
		}
		if err := app.Delete(col); err != nil {
			return err
		}
	}
	return nil
}

func upsertAuth(app core.App, name string) *core.Collection {
	if col, err := app.FindCollectionByNameOrId(name); err == nil {
		return col
	}
	return core.NewAuthCollection(name)
}

func defineOwners(_ core.App, col *core.Collection) error {
	col.Fields.Add(telegramID(c.FieldUserID, true), text(c.FieldUsername, maxName))
	col.Fields.Add(timestamps()...)
	col.AddIndex("idx_owners_user_id", true, c.FieldUserID, "")
	return nil
}

func defineBotInstances(_ core.App, col *core.Collection) error {
	col.Fields.Add(
		telegramID(c.FieldOwnerTelegramID, false),
		telegramID(c.FieldBotID, true),
		text(c.FieldBotUsername, maxName),
		text(c.FieldBotName, maxName),
		&core.TextField{Name: c.FieldTokenEncrypted, Required: true, Hidden: true, Max: 1024},
		flag(c.FieldIsActive),
		flag(c.FieldIsDeleted),
		date(c.FieldDeletedAt),
	)
	col.Fields.Add(timestamps()...)
	col.AddIndex("idx_bot_instances_bot_id", true, c.FieldBotID, "")
	col.AddIndex("idx_bot_instances_active", false, c.FieldIsActive+", "+c.FieldIsDeleted, "")
	return nil
}

func defineProtectedGroups(app core.App, col *core.Collection) error {
	owners, err := relationTo(app, c.Owners)
	if err != nil {
		return err
	}
	bots, err := relationTo(app, c.BotInstances)
	if err != nil {
		return err
	}
	col.Fields.Add(
		telegramID(c.FieldGroupID, true),
		relation(c.FieldOwner, owners, false, true),
		relation(c.FieldBotInstance, bots, false, false),
		text(c.FieldTitle, maxName),
		flag(c.FieldEnabled),
		jsonField(c.FieldParams, 64<<10),
		jsonField(c.FieldHealth, 64<<10),
		count(c.FieldMemberCount),
		date(c.FieldLastSyncAt),
	)
	col.Fields.Add(timestamps()...)
	col.AddIndex("idx_protected_groups_group_id", true, c.FieldGroupID, "")
	col.AddIndex("idx_protected_groups_bot", false, c.FieldBotInstance, "")
	return nil
}

func defineEnforcedChannels(_ core.App, col *core.Collection) error {
	col.Fields.Add(
		telegramID(c.FieldChannelID, true),
		text(c.FieldTitle, maxName),
		text(c.FieldUsername, maxName),
		&core.URLField{Name: c.FieldInviteLink},
		count(c.FieldSubscriberCount),
		date(c.FieldLastSyncAt),
	)
	col.Fields.Add(timestamps()...)
	col.AddIndex("idx_enforced_channels_channel_id", true, c.FieldChannelID, "")
	return nil
}

func defineGroupChannelLinks(app core.App, col *core.Collection) error {
	groups, err := relationTo(app, c.ProtectedGroups)
	if err != nil {
		return err
	}
	channels, err := relationTo(app, c.EnforcedChannels)
	if err != nil {
		return err
	}
	col.Fields.Add(
		relation(c.FieldGroup, groups, true, true),
		relation(c.FieldChannel, channels, true, true),
	)
	col.Fields.Add(timestamps()...)
	col.AddIndex("idx_group_channel_links_pair", true, "`"+c.FieldGroup+"`, `"+c.FieldChannel+"`", "")
	col.AddIndex("idx_group_channel_links_channel", false, "`"+c.FieldChannel+"`", "")
	return nil
}

func defineAdminUsers(_ core.App, col *core.Collection) error {
	col.Fields.Add(
		text(c.FieldFullName, maxName),
		oneOf(c.FieldRole, true, c.Roles),
		flag(c.FieldIsActive),
		flag(c.FieldIsDeleted),
		date(c.FieldDeletedAt),
		telegramID(c.FieldTelegramID, false),
		date(c.FieldLastLogin),
	)
	col.AuthRule = ptr(c.AuthRule)
	col.ManageRule = ptr(c.RuleOwner)
	col.PasswordAuth.Enabled = true
	col.PasswordAuth.IdentityFields = []string{c.FieldEmail}
	col.AddIndex("idx_admin_users_telegram_id", true, c.FieldTelegramID, c.FieldTelegramID+" != 0")
	return nil
}

func defineAdminConfig(app core.App, col *core.Collection) error {
	admins, err := relationTo(app, c.AdminUsers)
	if err != nil {
		return err
	}
	col.Fields.Add(
		&core.TextField{Name: c.FieldKey, Required: true, Max: 128, Pattern: `^[a-z][a-z0-9_]*$`},
		jsonField(c.FieldValue, 64<<10),
		text(c.FieldDescription, maxText),
		flag(c.FieldIsSensitive),
		relation(c.FieldUpdatedBy, admins, false, false),
	)
	col.Fields.Add(timestamps()...)
	col.AddIndex("idx_admin_config_key", true, c.FieldKey, "")
	return nil
}

func defineBotStatus(app core.App, col *core.Collection) error {
	bots, err := relationTo(app, c.BotInstances)
	if err != nil {
		return err
	}
	col.Fields.Add(
		relation(c.FieldBotInstance, bots, true, true),
		oneOf(c.FieldStatus, true, c.BotStatuses),
		date(c.FieldLastHeartbeat),
		date(c.FieldStartedAt),
		count(c.FieldUptimeSeconds),
		jsonField(c.FieldMetadata, 64<<10),
	)
	col.Fields.Add(timestamps()...)
	col.AddIndex("idx_bot_status_bot", true, c.FieldBotInstance, "")
	return nil
}

func defineAdminCommands(app core.App, col *core.Collection) error {
	bots, err := relationTo(app, c.BotInstances)
	if err != nil {
		return err
	}
	admins, err := relationTo(app, c.AdminUsers)
	if err != nil {
		return err
	}
	col.Fields.Add(
		&core.TextField{Name: c.FieldCommandType, Required: true, Max: 64, Pattern: `^[a-z][a-z0-9_]*$`},
		jsonField(c.FieldPayload, 64<<10),
		oneOf(c.FieldStatus, true, c.CommandStatuses),
		jsonField(c.FieldResult, 64<<10),
		text(c.FieldErrorMessage, maxText),
		relation(c.FieldBotInstance, bots, false, false),
		relation(c.FieldCreatedBy, admins, false, false),
		date(c.FieldExecutedAt),
	)
	col.Fields.Add(timestamps()...)
	col.AddIndex("idx_admin_commands_status", false, c.FieldStatus+", "+c.FieldCreated, "")
	return nil
}

func defineVerificationLog(_ core.App, col *core.Collection) error {
	col.Fields.Add(
		telegramID(c.FieldUserID, true),
		telegramID(c.FieldGroupID, true),
		telegramID(c.FieldChannelID, false),
		telegramID(c.FieldBotInstance, false),
		oneOf(c.FieldStatus, true, c.VerificationStatuses),
		latency(c.FieldLatencyMS),
		flag(c.FieldCached),
		text(c.FieldErrorType, maxName),
		requiredDate(c.FieldTimestamp),
	)
	ts := c.FieldTimestamp
	col.AddIndex("idx_vlog_ts", false, ts, "")
	col.AddIndex("idx_vlog_group_ts", false, c.FieldGroupID+", "+ts, "")
	col.AddIndex("idx_vlog_status_ts", false, c.FieldStatus+", "+ts, "")
	col.AddIndex("idx_vlog_channel_ts", false, c.FieldChannelID+", "+ts, "")
	col.AddIndex("idx_vlog_bot_ts", false, c.FieldBotInstance+", "+ts, "")
	return nil
}

func defineAPICallLog(_ core.App, col *core.Collection) error {
	col.Fields.Add(
		requiredText(c.FieldMethod, 64),
		telegramID(c.FieldChatID, false),
		telegramID(c.FieldUserID, false),
		telegramID(c.FieldBotInstance, false),
		flag(c.FieldSuccess),
		latency(c.FieldLatencyMS),
		text(c.FieldErrorType, maxName),
		requiredDate(c.FieldTimestamp),
	)
	col.AddIndex("idx_api_ts", false, c.FieldTimestamp, "")
	col.AddIndex("idx_api_method_ts", false, c.FieldMethod+", "+c.FieldTimestamp, "")
	return nil
}

func defineAdminLogs(_ core.App, col *core.Collection) error {
	col.Fields.Add(
		requiredDate(c.FieldTimestamp),
		oneOf(c.FieldLevel, true, c.LogLevels),
		requiredText(c.FieldLogger, maxName),
		&core.TextField{Name: c.FieldMessage, Required: true, Max: maxMessage},
		text(c.FieldModule, maxName),
		text(c.FieldFunction, maxName),
		count(c.FieldLineNo),
		text(c.FieldPath, maxText),
	)
	col.AddIndex("idx_admin_logs_ts", false, c.FieldTimestamp, "")
	col.AddIndex("idx_admin_logs_level_ts", false, c.FieldLevel+", "+c.FieldTimestamp, "")
	return nil
}

func defineAdminAuditLog(app core.App, col *core.Collection) error {
	admins, err := relationTo(app, c.AdminUsers)
	if err != nil {
		return err
	}
	col.Fields.Add(
		relation(c.FieldUser, admins, false, false),
		requiredText(c.FieldActor, maxName),
		oneOf(c.FieldAction, true, c.AuditActions),
		requiredText(c.FieldResourceType, 64),
		text(c.FieldResourceID, 64),
		jsonField(c.FieldOldValue, maxJSON),
		jsonField(c.FieldNewValue, maxJSON),
		text(c.FieldIPAddress, 64),
		text(c.FieldUserAgent, 512),
		&core.AutodateField{Name: c.FieldCreated, OnCreate: true},
	)
	col.AddIndex("idx_audit_created", false, c.FieldCreated, "")
	col.AddIndex("idx_audit_resource", false, c.FieldResourceType+", "+c.FieldResourceID, "")
	return nil
}

func ptr(s string) *string { return &s }
