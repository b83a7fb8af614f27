package collections

// GateEvents is the internal, superuser-only, append-only log of the engine's funnel
// steps (package gatekeeper writes it through the log writer; package analytics reads
// it for the conversion funnel): one row per join decided, per user muted or warned
// for missing channels, and per mute of the bot's lifted.
const GateEvents = "gate_events"

// gate_events fields: bot_id, group_id, user_id, timestamp and kind (FieldKind, shared
// with bot_restrictions: here GateChecked, GateMuted, GateWarned or GateUnmuted).

// Values of gate_events.kind.
const (
	// GateChecked: a join into a protected group was checked against its channels.
	GateChecked = "checked"
	// GateMuted: a user missing channels was muted (and warned).
	GateMuted = "muted"
	// GateWarned: a user missing channels was warned without a mute of the bot's
	// (action kick or delete).
	GateWarned = "warned"
	// GateUnmuted: the bot lifted its own mute, the user being in every channel.
	GateUnmuted = "unmuted"
)

// GateKinds are the values of gate_events.kind.
var GateKinds = []string{GateChecked, GateMuted, GateWarned, GateUnmuted}

// Funnel rollups (package analytics maintains them; superuser-only).
const (
	// RollupFunnelHourly counts, per clock hour and group, the joins checked and, by
	// the hour they were blocked (muted or warned), the users blocked, those who
	// subscribed afterwards and those the bot unmuted.
	RollupFunnelHourly = "rollup_funnel_hourly"
	// RollupFunnelEpisodes holds one row per user blocked in a group: when, and when
	// they subscribed and were unmuted afterwards.
	RollupFunnelEpisodes = "rollup_funnel_episodes"
	// RollupFunnelDelay is a histogram of the time from block to subscription, per
	// clock hour of the block and group.
	RollupFunnelDelay = "rollup_funnel_delay"
	// RollupFunnelDelayDaily is RollupFunnelDelay per calendar day of the block.
	RollupFunnelDelayDaily = "rollup_funnel_delay_daily"
	// RollupJoinsHourly counts channel_joins rows per clock hour, channel, group and via.
	RollupJoinsHourly = "rollup_joins_hourly"
	// RollupJoinsDaily counts channel_joins rows per calendar day, channel, group and via.
	RollupJoinsDaily = "rollup_joins_daily"
)

// Daily funnel rollups (migration 1764000050), so a long window reads whole days.
const (
	// RollupFunnelDaily is RollupFunnelHourly per calendar day (of the check, and of
	// the block for blocked, subscribed and unmuted).
	RollupFunnelDaily = "rollup_funnel_daily"
	// RollupFunnelDelayAll is RollupFunnelDelayDaily summed over all groups: the
	// histogram an all-groups window reads.
	RollupFunnelDelayAll = "rollup_funnel_delay_all"
)

// FunnelDailyRollups lists the daily funnel rollups of migration 1764000050.
var FunnelDailyRollups = []string{RollupFunnelDaily, RollupFunnelDelayAll}

// FunnelRollups lists the funnel rollup collections of migration 1764000042.
var FunnelRollups = []string{RollupFunnelHourly, RollupFunnelEpisodes, RollupFunnelDelay, RollupFunnelDelayDaily,
	RollupJoinsHourly, RollupJoinsDaily}

// Funnel rollup fields.
const (
	FieldChecked      = "checked"       // joins checked
	FieldBlocked      = "blocked"       // users muted or warned
	FieldSubscribed   = "subscribed"    // of those, who subscribed afterwards
	FieldUnmuted      = "unmuted"       // of those, who the bot unmuted
	FieldBlockedAt    = "blocked_at"    // when the user was muted or warned
	FieldSubscribedAt = "subscribed_at" // when they joined a channel afterwards ("" = not yet)
	FieldUnmutedAt    = "unmuted_at"    // when the bot lifted its mute ("" = not yet)
	FieldDelayS       = "delay_s"       // seconds from block to subscription, to 2 significant digits (histogram key)
)
