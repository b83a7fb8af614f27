package analytics

import (
	"context"
	"time"

	"github.com/pocketbase/dbx"

	c "github.com/nezuko/nezuko/collections"
)

// funnelWindow is how get_conversion_funnel reads [from, now): the daily rollups for
// the whole days from d1, the hourly ones for the hours [h1, d1), and for the first,
// partial hour [from, h1) the episodes (a rollup, never pruned) and the raw rows of
// gate_events and channel_joins — unless retention deleted those already, in which
// case that whole hour h0 comes from the hourly rollup (as for the other RPCs).
type funnelWindow struct {
	from, h0, h1, d1 time.Time
	group            int64
	gateRaw          bool // the first partial hour's checks are read from gate_events
	joinsRaw         bool // the first partial hour's joins are read from channel_joins
}

// funnelWindowOf plans the reads of the window starting at from.
func funnelWindowOf(ctx context.Context, db dbx.Builder, from time.Time, group int64) (funnelWindow, error) {
	w := funnelWindow{from: from, h0: unitHour.floor(from), h1: ceilHour(from), d1: ceilDay(from), group: group}
	partial := w.h1.After(from)
	gateFloor, err := rawFloor(ctx, db, c.GateEvents)
	if err != nil {
		return w, err
	}
	joinsFloor, err := rawFloor(ctx, db, c.ChannelJoins)
	w.gateRaw = partial && !from.Before(gateFloor)
	w.joinsRaw = partial && !from.Before(joinsFloor)
	return w, err
}

// params binds the window's bounds: {:h0} {:h} (h1) {:d} (d1) {:from} {:to} (h1) {:grp}.
func (w funnelWindow) params() dbx.Params {
	return dbx.Params{"h0": dbTime(w.h0), "h": dbTime(w.h1), "d": dbTime(w.d1), "from": dbTime(w.from),
		"to": dbTime(w.h1), "grp": w.group}
}

// partial is whether the window starts mid-hour.
func (w funnelWindow) partial() bool { return w.h1.After(w.from) }

// groupCond is " AND <alias>.group_id = {:grp}" when a group is asked for.
func groupCond(alias string, group int64) string {
	if group == 0 {
		return ""
	}
	return " AND " + col(alias, c.FieldGroupID) + " = {:grp}"
}

// funnelStagesOf sums the daily stage rollup from d1, the hourly one over [h1, d1) and
// the first, partial hour.
func funnelStagesOf(ctx context.Context, db dbx.Builder, w funnelWindow) (funnelStages, error) {
	var st funnelStages
	p := w.params()
	counts := []string{c.FieldChecked, c.FieldBlocked, c.FieldSubscribed, c.FieldUnmuted}
	sums := ""
	for i, f := range counts {
		if i > 0 {
			sums += ", "
		}
		sums += "coalesce(sum(" + quote(f) + "), 0)"
	}
	err := db.NewQuery("SELECT "+sums+" FROM (SELECT "+quotedList(counts)+" FROM "+quote(c.RollupFunnelDaily)+
		" r WHERE "+col("r", c.FieldDay)+" >= {:d}"+groupCond("r", w.group)+" UNION ALL SELECT "+
		quotedList(counts)+" FROM "+quote(c.RollupFunnelHourly)+" r WHERE "+col("r", c.FieldHour)+
		" >= {:h} AND "+col("r", c.FieldHour)+" < {:d}"+groupCond("r", w.group)+")").
		Bind(p).WithContext(ctx).Row(&st.Checked, &st.NotSubscribed, &st.Subscribed, &st.Unmuted)
	if err != nil || !w.partial() {
		return st, err
	}
	var checked, blocked, subscribed, unmuted int64
	checkedSQL := "SELECT count(*) FROM " + quote(c.GateEvents) + " g" + rawWindow("g", true) + " AND " +
		col("g", c.FieldKind) + " = '" + c.GateChecked + "'" + groupCond("g", w.group)
	if !w.gateRaw { // retention deleted them: the whole first hour from the rollup
		checkedSQL = "SELECT coalesce(sum(" + quote(c.FieldChecked) + "), 0) FROM " + quote(c.RollupFunnelHourly) +
			" r WHERE " + col("r", c.FieldHour) + " = {:h0}" + groupCond("r", w.group)
	}
	if err := db.NewQuery(checkedSQL).Bind(p).WithContext(ctx).Row(&checked); err != nil {
		return st, err
	}
	b := col("x", c.FieldBlockedAt)
	if err := db.NewQuery("SELECT count(*), coalesce(sum("+col("x", c.FieldSubscribedAt)+" != ''), 0), coalesce(sum("+
		col("x", c.FieldUnmutedAt)+" != ''), 0) FROM "+quote(c.RollupFunnelEpisodes)+" x WHERE "+b+
		" >= {:from} AND "+b+" < {:to}"+groupCond("x", w.group)).
		Bind(p).WithContext(ctx).Row(&blocked, &subscribed, &unmuted); err != nil {
		return st, err
	}
	st.Checked += checked
	st.NotSubscribed += blocked
	st.Subscribed += subscribed
	st.Unmuted += unmuted
	return st, nil
}

