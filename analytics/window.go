package analytics

import (
	"time"

	c "github.com/nezuko/nezuko/collections"
)

// Periods accepted by every p_period parameter, with their rolling window lengths.
var periods = map[string]time.Duration{
	"24h": 24 * time.Hour,
	"7d":  7 * 24 * time.Hour,
	"30d": 30 * 24 * time.Hour,
	"90d": 90 * 24 * time.Hour,
}

// periodNames lists the accepted periods in order, for messages.
const periodNames = "24h, 7d, 30d, 90d"

// week is the fixed window of the functions without a period (spec/rpc.md §0.2).
const week = 7 * 24 * time.Hour

// unit is a bucket size: a clock hour, a calendar day or an ISO week (Monday), in UTC.
type unit int

const (
	unitHour unit = iota
	unitDay
	unitWeek
)

// units maps p_granularity values to units.
var units = map[string]unit{"hour": unitHour, "day": unitDay, "week": unitWeek}

// granularityNames lists the accepted granularities, for messages.
const granularityNames = "hour, day, week"

// defaultUnit is the bucket size of a period when the caller names none: hours for
// 24h, days otherwise.
func defaultUnit(period string) unit {
	if period == "24h" {
		return unitHour
	}
	return unitDay
}

// floor truncates t (UTC) to the start of its bucket.
func (u unit) floor(t time.Time) time.Time {
	t = t.UTC()
	switch u {
	case unitHour:
		return t.Truncate(time.Hour)
	case unitDay:
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	default:
		d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
		back := (int(d.Weekday()) + 6) % 7 // days since Monday
		return d.AddDate(0, 0, -back)
	}
}

// dateLabel is a bucket's label in a `date` field: "YYYY-MM-DD" for days and weeks,
// the RFC 3339 hour start for hours.
func (u unit) dateLabel(t time.Time) string {
	if u == unitHour {
		return stamp(t)
	}
	return t.UTC().Format(time.DateOnly)
}

// stamp renders t as RFC 3339 UTC with whole seconds (2026-11-25T19:00:00Z).
func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// ceilHour is the first hour boundary at or after t.
func ceilHour(t time.Time) time.Time {
	f := unitHour.floor(t)
	if f.Before(t) {
		return f.Add(time.Hour)
	}
	return f
}

// ceilDay is the first midnight at or after t.
func ceilDay(t time.Time) time.Time {
	f := unitDay.floor(t)
	if f.Before(t) {
		return f.AddDate(0, 0, 1)
	}
	return f
}

// dbTime renders t the way PocketBase stores date fields, so it compares correctly
// with stored text.
func dbTime(t time.Time) string { return c.DBTime(t) }

// parseDBTime reads a stored date (c.DateLayout); zero when empty or bad.
func parseDBTime(s string) time.Time {
	t, err := time.Parse(c.DateLayout, s)
	if err != nil {
		return time.Time{}
	}
	return t.UTC()
}
