// Collection names (collections/names.go on the server): the one place the dashboard
// spells them.
export const COL = Object.freeze({
  botInstances: "bot_instances",
  botStatus: "bot_status",
  protectedGroups: "protected_groups",
  enforcedChannels: "enforced_channels",
  groupChannelLinks: "group_channel_links",
  owners: "owners",
  adminUsers: "admin_users",
  adminConfig: "admin_config",
  adminCommands: "admin_commands",
  adminLogs: "admin_logs",
  adminAuditLog: "admin_audit_log",
  verificationLog: "verification_log",
  apiCallLog: "api_call_log",
  superusers: "_superusers",
});
