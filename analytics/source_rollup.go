package analytics

import (
	"context"
	"database/sql"
	"errors"
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

func (r *rollupSource) latencies(ctx context.Context, from time.Time, u unit) ([]latencyBucket, error) {
	rawEnd, hourFrom, err := r.split(ctx, c.VerificationLog, from)
	if err != nil {
		return nil, err
	}
	db := r.app.DB()
	hs := histograms{}
	hourTo := time.Time{} // hourly rollup up to here (zero: no bound)
	if u == unitDay {
		hourTo = ceilDay(from)
		err = hs.scan(db.NewQuery("SELECT "+quote(c.FieldDay)+", "+quote(c.FieldLatencyMS)+", "+quote(c.FieldTotal)+
			" FROM "+quote(c.RollupLatencyDaily)+" WHERE "+quote(c.FieldDay)+" >= {:d} ORDER BY "+
			quote(c.FieldDay)+", "+quote(c.FieldLatencyMS)).Bind(dbx.Params{"d": dbTime(hourTo)}).WithContext(ctx), u)
		if err != nil {
			return nil, err
		}
	}
	if hourTo.IsZero() || hourFrom.Before(hourTo) {
		q := "SELECT " + quote(c.FieldHour) + ", " + quote(c.FieldLatencyMS) + ", " + quote(c.FieldTotal) +
			" FROM " + quote(c.RollupLatencyHourly) + " WHERE " + quote(c.FieldHour) + " >= {:from}"
		if !hourTo.IsZero() {
			q += " AND " + quote(c.FieldHour) + " < {:to}"
		}
		q += " ORDER BY " + quote(c.FieldHour) + ", " + quote(c.FieldLatencyMS)
		if err := hs.scan(db.NewQuery(q).Bind(timeParams(hourFrom, hourTo)).WithContext(ctx), u); err != nil {
			return nil, err
		}
	}
	if rawEnd.After(from) {
		err = hs.scan(db.NewQuery("SELECT {:bucket}, "+latencyKey("v")+" AS l, count(*) FROM "+
			quote(c.VerificationLog)+" v"+rawWindow("v", true)+" AND "+hasLatency("v")+" GROUP BY l ORDER BY l").
			Bind(dbx.Params{"bucket": dbTime(from), "from": dbTime(from), "to": dbTime(rawEnd)}).WithContext(ctx), u)
	}
	return hs.sorted(), err
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

func (r *rollupSource) users(ctx context.Context, from time.Time, u unit) (int64, []userBucket, error) {
	return usersFrom(ctx, r.app.DB(), quote(c.RollupUsers), from, u)
}
