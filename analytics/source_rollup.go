package analytics

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
)

// rollupSource answers from the rollups. A rolling window [from, ∞) starts mid-hour, so
// it is read as the raw rows of [from, next hour) — at most one hour of rows, found by
// the timestamp index — plus the rollup rows of every later hour. Latency histograms
// also use the daily rollup for whole days. When retention has already deleted the raw
// rows of that first partial hour, the whole hour is taken from the rollup instead.
type rollupSource struct{ app core.App }

var _ source = (*rollupSource)(nil)

// split divides [from, ∞) into raw rows [from, rawEnd) and rollup hours ≥ hourFrom.
func (r *rollupSource) split(ctx context.Context, log string, from time.Time) (rawEnd, hourFrom time.Time, err error) {
	h := ceilHour(from)
	if h.Equal(from) {
		return from, from, nil
	}
	floor, err := rawFloor(ctx, r.app.DB(), log)
	if err != nil {
		return from, from, err
	}
	if from.Before(floor) {
		return from, unitHour.floor(from), nil
	}
	return h, h, nil
}

// rawFloor is the time before which retention deleted the log's raw rows (zero: none).
func rawFloor(ctx context.Context, db dbx.Builder, log string) (time.Time, error) {
	var s string
	err := db.NewQuery("SELECT " + quote(c.FieldRawFloor) + " FROM " + quote(c.RollupState) +
		" WHERE " + quote(c.FieldKey) + " = {:k}").Bind(dbx.Params{"k": log}).WithContext(ctx).Row(&s)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, nil
	}
	return parseDBTime(s), err
}

func (r *rollupSource) hours(ctx context.Context, from time.Time) ([]hourCounts, error) {
	rawEnd, hourFrom, err := r.split(ctx, c.VerificationLog, from)
	if err != nil {
		return nil, err
	}
	db := r.app.DB()
	out, err := scanHourCounts(db.NewQuery("SELECT " + quote(c.FieldHour) + ", " + sumColumns(countColumns) +
		" FROM " + quote(c.RollupVerificationHourly) + " WHERE " + quote(c.FieldHour) + " >= {:h}" +
		" GROUP BY " + quote(c.FieldHour) + " ORDER BY " + quote(c.FieldHour)).
		Bind(dbx.Params{"h": dbTime(hourFrom)}).WithContext(ctx))
	if err != nil || !rawEnd.After(from) {
		return out, err
	}
	k, err := rawCounts(ctx, db, from, rawEnd)
	if err != nil || k.Total == 0 {
		return out, err
	}
	return append([]hourCounts{{Hour: unitHour.floor(from), counts: k}}, out...), nil
}

func (r *rollupSource) groups(ctx context.Context, from time.Time) ([]groupCounts, error) {
	rawEnd, hourFrom, err := r.split(ctx, c.VerificationLog, from)
	if err != nil {
		return nil, err
	}
	db := r.app.DB()
	m := map[int64]*groupCounts{}
	err = scanGroups(db.NewQuery("SELECT "+quote(c.FieldGroupID)+", sum("+quote(c.FieldTotal)+"), sum("+
		quote(c.FieldVerified)+") FROM "+quote(c.RollupGroupHourly)+" WHERE "+quote(c.FieldHour)+
		" >= {:h} GROUP BY "+quote(c.FieldGroupID)).Bind(dbx.Params{"h": dbTime(hourFrom)}).WithContext(ctx), m)
	if err == nil && rawEnd.After(from) {
		err = scanGroups(db.NewQuery(rawGroupsSQL(true)).Bind(timeParams(from, rawEnd)).WithContext(ctx), m)
	}
	return groupList(m), err
}

func (r *rollupSource) latencies(ctx context.Context, from time.Time, u unit, want map[time.Time]bool) ([]latencyBucket, error) {
	rawEnd, hourFrom, err := r.split(ctx, c.VerificationLog, from)
	if err != nil {
		return nil, err
	}
	db := r.app.DB()
	hs := histograms{}
	first := u.floor(from)
	wanted := func(start time.Time) bool { return want == nil || want[start] }
	hourTo := time.Time{} // hourly rollup up to here (zero: no bound)
	if u == unitDay {
		hourTo = ceilDay(from)
		if err := hs.scan(histogramQuery(ctx, db, c.RollupLatencyDaily, c.FieldDay, hourTo, time.Time{}, want), u); err != nil {
			return nil, err
		}
	}
	if hourTo.IsZero() || (hourFrom.Before(hourTo) && wanted(first)) {
		hourWant := want
		if u == unitDay {
			hourWant = nil // the hours of the first, wanted day
		}
		if err := hs.scan(histogramQuery(ctx, db, c.RollupLatencyHourly, c.FieldHour, hourFrom, hourTo, hourWant), u); err != nil {
			return nil, err
		}
	}
	if rawEnd.After(from) && wanted(first) {
		err = hs.scan(db.NewQuery("SELECT {:bucket}, "+latencyKey("v")+" AS l, count(*) FROM "+
			quote(c.VerificationLog)+" v"+rawWindow("v", true)+" AND "+hasLatency("v")+" GROUP BY l ORDER BY l").
			Bind(dbx.Params{"bucket": dbTime(from), "from": dbTime(from), "to": dbTime(rawEnd)}).WithContext(ctx), u)
	}
	return hs.sorted(), err
}

