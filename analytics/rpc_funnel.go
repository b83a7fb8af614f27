package analytics

import (
	"context"
	"sort"
	"time"

	"github.com/pocketbase/dbx"

	c "github.com/nezuko/nezuko/collections"
)

// FunnelName is the conversion funnel RPC (issue 20), beside the original 15.
const FunnelName = "get_conversion_funnel"

// funnelStages are the funnel's four stages over a window.
type funnelStages struct {
	Checked       int64 `json:"checked"`        // joins checked
	NotSubscribed int64 `json:"not_subscribed"` // users muted or warned for missing channels
	Subscribed    int64 `json:"subscribed"`     // of those, who joined a channel afterwards
	Unmuted       int64 `json:"unmuted"`        // of those, who the bot unmuted
}

// funnelDelay is the time from block to subscription.
type funnelDelay struct {
	Samples       int64 `json:"samples"`
	MedianSeconds Num   `json:"median_seconds"`
	P90Seconds    Num   `json:"p90_seconds"`
}

// funnelGain is the channel joins of one channel, one group or one bucket.
type funnelGain struct {
	Date        string `json:"date,omitempty"`
	ChannelID   *int64 `json:"channel_id,omitempty"`
	GroupID     *int64 `json:"group_id,omitempty"`
	Title       string `json:"title,omitempty"`
	Username    string `json:"username,omitempty"`
	Subscribers int64  `json:"subscribers"` // joined as members
	Requests    int64  `json:"requests"`    // asked to join (join requests)
}

// funnelResult is the answer of get_conversion_funnel.
type funnelResult struct {
	Period          string       `json:"period"`
	GroupID         *int64       `json:"group_id"`
	Stages          funnelStages `json:"stages"`
	ConversionRate  Num          `json:"conversion_rate"`
	TimeToSubscribe funnelDelay  `json:"time_to_subscribe"`
	Gained          funnelGain   `json:"gained"`
	PerChannel      []funnelGain `json:"per_channel"`
	PerGroup        []funnelGain `json:"per_group"`
	Series          []funnelGain `json:"series"`
}

// conversionFunnel answers get_conversion_funnel: joins checked in the window; users
// muted or warned in it and, of those, who subscribed afterwards and who were unmuted;
// the conversion rate (subscribed / not subscribed); median and p90 of the time from
// block to subscription; channel joins per channel, per group whose link brought them
// (0 = other) and per bucket (hours for 24h, else days). With p_group_id, only that
// group's funnel and the joins its link brought.
func (s *Service) conversionFunnel(ctx context.Context, a args) (any, error) {
	res := funnelResult{Period: a.period, PerChannel: []funnelGain{}, PerGroup: []funnelGain{}, Series: []funnelGain{}}
	if a.group != 0 {
		g := a.group
		res.GroupID = &g
	}
	from := a.from()
	h1 := ceilHour(from)
	db := s.app.DB()
	var err error
	if res.Stages, err = funnelStagesOf(ctx, db, from, h1, a.group); err != nil {
		return nil, err
	}
	res.ConversionRate = rate(res.Stages.Subscribed, res.Stages.NotSubscribed)
	hist, err := funnelDelays(ctx, db, from, h1, a.group)
	if err != nil {
		return nil, err
	}
	res.TimeToSubscribe = funnelDelay{Samples: hist.n, MedianSeconds: hist.percentileCont(50), P90Seconds: hist.percentileCont(90)}
	joins, err := funnelJoins(ctx, db, from, h1, a.group, a.unit)
	if err != nil {
		return nil, err
	}
	names, err := chatNames(ctx, db)
	if err != nil {
		return nil, err
	}
	res.Gained, res.PerChannel, res.PerGroup, res.Series = foldJoins(joins, a.unit, names)
	return res, nil
}

// groupCond is " AND <alias>.group_id = {:grp}" when a group is asked for.
func groupCond(alias string, group int64) string {
	if group == 0 {
		return ""
	}
	return " AND " + col(alias, c.FieldGroupID) + " = {:grp}"
}

