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

// The conversion funnel's rollups, kept like the others (a rowid watermark per log):
//
//   - gate_events "checked" rows are counted per hour and group (rollup_funnel_hourly).
//   - A "muted" or "warned" row opens an episode (rollup_funnel_episodes) for the
//     (group, user), unless one is open already (not yet subscribed nor unmuted): a
//     mute and its warning, or repeated warnings, are one block.
//   - A channel_joins row of the user into a channel linked to the group, at or after
//     the block, marks the episode subscribed; so does the bot's unmute (it lifts a
//     mute only once it saw the user in every channel), which also marks it unmuted.
//     Whichever of the block and the join is rolled up second makes the link, so the
//     order in which the two logs are committed does not matter.
//
// Every stage is counted per hour and per day (rollup_funnel_hourly, rollup_funnel_daily);
// blocked, subscribed and unmuted in the hour and day of the block (a cohort), so a
// window's stages are "blocked in the window, and of those …". The time from block to
// subscription (delayKey: two significant digits) goes into a histogram per block hour
// and group, per block day and group, and per block day for all groups
// (rollup_funnel_delay, rollup_funnel_delay_daily, rollup_funnel_delay_all); channel
// joins are counted per hour and per day (rollup_joins_hourly, rollup_joins_daily). So
// a long window reads whole days: its cost is bounded by days × groups (stages), days ×
// delay keys (a few hundred a day) and days × (channel, group) pairs (joins), whatever
// the number of rows.

var gateRollup = rolledLog{name: c.GateEvents, statements: gateStatements(), apply: applyGateEvents}

var joinsRollup = rolledLog{name: c.ChannelJoins, statements: joinStatements(), apply: applyChannelJoins}

// funnelStageTables are the stage rollups: per hour and per day.
var funnelStageTables = []struct{ table, bucket string }{
	{c.RollupFunnelHourly, c.FieldHour},
	{c.RollupFunnelDaily, c.FieldDay},
}

// bucketOf is the start of the hour or day (bucket field) of the timestamp expression ts.
func bucketOf(bucket, ts string) string {
	if bucket == c.FieldDay {
		return dayExpr(ts)
	}
	return hourExpr(ts)
}

func gateStatements() []string {
	ts := col("g", c.FieldTimestamp)
	var out []string
	for _, t := range funnelStageTables {
		out = append(out, "INSERT INTO "+quote(t.table)+" ("+quote(t.bucket)+", "+
			quote(c.FieldGroupID)+", "+quote(c.FieldChecked)+") SELECT "+bucketOf(t.bucket, ts)+" AS h, "+
			col("g", c.FieldGroupID)+" AS gr, count(*) FROM "+quote(c.GateEvents)+" g"+rangeFilter("g")+
			" AND "+col("g", c.FieldKind)+" = '"+c.GateChecked+"' GROUP BY h, gr ON CONFLICT("+
			quote(t.bucket)+", "+quote(c.FieldGroupID)+") DO UPDATE SET "+addExcluded([]string{c.FieldChecked}))
	}
	return out
}

func joinStatements() []string {
	ts := col("j", c.FieldTimestamp)
	stmt := func(table, bucket, bucketExpr string) string {
		key := []string{bucket, c.FieldChannelID, c.FieldGroupID, c.FieldVia}
		return "INSERT INTO " + quote(table) + " (" + quotedList(key) + ", " + quote(c.FieldTotal) +
			") SELECT " + bucketExpr + " AS h, " + col("j", c.FieldChannelID) + " AS ch, " + col("j", c.FieldGroupID) +
			" AS gr, " + col("j", c.FieldVia) + " AS v, count(*) FROM " + quote(c.ChannelJoins) + " j" + rangeFilter("j") +
			" GROUP BY h, ch, gr, v ON CONFLICT(" + quotedList(key) + ") DO UPDATE SET " + addExcluded([]string{c.FieldTotal})
	}
	return []string{stmt(c.RollupJoinsHourly, c.FieldHour, hourExpr(ts)), stmt(c.RollupJoinsDaily, c.FieldDay, dayExpr(ts))}
}

// gateRow is one gate_events row being rolled up.
type gateRow struct {
	GroupID int64  `db:"g"`
	UserID  int64  `db:"u"`
	Kind    string `db:"k"`
	At      string `db:"t"`
}

