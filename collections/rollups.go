package collections

// Rollup collections: superuser-only aggregates of the log collections that keep the
// analytics RPCs fast as the logs grow (package analytics maintains them).
const (
	// RollupState holds the rollup watermarks: one row per source log, keyed by FieldKey
	// (the log collection's name).
	RollupState = "rollup_state"
	// RollupVerificationHourly holds verification_log counts per clock hour.
	RollupVerificationHourly = "rollup_verification_hourly"
	// RollupGroupHourly holds verification_log counts per clock hour and group.
	RollupGroupHourly = "rollup_group_hourly"
	// RollupLatencyHourly is a latency histogram (1 ms keys) per clock hour.
	RollupLatencyHourly = "rollup_latency_hourly"
	// RollupLatencyDaily is a latency histogram (1 ms keys) per calendar day.
	RollupLatencyDaily = "rollup_latency_daily"
	// RollupUsers holds the first verification of every user ever seen.
	RollupUsers = "rollup_users"
	// RollupNewUsersHourly counts the users first seen in each clock hour.
	RollupNewUsersHourly = "rollup_new_users_hourly"
	// RollupAPIHourly holds api_call_log counts per clock hour and method.
	RollupAPIHourly = "rollup_api_hourly"
)

// Rollups lists every rollup collection.
var Rollups = []string{
	RollupState, RollupVerificationHourly, RollupGroupHourly,
	RollupLatencyHourly, RollupLatencyDaily, RollupUsers, RollupAPIHourly, RollupNewUsersHourly,
}

// Rollup fields.
const (
	FieldHour        = "hour"         // start of the clock hour (date)
	FieldDay         = "day"          // start of the calendar day (date)
	FieldTotal       = "total"        // rows counted
	FieldVerified    = "verified"     // rows with status verified
	FieldRestricted  = "restricted"   // rows with status restricted
	FieldErrors      = "errors"       // rows with status error
	FieldCachedRows  = "cached_rows"  // rows answered from the cache
	FieldLatencyRows = "latency_rows" // rows with a latency (latency_ms > 0)
	FieldLatencySum  = "latency_sum"  // sum of latency_ms over latency_rows
	FieldLatLT50     = "lat_lt50"     // 0 < latency < 50
	FieldLatLT100    = "lat_lt100"    // 50 ≤ latency < 100
	FieldLatLT200    = "lat_lt200"    // 100 ≤ latency < 200
	FieldLatLT500    = "lat_lt500"    // 200 ≤ latency < 500
	FieldLatGE500    = "lat_ge500"    // latency ≥ 500
	FieldFirstSeen   = "first_seen"   // timestamp of a user's first verification_log row
	FieldLastRowID   = "last_rowid"   // SQLite rowid of the last log row rolled up
	FieldLastRef     = "last_ref"     // record id of that row (detects renumbered rowids)
	FieldRawFloor    = "raw_floor"    // raw rows before this time were deleted by retention
)