// histogramQuery reads (bucket, latency key, count) rows of a histogram rollup for
// buckets in [from, to) (to zero: no bound), only those in want when it is not nil.
func histogramQuery(ctx context.Context, db dbx.Builder, table, bucket string, from, to time.Time, want map[time.Time]bool) *dbx.Query {
	b := quote(bucket)
	q := "SELECT " + b + ", " + quote(c.FieldLatencyMS) + ", " + quote(c.FieldTotal) + " FROM " + quote(table) +
		" WHERE " + b + " >= {:from}"
	p := dbx.Params{"from": dbTime(from)}
	if !to.IsZero() {
		q += " AND " + b + " < {:to}"
		p["to"] = dbTime(to)
	}
	if want != nil {
		names := make([]string, 0, len(want))
		for start := range want {
			name := "w" + strconv.Itoa(len(names))
			names = append(names, "{:"+name+"}")
			p[name] = dbTime(start)
		}
		if len(names) == 0 {
			names = append(names, "''")
		}
		q += " AND " + b + " IN (" + strings.Join(names, ", ") + ")"
	}
	return db.NewQuery(q + " ORDER BY " + b + ", " + quote(c.FieldLatencyMS)).Bind(p).WithContext(ctx)
}

func (r *rollupSource) methods(ctx context.Context, from time.Time) (map[string]int64, error) {
	rawEnd, hourFrom, err := r.split(ctx, c.APICallLog, from)
	if err != nil {
		return nil, err
	}
	db := r.app.DB()
	m := map[string]int64{}
	err = scanMethods(db.NewQuery("SELECT "+quote(c.FieldMethod)+", sum("+quote(c.FieldTotal)+") FROM "+
		quote(c.RollupAPIHourly)+" WHERE "+quote(c.FieldHour)+" >= {:h} GROUP BY "+quote(c.FieldMethod)).
		Bind(dbx.Params{"h": dbTime(hourFrom)}).WithContext(ctx), m)
	if err == nil && rawEnd.After(from) {
		err = scanMethods(db.NewQuery(rawMethodsSQL(true)).Bind(timeParams(from, rawEnd)).WithContext(ctx), m)
	}
	return m, err
}

// users reads the hourly new-user counts; only the first, partial hour of the window
// looks at rollup_users itself (an index range of at most one hour of first sightings).
func (r *rollupSource) users(ctx context.Context, from time.Time, u unit) (int64, []userBucket, error) {
	db := r.app.DB()
	h0, h1 := unitHour.floor(from), ceilHour(from)
	hour, total := quote(c.FieldHour), quote(c.FieldTotal)
	var before, early, partial int64
	if err := db.NewQuery("SELECT coalesce(sum(" + total + "), 0) FROM " + quote(c.RollupNewUsersHourly) +
		" WHERE " + hour + " < {:h}").Bind(dbx.Params{"h": dbTime(h0)}).WithContext(ctx).Row(&before); err != nil {
		return 0, nil, err
	}
	firstIn := "SELECT count(*) FROM " + quote(c.RollupUsers) + " WHERE " + quote(c.FieldFirstSeen) + " >= {:from} AND " +
		quote(c.FieldFirstSeen) + " < {:to}"
	if err := db.NewQuery(firstIn).Bind(timeParams(h0, from)).WithContext(ctx).Row(&early); err != nil {
		return 0, nil, err
	}
	if err := db.NewQuery(firstIn).Bind(timeParams(from, h1)).WithContext(ctx).Row(&partial); err != nil {
		return 0, nil, err
	}
	var series []userBucket
	add := func(start time.Time, n int64) {
		start = u.floor(start)
		if k := len(series); k > 0 && series[k-1].Start.Equal(start) {
			series[k-1].New += n
		} else if n > 0 {
			series = append(series, userBucket{Start: start, New: n})
		}
	}
	add(h0, partial)
	rows, err := db.NewQuery("SELECT " + hour + ", " + total + " FROM " + quote(c.RollupNewUsersHourly) + " WHERE " +
		hour + " >= {:h} AND " + total + " > 0 ORDER BY " + hour).Bind(dbx.Params{"h": dbTime(h1)}).WithContext(ctx).Rows()
	if err != nil {
		return 0, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var bucket string
		var n int64
		if err := rows.Scan(&bucket, &n); err != nil {
			return 0, nil, err
		}
		add(parseDBTime(bucket), n)
	}
	return before + early, series, rows.Err()
}