// applyGateEvents rolls the blocks and unmutes among the rows lo < rowid ≤ hi into
// the episodes.
func applyGateEvents(ctx context.Context, db dbx.Builder, lo, hi int64) error {
	var rows []gateRow
	err := db.NewQuery("SELECT " + col("e", c.FieldGroupID) + " AS g, " + col("e", c.FieldUserID) + " AS u, " +
		col("e", c.FieldKind) + " AS k, " + col("e", c.FieldTimestamp) + " AS t FROM " + quote(c.GateEvents) + " e" +
		rangeFilter("e") + " AND " + col("e", c.FieldKind) + " != '" + c.GateChecked + "' ORDER BY e.rowid").
		Bind(dbx.Params{"lo": lo, "hi": hi}).WithContext(ctx).All(&rows)
	if err != nil || len(rows) == 0 {
		return err
	}
	b := newFunnelBatch(ctx, db)
	defer b.close()
	for _, r := range rows {
		if r.Kind == c.GateUnmuted {
			err = b.unmuteEpisode(r)
		} else {
			err = b.openEpisode(r)
		}
		if err != nil {
			return err
		}
	}
	return b.writeCounts()
}

// episode is one rollup_funnel_episodes row.
type episode struct {
	ID           string `db:"id"`
	GroupID      int64  `db:"g"`
	BlockedAt    string `db:"b"`
	SubscribedAt string `db:"s"`
	UnmutedAt    string `db:"un"`
}

// episodeColumns selects an episode's fields (alias x) for scanning into episode.
func episodeColumns() string {
	return col("x", c.FieldID) + " AS id, " + col("x", c.FieldGroupID) + " AS g, " + col("x", c.FieldBlockedAt) +
		" AS b, " + col("x", c.FieldSubscribedAt) + " AS s, " + col("x", c.FieldUnmutedAt) + " AS un"
}

// The per-row statements of the episode writes (prepared once per step: funnelBatch).
var (
	latestEpisodeSQL = "SELECT " + episodeColumns() + " FROM " + quote(c.RollupFunnelEpisodes) + " x WHERE " +
		col("x", c.FieldGroupID) + " = {:g} AND " + col("x", c.FieldUserID) + " = {:u} AND " +
		col("x", c.FieldBlockedAt) + " <= {:t} ORDER BY " + col("x", c.FieldBlockedAt) + " DESC LIMIT 1"
	firstJoinSQL = "SELECT min(" + col("j", c.FieldTimestamp) + ") FROM " + quote(c.ChannelJoins) + " j WHERE " +
		col("j", c.FieldUserID) + " = {:u} AND " + col("j", c.FieldTimestamp) + " >= {:t} AND {:g} IN " +
		linkedGroups(col("j", c.FieldChannelID))
	insertEpisodeSQL = "INSERT INTO " + quote(c.RollupFunnelEpisodes) + " (" + quotedList([]string{c.FieldID,
		c.FieldGroupID, c.FieldUserID, c.FieldBlockedAt}) + ") VALUES ({:id}, {:g}, {:u}, {:t})"
	unmutedSQL = "UPDATE " + quote(c.RollupFunnelEpisodes) + " SET " + quote(c.FieldUnmutedAt) +
		" = {:t} WHERE " + quote(c.FieldID) + " = {:id}"
	subscribedSQL = "UPDATE " + quote(c.RollupFunnelEpisodes) + " SET " + quote(c.FieldSubscribedAt) +
		" = {:t}, " + quote(c.FieldDelayS) + " = {:d} WHERE " + quote(c.FieldID) + " = {:id}"
	joinEpisodesSQL = "SELECT " + episodeColumns() + " FROM " + quote(c.RollupFunnelEpisodes) + " x WHERE " +
		col("x", c.FieldUserID) + " = {:u} AND " + col("x", c.FieldBlockedAt) + " <= {:t} AND " +
		"(" + col("x", c.FieldSubscribedAt) + " = '' OR " + col("x", c.FieldSubscribedAt) + " > {:t}) AND " +
		col("x", c.FieldGroupID) + " IN " + linkedGroups("{:ch}")
)

// latestEpisode is the (group, user)'s episode blocked last at or before at (nil: none).
func (b *funnelBatch) latestEpisode(groupID, userID int64, at string) (*episode, error) {
	var ep episode
	err := b.query(latestEpisodeSQL, dbx.Params{"g": groupID, "u": userID, "t": at}).One(&ep)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return &ep, err
}

// linkedGroups is the SQL set of group_ids linked to the channel whose id is the
// expression chID.
func linkedGroups(chID string) string {
	return "(SELECT p." + quote(c.FieldGroupID) + " FROM " + quote(c.ProtectedGroups) + " p JOIN " +
		quote(c.GroupChannelLinks) + " l ON l." + quote(c.FieldGroup) + " = p." + quote(c.FieldID) + " JOIN " +
		quote(c.EnforcedChannels) + " ch ON ch." + quote(c.FieldID) + " = l." + quote(c.FieldChannel) +
		" WHERE ch." + quote(c.FieldChannelID) + " = " + chID + ")"
}

