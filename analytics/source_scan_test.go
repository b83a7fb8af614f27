package analytics

import (
	"context"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
)

// scanSource answers every question with a full scan of the raw logs, counting rows with
// the same SQL fragments as the rollups. It is the reference the rollups are tested
// against, never used to serve requests.
type scanSource struct{ app core.App }

var _ source = (*scanSource)(nil)

func (s *scanSource) hours(ctx context.Context, from time.Time) ([]hourCounts, error) {
	ts := col("v", c.FieldTimestamp)
	return scanHourCounts(s.app.DB().NewQuery("SELECT " + hourExpr(ts) + " AS h, " +
		aliased(countAggs("v"), countColumns) + " FROM " + quote(c.VerificationLog) + " v" +
		rawWindow("v", false) + " GROUP BY h ORDER BY h").Bind(timeParams(from, from)).WithContext(ctx))
}

func (s *scanSource) groups(ctx context.Context, from time.Time) ([]groupCounts, error) {
	m := map[int64]*groupCounts{}
	err := scanGroups(s.app.DB().NewQuery(rawGroupsSQL(false)).Bind(timeParams(from, from)).WithContext(ctx), m)
	return groupList(m), err
}

func (s *scanSource) latencies(ctx context.Context, from time.Time, u unit, _ map[time.Time]bool) ([]latencyBucket, error) {
	hs := histograms{}
	err := hs.scan(s.app.DB().NewQuery("SELECT "+bucketExpr(col("v", c.FieldTimestamp), u)+" AS b, "+
		latencyKey("v")+" AS l, count(*) FROM "+quote(c.VerificationLog)+" v"+rawWindow("v", false)+
		" AND "+hasLatency("v")+" GROUP BY b, l ORDER BY b, l").Bind(timeParams(from, from)).WithContext(ctx), u)
	return hs.sorted(), err
}

func (s *scanSource) methods(ctx context.Context, from time.Time) (map[string]int64, error) {
	m := map[string]int64{}
	err := scanMethods(s.app.DB().NewQuery(rawMethodsSQL(false)).Bind(timeParams(from, from)).WithContext(ctx), m)
	return m, err
}

func (s *scanSource) users(ctx context.Context, from time.Time, u unit) (int64, []userBucket, error) {
	v := col("v", c.FieldTimestamp)
	table := "(SELECT " + col("v", c.FieldUserID) + " AS " + quote(c.FieldUserID) + ", min(" + v + ") AS " +
		quote(c.FieldFirstSeen) + " FROM " + quote(c.VerificationLog) + " v WHERE " + v + " != '' GROUP BY " +
		col("v", c.FieldUserID) + ")"
	return usersFrom(ctx, s.app.DB(), table, from, u)
}

// usersFrom answers source.users over a table expression with user_id and first_seen.
func usersFrom(ctx context.Context, db dbx.Builder, table string, from time.Time, u unit) (int64, []userBucket, error) {
	first := col("f", c.FieldFirstSeen)
	var before int64
	p := dbx.Params{"from": dbTime(from)}
	if err := db.NewQuery("SELECT count(*) FROM " + table + " f WHERE " + first + " < {:from}").
		Bind(p).WithContext(ctx).Row(&before); err != nil {
		return 0, nil, err
	}
	rows, err := db.NewQuery("SELECT " + bucketExpr(first, u) + " AS b, count(*) FROM " + table + " f WHERE " +
		first + " >= {:from} GROUP BY b ORDER BY b").Bind(p).WithContext(ctx).Rows()
	if err != nil {
		return 0, nil, err
	}
	defer rows.Close()
	var series []userBucket
	for rows.Next() {
		var bucket string
		var n int64
		if err := rows.Scan(&bucket, &n); err != nil {
			return 0, nil, err
		}
		series = append(series, userBucket{Start: parseDBTime(bucket), New: n})
	}
	return before, series, rows.Err()
}