// funnelStagesOf sums the hourly funnel rollup from h1 on, plus the raw rows of the
// first, partial hour [from, h1).
func funnelStagesOf(ctx context.Context, db dbx.Builder, from, h1 time.Time, group int64) (funnelStages, error) {
	var st funnelStages
	p := dbx.Params{"h": dbTime(h1), "from": dbTime(from), "to": dbTime(h1), "grp": group}
	err := db.NewQuery("SELECT coalesce(sum("+quote(c.FieldChecked)+"), 0), coalesce(sum("+quote(c.FieldBlocked)+
		"), 0), coalesce(sum("+quote(c.FieldSubscribed)+"), 0), coalesce(sum("+quote(c.FieldUnmuted)+"), 0) FROM "+
		quote(c.RollupFunnelHourly)+" r WHERE "+col("r", c.FieldHour)+" >= {:h}"+groupCond("r", group)).
		Bind(p).WithContext(ctx).Row(&st.Checked, &st.NotSubscribed, &st.Subscribed, &st.Unmuted)
	if err != nil || !h1.After(from) {
		return st, err
	}
	var checked, blocked, subscribed, unmuted int64
	if err := db.NewQuery("SELECT count(*) FROM " + quote(c.GateEvents) + " g" + rawWindow("g", true) + " AND " +
		col("g", c.FieldKind) + " = '" + c.GateChecked + "'" + groupCond("g", group)).
		Bind(p).WithContext(ctx).Row(&checked); err != nil {
		return st, err
	}
	b := col("x", c.FieldBlockedAt)
	if err := db.NewQuery("SELECT count(*), coalesce(sum("+col("x", c.FieldSubscribedAt)+" != ''), 0), coalesce(sum("+
		col("x", c.FieldUnmutedAt)+" != ''), 0) FROM "+quote(c.RollupFunnelEpisodes)+" x WHERE "+b+
		" >= {:from} AND "+b+" < {:to}"+groupCond("x", group)).
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
// the window: the daily rollup for whole days, the hourly one for the hours [h1, first
// midnight), the episodes of the partial first hour.
func funnelDelays(ctx context.Context, db dbx.Builder, from, h1 time.Time, group int64) (histogram, error) {
	d1 := ceilDay(from)
	p := dbx.Params{"h": dbTime(h1), "d": dbTime(d1), "from": dbTime(from), "to": dbTime(h1), "grp": group}
	d := quote(c.FieldDelayS)
	q := "SELECT " + d + ", sum(n) FROM (SELECT r." + d + ", r." + quote(c.FieldTotal) + " AS n FROM " +
		quote(c.RollupFunnelDelayDaily) + " r WHERE " + col("r", c.FieldDay) + " >= {:d}" + groupCond("r", group) +
		" UNION ALL SELECT r." + d + ", r." + quote(c.FieldTotal) + " FROM " + quote(c.RollupFunnelDelay) + " r WHERE " +
		col("r", c.FieldHour) + " >= {:h} AND " + col("r", c.FieldHour) + " < {:d}" + groupCond("r", group)
	if h1.After(from) {
		b := col("x", c.FieldBlockedAt)
		q += " UNION ALL SELECT x." + d + ", 1 FROM " + quote(c.RollupFunnelEpisodes) + " x WHERE " + b +
			" >= {:from} AND " + b + " < {:to} AND " + col("x", c.FieldSubscribedAt) + " != ''" + groupCond("x", group)
	}
	rows, err := db.NewQuery(q + ") GROUP BY " + d + " ORDER BY " + d).Bind(p).WithContext(ctx).Rows()
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

// joinCount is channel joins of one bucket (Hour is its start), channel, group and via.
type joinCount struct {
	Hour      time.Time
	ChannelID int64
	GroupID   int64
	Via       string
	N         int64
}

// funnelJoins reads channel joins per bucket of unit u (hour or day), channel, group
// and via: for days, the daily rollup for whole days and the hourly one for the hours
// [h1, first midnight); for hours, the hourly rollup from h1 on; and the raw
// channel_joins rows of the partial first hour (added up in SQL, so only the buckets
// come back).
func funnelJoins(ctx context.Context, db dbx.Builder, from, h1 time.Time, group int64, u unit) ([]joinCount, error) {
	d1 := ceilDay(from)
	p := dbx.Params{"h": dbTime(h1), "d": dbTime(d1), "from": dbTime(from), "to": dbTime(h1), "grp": group}
	cols := func(a, n string) string {
		return col(a, c.FieldChannelID) + " AS ch, " + col(a, c.FieldGroupID) + " AS gr, " + col(a, c.FieldVia) + " AS v, " + n + " AS n"
	}
	q := "SELECT " + col("r", c.FieldHour) + " AS h, " + cols("r", col("r", c.FieldTotal)) + " FROM " +
		quote(c.RollupJoinsHourly) + " r WHERE " + col("r", c.FieldHour) + " >= {:h}" + groupCond("r", group)
	if u == unitDay {
		q += " AND " + col("r", c.FieldHour) + " < {:d} UNION ALL SELECT " + col("r", c.FieldDay) + ", " +
			cols("r", col("r", c.FieldTotal)) + " FROM " + quote(c.RollupJoinsDaily) + " r WHERE " + col("r", c.FieldDay) +
			" >= {:d}" + groupCond("r", group)
	}
	if h1.After(from) {
		q += " UNION ALL SELECT " + hourExpr(col("j", c.FieldTimestamp)) + ", " + cols("j", "count(*)") + " FROM " +
			quote(c.ChannelJoins) + " j" + rawWindow("j", true) + groupCond("j", group) + " GROUP BY 1, 2, 3, 4"
	}
	q = "SELECT " + bucketExpr("h", u) + " AS b, ch, gr, v, sum(n) FROM (" + q + ") GROUP BY b, ch, gr, v"
	rows, err := db.NewQuery(q).Bind(p).WithContext(ctx).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []joinCount
	for rows.Next() {
		var j joinCount
		var bucket string
		if err := rows.Scan(&bucket, &j.ChannelID, &j.GroupID, &j.Via, &j.N); err != nil {
			return nil, err
		}
		j.Hour = parseDBTime(bucket)
		out = append(out, j)
	}
	return out, rows.Err()
}

// chatName is a chat's title and username.
type chatName struct{ title, username string }

// names are the titles of groups and channels by Telegram id.
type names struct{ groups, channels map[int64]chatName }

// chatNames reads the titles of every protected group and enforced channel.
func chatNames(ctx context.Context, db dbx.Builder) (names, error) {
	n := names{groups: map[int64]chatName{}, channels: map[int64]chatName{}}
	var gs []struct {
		ID    int64  `db:"i"`
		Title string `db:"t"`
	}
	if err := db.NewQuery("SELECT " + quote(c.FieldGroupID) + " AS i, " + quote(c.FieldTitle) + " AS t FROM " +
		quote(c.ProtectedGroups)).WithContext(ctx).All(&gs); err != nil {
		return n, err
	}
	for _, g := range gs {
		n.groups[g.ID] = chatName{title: g.Title}
	}
	var cs []struct {
		ID       int64  `db:"i"`
		Title    string `db:"t"`
		Username string `db:"u"`
	}
	if err := db.NewQuery("SELECT " + quote(c.FieldChannelID) + " AS i, " + quote(c.FieldTitle) + " AS t, " +
		quote(c.FieldUsername) + " AS u FROM " + quote(c.EnforcedChannels)).WithContext(ctx).All(&cs); err != nil {
		return n, err
	}
	for _, ch := range cs {
		n.channels[ch.ID] = chatName{title: ch.Title, username: ch.Username}
	}
	return n, nil
}

// OtherTitle is the title of channel joins no group's link brought (group_id 0).
const OtherTitle = "other"

// foldJoins totals the joins, per channel, per group and per (bucket, channel, group).
func foldJoins(joins []joinCount, u unit, n names) (total funnelGain, perChannel, perGroup, series []funnelGain) {
	chans, groups := map[int64]*funnelGain{}, map[int64]*funnelGain{}
	type key struct {
		at      time.Time
		ch, grp int64
	}
	buckets := map[key]*funnelGain{}
	add := func(g *funnelGain, j joinCount) {
		if j.Via == c.JoinViaRequest {
			g.Requests += j.N
		} else {
			g.Subscribers += j.N
		}
	}
	for _, j := range joins {
		add(&total, j)
		if chans[j.ChannelID] == nil {
			id := j.ChannelID
			nm := n.channels[id]
			chans[id] = &funnelGain{ChannelID: &id, Title: nm.title, Username: nm.username}
		}
		add(chans[j.ChannelID], j)
		if groups[j.GroupID] == nil {
			id := j.GroupID
			title := OtherTitle
			if id != c.NoGroup {
				title = n.groups[id].title
			}
			groups[id] = &funnelGain{GroupID: &id, Title: title}
		}
		add(groups[j.GroupID], j)
		k := key{u.floor(j.Hour), j.ChannelID, j.GroupID}
		if buckets[k] == nil {
			ch, grp := j.ChannelID, j.GroupID
			buckets[k] = &funnelGain{Date: u.dateLabel(k.at), ChannelID: &ch, GroupID: &grp}
		}
		add(buckets[k], j)
	}
	byGain := func(m map[int64]*funnelGain) []funnelGain {
		out := make([]funnelGain, 0, len(m))
		for _, g := range m {
			out = append(out, *g)
		}
		sort.Slice(out, func(i, j int) bool {
			a, b := out[i], out[j]
			if a.Subscribers != b.Subscribers {
				return a.Subscribers > b.Subscribers
			}
			if a.Requests != b.Requests {
				return a.Requests > b.Requests
			}
			return idOf(a) < idOf(b)
		})
		return out
	}
	perChannel, perGroup = byGain(chans), byGain(groups)
	series = make([]funnelGain, 0, len(buckets))
	for _, g := range buckets {
		series = append(series, *g)
	}
	sort.Slice(series, func(i, j int) bool {
		a, b := series[i], series[j]
		if a.Date != b.Date {
			return a.Date < b.Date
		}
		if *a.ChannelID != *b.ChannelID {
			return *a.ChannelID < *b.ChannelID
		}
		return *a.GroupID < *b.GroupID
	})
	return total, perChannel, perGroup, series
}

// idOf is the channel or group id of a gain, for ordering.
func idOf(g funnelGain) int64 {
	if g.ChannelID != nil {
		return *g.ChannelID
	}
	if g.GroupID != nil {
		return *g.GroupID
	}
	return 0
}