// openEpisode starts an episode for a block, unless the (group, user) has one open;
// a channel join seen already after the block subscribes it at once.
func (b *funnelBatch) openEpisode(r gateRow) error {
	last, err := b.latestEpisode(r.GroupID, r.UserID, r.At)
	if err != nil || (last != nil && last.SubscribedAt == "" && last.UnmutedAt == "") {
		return err
	}
	var joined sql.NullString
	if err := b.query(firstJoinSQL, dbx.Params{"u": r.UserID, "t": r.At, "g": r.GroupID}).Row(&joined); err != nil {
		return err
	}
	id := core.GenerateDefaultRandomId()
	if _, err := b.query(insertEpisodeSQL, dbx.Params{"id": id, "g": r.GroupID, "u": r.UserID, "t": r.At}).
		Execute(); err != nil {
		return err
	}
	b.bumpFunnel(r.GroupID, r.At, c.FieldBlocked)
	if joined.Valid && joined.String != "" {
		return b.subscribe(episode{ID: id, GroupID: r.GroupID, BlockedAt: r.At}, joined.String)
	}
	return nil
}

// unmuteEpisode marks the (group, user)'s latest episode unmuted (and subscribed, if
// no join was seen: the bot saw them in every channel).
func (b *funnelBatch) unmuteEpisode(r gateRow) error {
	ep, err := b.latestEpisode(r.GroupID, r.UserID, r.At)
	if err != nil || ep == nil || ep.UnmutedAt != "" {
		return err
	}
	if ep.SubscribedAt == "" {
		if err := b.subscribe(*ep, r.At); err != nil {
			return err
		}
	}
	if _, err := b.query(unmutedSQL, dbx.Params{"t": r.At, "id": ep.ID}).Execute(); err != nil {
		return err
	}
	b.bumpFunnel(r.GroupID, ep.BlockedAt, c.FieldUnmuted)
	return nil
}

// joinRow is one channel_joins row being rolled up.
type joinRow struct {
	ChannelID int64  `db:"ch"`
	UserID    int64  `db:"u"`
	At        string `db:"t"`
}

// applyChannelJoins subscribes the episodes each join of the rows lo < rowid ≤ hi
// completes: the user's, blocked at or before the join, in a group linked to the
// channel, not subscribed yet or only later (an unmute committed before the join
// that caused it).
func applyChannelJoins(ctx context.Context, db dbx.Builder, lo, hi int64) error {
	var rows []joinRow
	err := db.NewQuery("SELECT " + col("j", c.FieldChannelID) + " AS ch, " + col("j", c.FieldUserID) + " AS u, " +
		col("j", c.FieldTimestamp) + " AS t FROM " + quote(c.ChannelJoins) + " j" + rangeFilter("j") + " ORDER BY j.rowid").
		Bind(dbx.Params{"lo": lo, "hi": hi}).WithContext(ctx).All(&rows)
	if err != nil || len(rows) == 0 {
		return err
	}
	b := newFunnelBatch(ctx, db)
	defer b.close()
	for _, r := range rows {
		var eps []episode
		err := b.query(joinEpisodesSQL, dbx.Params{"u": r.UserID, "t": r.At, "ch": r.ChannelID}).All(&eps)
		if err != nil {
			return err
		}
		for _, ep := range eps {
			if err := b.subscribe(ep, r.At); err != nil {
				return err
			}
		}
	}
	return b.writeCounts()
}

// subscribe marks an episode subscribed at `at` and counts it with its delay; an
// episode subscribed already (later) is moved to the earlier time.
func (b *funnelBatch) subscribe(ep episode, at string) error {
	blocked := parseDBTime(ep.BlockedAt)
	delay := delayKey(parseDBTime(at).Sub(blocked))
	if _, err := b.query(subscribedSQL, dbx.Params{"t": at, "d": delay, "id": ep.ID}).Execute(); err != nil {
		return err
	}
	if ep.SubscribedAt != "" {
		b.addDelay(ep, delayKey(parseDBTime(ep.SubscribedAt).Sub(blocked)), -1)
	} else {
		b.bumpFunnel(ep.GroupID, ep.BlockedAt, c.FieldSubscribed)
	}
	b.addDelay(ep, delay, 1)
	return nil
}

// delayKey is the histogram key of a block-to-subscription time: its whole seconds
// (never negative) cut to two significant digits, e.g. 3,654 s → 3,600 s, 87 s → 87 s.
// Keys are log-spaced (90 per decade), so a day holds at most a few hundred whatever
// the traffic. Precision: a delay under 100 s is exact; a longer one is rounded down by
// less than 10 % of itself (less than 1 s in 10, 1 min in 10 min, 1 h in 10 h), and so
// is every percentile interpolated between keys: the reported median and p90 lie in
// (0.9·exact, exact]. Migration 1764000050 (delayKeySQL) computes the same in SQL.
func delayKey(d time.Duration) int64 {
	s := int64(d / time.Second)
	if s < 0 {
		return 0
	}
	p := int64(1)
	for s/p >= 100 {
		p *= 10
	}
	return s - s%p
}
