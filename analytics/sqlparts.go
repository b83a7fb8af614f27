package analytics

import (
	"strings"

	c "github.com/nezuko/nezuko/collections"
)

// SQL fragments shared by the rollup writer (sync.go), the rollup reader
// (source_rollup.go) and the full-scan reader (source_scan.go), so all three count a
// row the same way.

// quote wraps an identifier in backticks.
func quote(name string) string { return "`" + name + "`" }

// col is a quoted column of a table alias: col("v", "status") = v.`status`.
func col(alias, name string) string { return alias + "." + quote(name) }

// hourExpr is the start of the clock hour of a stored timestamp, in PocketBase's
// date format ("2026-11-25 19:00:00.000Z").
func hourExpr(ts string) string { return "substr(" + ts + ", 1, 13) || ':00:00.000Z'" }

// dayExpr is the start of the calendar day of a stored timestamp.
func dayExpr(ts string) string { return "substr(" + ts + ", 1, 10) || ' 00:00:00.000Z'" }

// hasLatency is true for rows with a latency (PocketBase numbers are never NULL: 0 = unset).
func hasLatency(alias string) string { return col(alias, c.FieldLatencyMS) + " > 0" }

// latencyKey is the histogram key of a latency: milliseconds rounded half away from zero.
func latencyKey(alias string) string {
	return "CAST(round(" + col(alias, c.FieldLatencyMS) + ") AS INTEGER)"
}

// statusIs counts rows with the given verification status.
func statusIs(alias, status string) string {
	return "sum(" + col(alias, c.FieldStatus) + " = '" + status + "')"
}

// latencyIn counts rows with lo ≤ latency < hi (hi 0 = no upper bound; lo 0 = > 0).
func latencyIn(alias string, lo, hi string) string {
	l := col(alias, c.FieldLatencyMS)
	cond := l + " >= " + lo
	if lo == "0" {
		cond = l + " > 0"
	}
	if hi != "" {
		cond += " AND " + l + " < " + hi
	}
	return "sum(" + cond + ")"
}

// countColumns are the rollup_verification_hourly counters, in the order of countAggs.
var countColumns = []string{
	c.FieldTotal, c.FieldVerified, c.FieldRestricted, c.FieldErrors, c.FieldCachedRows,
	c.FieldLatencyRows, c.FieldLatencySum,
	c.FieldLatLT50, c.FieldLatLT100, c.FieldLatLT200, c.FieldLatLT500, c.FieldLatGE500,
}

// countAggs are the aggregates of verification_log rows (alias) matching countColumns.
func countAggs(alias string) []string {
	return []string{
		"count(*)",
		statusIs(alias, c.Verified),
		statusIs(alias, c.Restricted),
		statusIs(alias, c.VerifyErr),
		"sum(" + col(alias, c.FieldCached) + " != 0)",
		"sum(" + hasLatency(alias) + ")",
		"total(CASE WHEN " + hasLatency(alias) + " THEN " + col(alias, c.FieldLatencyMS) + " END)",
		latencyIn(alias, "0", "50"),
		latencyIn(alias, "50", "100"),
		latencyIn(alias, "100", "200"),
		latencyIn(alias, "200", "500"),
		latencyIn(alias, "500", ""),
	}
}

// sumColumns is "sum(`a`) AS `a`, …" over the given rollup columns.
func sumColumns(cols []string) string {
	parts := make([]string, len(cols))
	for i, name := range cols {
		if name == c.FieldLatencySum {
			parts[i] = "total(" + quote(name) + ") AS " + quote(name)
		} else {
			parts[i] = "coalesce(sum(" + quote(name) + "), 0) AS " + quote(name)
		}
	}
	return strings.Join(parts, ", ")
}

// aliased is "expr AS `name`, …" for parallel lists.
func aliased(exprs, names []string) string {
	parts := make([]string, len(exprs))
	for i := range exprs {
		parts[i] = "coalesce(" + exprs[i] + ", 0) AS " + quote(names[i])
	}
	return strings.Join(parts, ", ")
}

// quotedList is "`a`, `b`, …".
func quotedList(cols []string) string {
	parts := make([]string, len(cols))
	for i, name := range cols {
		parts[i] = quote(name)
	}
	return strings.Join(parts, ", ")
}

// addExcluded is "`a` = `a` + excluded.`a`, …" for an upsert.
func addExcluded(cols []string) string {
	parts := make([]string, len(cols))
	for i, name := range cols {
		parts[i] = quote(name) + " = " + quote(name) + " + excluded." + quote(name)
	}
	return strings.Join(parts, ", ")
}