// funnelDelays is the histogram of block-to-subscription times of the users blocked in
// the window: for whole days the all-groups daily histogram (or the group's), the
// group hourly one for the hours [h1, d1), the episodes of the partial first hour.
func funnelDelays(ctx context.Context, db dbx.Builder, w funnelWindow) (histogram, error) {
	d := quote(c.FieldDelayS)
	days := quote(c.RollupFunnelDelayAll) + " r WHERE " + col("r", c.FieldDay) + " >= {:d}"
	if w.group != 0 {
		days = quote(c.RollupFunnelDelayDaily) + " r WHERE " + col("r", c.FieldDay) + " >= {:d}" + groupCond("r", w.group)
	}
	q := "SELECT " + d + ", sum(n) FROM (SELECT r." + d + ", r." + quote(c.FieldTotal) + " AS n FROM " + days +
		" UNION ALL SELECT r." + d + ", r." + quote(c.FieldTotal) + " FROM " + quote(c.RollupFunnelDelay) + " r WHERE " +
		col("r", c.FieldHour) + " >= {:h} AND " + col("r", c.FieldHour) + " < {:d}" + groupCond("r", w.group)
	if w.partial() {
		b := col("x", c.FieldBlockedAt)
		q += " UNION ALL SELECT x." + d + ", 1 FROM " + quote(c.RollupFunnelEpisodes) + " x WHERE " + b +
			" >= {:from} AND " + b + " < {:to} AND " + col("x", c.FieldSubscribedAt) + " != ''" + groupCond("x", w.group)
	}
	rows, err := db.NewQuery(q + ") GROUP BY " + d + " ORDER BY " + d).Bind(w.params()).WithContext(ctx).Rows()
	var h histogram
	if err != nil {
		return h, err
	}
	defer rows.Close()
	for rows.Next() {
		var v, n int64
		if err := rows.Scan(&v, &n); err != nil {
			return h, err
		}
		h.add(v, n)
	}
	return h, rows.Err()
}

// joinCount is channel joins of one bucket (Hour is its start), channel and group:
// as members and as join requests.
type joinCount struct {
	Hour      time.Time
	ChannelID int64
	GroupID   int64
	Members   int64
	Requests  int64
}

// funnelJoins reads channel joins per bucket of unit u (hour or day), channel and
// group, members and requests apart: for days, the daily rollup for whole days (its
// index order is the grouping, so a long window is one index range, no sort) and the
// hourly rollup up to the first midnight; for hours, the hourly rollup; and the raw
// channel_joins rows of the partial first hour. The parts may repeat a bucket (the
// first day): foldJoins adds them up.
func funnelJoins(ctx context.Context, db dbx.Builder, w funnelWindow, u unit) ([]joinCount, error) {
	part := func(table, alias, bucket, n, where string) string {
		isReq := col(alias, c.FieldVia) + " = '" + c.JoinViaRequest + "'"
		return "SELECT " + bucket + ", " + col(alias, c.FieldChannelID) + ", " + col(alias, c.FieldGroupID) +
			", sum(CASE WHEN " + isReq + " THEN 0 ELSE " + n + " END), sum(CASE WHEN " + isReq + " THEN " + n +
			" ELSE 0 END) FROM " + quote(table) + " " + alias + where + groupCond(alias, w.group) + " GROUP BY 1, 2, 3"
	}
	hourFrom := "{:h}"
	if w.partial() && !w.joinsRaw {
		hourFrom = "{:h0}" // retention deleted the raw rows: the whole first hour
	}
	hourly := " WHERE " + col("r", c.FieldHour) + " >= " + hourFrom
	if u == unitDay {
		hourly += " AND " + col("r", c.FieldHour) + " < {:d}"
	}
	q := part(c.RollupJoinsHourly, "r", bucketExpr(col("r", c.FieldHour), u), col("r", c.FieldTotal), hourly)
	if u == unitDay {
		q += " UNION ALL " + part(c.RollupJoinsDaily, "r", col("r", c.FieldDay), col("r", c.FieldTotal),
			" WHERE "+col("r", c.FieldDay)+" >= {:d}")
	}
	if w.joinsRaw {
		q += " UNION ALL " + part(c.ChannelJoins, "j", bucketExpr(col("j", c.FieldTimestamp), u), "1", rawWindow("j", true))
	}
	rows, err := db.NewQuery(q).Bind(w.params()).WithContext(ctx).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []joinCount
	for rows.Next() {
		var j joinCount
		var bucket string
		if err := rows.Scan(&bucket, &j.ChannelID, &j.GroupID, &j.Members, &j.Requests); err != nil {
			return nil, err
		}
		j.Hour = parseDBTime(bucket)
		out = append(out, j)
	}
	return out, rows.Err()
}
