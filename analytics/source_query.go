package analytics

import (
	"context"
	"sort"
	"time"

	"github.com/pocketbase/dbx"

	c "github.com/nezuko/nezuko/collections"
)

// Query helpers shared by rollupSource and scanSource.

// timeParams binds a window's bounds in stored date format.
func timeParams(from, to time.Time) dbx.Params {
	return dbx.Params{"from": dbTime(from), "to": dbTime(to)}
}

// rawWindow is the condition "from ≤ timestamp" plus "timestamp < to" when bounded.
func rawWindow(alias string, bounded bool) string {
	ts := col(alias, c.FieldTimestamp)
	cond := " WHERE " + ts + " >= {:from}"
	if bounded {
		cond += " AND " + ts + " < {:to}"
	}
	return cond
}

// scanHourCounts reads rows of (bucket text, countColumns…), ascending.
func scanHourCounts(q *dbx.Query) ([]hourCounts, error) {
	rows, err := q.Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []hourCounts
	for rows.Next() {
		var h hourCounts
		var bucket string
		dest := append([]any{&bucket}, h.fields()...)
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		h.Hour = parseDBTime(bucket)
		out = append(out, h)
	}
	return out, rows.Err()
}

// rawCounts aggregates the verification_log rows with from ≤ timestamp < to.
func rawCounts(ctx context.Context, db dbx.Builder, from, to time.Time) (counts, error) {
	var k counts
	err := db.NewQuery("SELECT " + aliased(countAggs("v"), countColumns) + " FROM " +
		quote(c.VerificationLog) + " v" + rawWindow("v", true)).
		Bind(timeParams(from, to)).WithContext(ctx).Row(k.fields()...)
	return k, err
}

// scanGroups reads rows of (group_id, total, verified) into m, adding to what is there.
func scanGroups(q *dbx.Query, m map[int64]*groupCounts) error {
	rows, err := q.Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var g groupCounts
		if err := rows.Scan(&g.GroupID, &g.Total, &g.Verified); err != nil {
			return err
		}
		if have, ok := m[g.GroupID]; ok {
			have.Total += g.Total
			have.Verified += g.Verified
		} else {
			m[g.GroupID] = &g
		}
	}
	return rows.Err()
}

// rawGroupsSQL aggregates verification_log rows per group within a window.
func rawGroupsSQL(bounded bool) string {
	return "SELECT " + col("v", c.FieldGroupID) + " AS g, count(*), " + statusIs("v", c.Verified) +
		" FROM " + quote(c.VerificationLog) + " v" + rawWindow("v", bounded) + " GROUP BY g"
}

// groupList flattens the map.
func groupList(m map[int64]*groupCounts) []groupCounts {
	out := make([]groupCounts, 0, len(m))
	for _, g := range m {
		out = append(out, *g)
	}
	return out
}

// histograms collects latency histograms per bucket start.
type histograms map[time.Time]*histogram

// scan reads rows of (bucket text, latency key, count) ordered by bucket, then key,
// folding each bucket into the one of unit u that contains it.
func (hs histograms) scan(q *dbx.Query, u unit) error {
	rows, err := q.Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	var cur string
	var h *histogram
	flush := func() {
		if h != nil {
			hs.merge(u.floor(parseDBTime(cur)), h)
		}
	}
	for rows.Next() {
		var bucket string
		var v, n int64
		if err := rows.Scan(&bucket, &v, &n); err != nil {
			return err
		}
		if h == nil || bucket != cur {
			flush()
			cur, h = bucket, &histogram{}
		}
		h.add(v, n)
	}
	flush()
	return rows.Err()
}

// merge folds h into the bucket at start.
func (hs histograms) merge(start time.Time, h *histogram) {
	if have := hs[start]; have != nil {
		have.merge(h)
	} else {
		hs[start] = h
	}
}

// sorted lists the buckets in ascending order.
func (hs histograms) sorted() []latencyBucket {
	out := make([]latencyBucket, 0, len(hs))
	for start, h := range hs {
		out = append(out, latencyBucket{Start: start, Hist: *h})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start.Before(out[j].Start) })
	return out
}

// bucketExpr is the bucket start (hour or day) of a stored timestamp expression.
func bucketExpr(ts string, u unit) string {
	if u == unitHour {
		return hourExpr(ts)
	}
	return dayExpr(ts)
}

// scanMethods reads rows of (method, count) into m, adding to what is there.
func scanMethods(q *dbx.Query, m map[string]int64) error {
	rows, err := q.Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		var n int64
		if err := rows.Scan(&name, &n); err != nil {
			return err
		}
		m[name] += n
	}
	return rows.Err()
}

// rawMethodsSQL counts api_call_log rows per method within a window.
func rawMethodsSQL(bounded bool) string {
	return "SELECT " + col("a", c.FieldMethod) + " AS m, count(*) FROM " + quote(c.APICallLog) + " a" +
		rawWindow("a", bounded) + " GROUP BY m"
}
