package analytics

import (
	"context"
	"time"
)

// source answers the aggregate questions the RPCs ask about the logs. Every question is
// about rows with timestamp ≥ from (rolling windows have no upper bound). rollupSource
// answers from the rollup collections plus at most one hour of raw rows; scanSource
// answers from full scans of the raw logs and is the reference the rollups are tested
// against.
type source interface {
	// hours returns verification_log counts per clock hour, ascending, hours without
	// rows omitted.
	hours(ctx context.Context, from time.Time) ([]hourCounts, error)
	// groups returns verification_log counts per group_id.
	groups(ctx context.Context, from time.Time) ([]groupCounts, error)
	// latencies returns a latency histogram per hour or day (u is unitHour or unitDay),
	// ascending, buckets without latencies omitted; when want is not nil, only the
	// buckets it names are needed (others may be returned too).
	latencies(ctx context.Context, from time.Time, u unit, want map[time.Time]bool) ([]latencyBucket, error)
	// methods returns api_call_log row counts per method.
	methods(ctx context.Context, from time.Time) (map[string]int64, error)
	// users returns how many users were first seen before from, and how many were first
	// seen in each hour or day (u is unitHour or unitDay) from then on, ascending.
	users(ctx context.Context, from time.Time, u unit) (before int64, series []userBucket, err error)
}

// counts aggregates verification_log rows; the fields follow countColumns.
type counts struct {
	Total       int64
	Verified    int64
	Restricted  int64
	Errors      int64
	Cached      int64
	LatencyRows int64
	LatencySum  float64
	LatLT50     int64
	LatLT100    int64
	LatLT200    int64
	LatLT500    int64
	LatGE500    int64
}

// add folds o into k.
func (k *counts) add(o counts) {
	k.Total += o.Total
	k.Verified += o.Verified
	k.Restricted += o.Restricted
	k.Errors += o.Errors
	k.Cached += o.Cached
	k.LatencyRows += o.LatencyRows
	k.LatencySum += o.LatencySum
	k.LatLT50 += o.LatLT50
	k.LatLT100 += o.LatLT100
	k.LatLT200 += o.LatLT200
	k.LatLT500 += o.LatLT500
	k.LatGE500 += o.LatGE500
}

// fields are pointers to the fields in countColumns order, for Scan.
func (k *counts) fields() []any {
	return []any{&k.Total, &k.Verified, &k.Restricted, &k.Errors, &k.Cached, &k.LatencyRows,
		&k.LatencySum, &k.LatLT50, &k.LatLT100, &k.LatLT200, &k.LatLT500, &k.LatGE500}
}

// failed is every row whose status is not verified.
func (k counts) failed() int64 { return k.Total - k.Verified }

// hourCounts is the counts of one clock hour.
type hourCounts struct {
	Hour time.Time
	counts
}

// groupCounts is the counts of one group.
type groupCounts struct {
	GroupID  int64
	Total    int64
	Verified int64
}

// latencyBucket is the latency histogram of one hour or day.
type latencyBucket struct {
	Start time.Time
	Hist  histogram
}

// userBucket is the number of users first seen in one hour or day.
type userBucket struct {
	Start time.Time
	New   int64
}

// bucketize folds hourly counts into buckets of unit u, ascending.
func bucketize(hours []hourCounts, u unit) []hourCounts {
	var out []hourCounts
	for _, h := range hours {
		start := u.floor(h.Hour)
		if n := len(out); n > 0 && out[n-1].Hour.Equal(start) {
			out[n-1].add(h.counts)
			continue
		}
		out = append(out, hourCounts{Hour: start, counts: h.counts})
	}
	return out
}

// sumCounts adds every hour's counts, keeping only hours at or after since.
func sumCounts(hours []hourCounts, since time.Time) counts {
	var k counts
	for _, h := range hours {
		if !h.Hour.Before(since) {
			k.add(h.counts)
		}
	}
	return k
}
