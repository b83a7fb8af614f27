package analytics

import (
	"context"

	"github.com/pocketbase/dbx"

	c "github.com/nezuko/nezuko/collections"
)

// funnelBatch carries one step's episode writes (applyGateEvents, applyChannelJoins):
// each statement is prepared once for all of the step's rows instead of parsed per
// row, and the counters (stages, delay histograms) are added up in memory and written
// once per key when the step ends (writeCounts). Counts only add, and the step never reads
// them, so the rollups end the same as with one upsert per row; the episode rows are
// written at once, as the next row's reads need them.
type funnelBatch struct {
	ctx    context.Context
	db     dbx.Builder
	stmts  map[string]*dbx.Query
	stages map[stageBump]*pendingCount
	delays map[delayBump]*pendingCount
}

// stageBump is one counter of a stage rollup: table (index in funnelStageTables),
// bucket (hour or day prefix of the timestamp), group and stage field.
type stageBump struct {
	table  int
	bucket string
	group  int64
	field  string
}

// delayBump is one counter of a delay histogram: table (index in delayTables), bucket,
// group (0 in the all-groups table) and delay key.
type delayBump struct {
	table  int
	bucket string
	group  int64
	delay  int64
}

// pendingCount is what writeCounts adds to a counter, with a timestamp of its bucket (the
// statements compute the bucket in SQL, as the per-row ones did).
type pendingCount struct {
	at string
	n  int64
}

// delayTables are the delay histograms: per hour and group, per day and group, per day.
var delayTables = []struct {
	table, bucket string
	key           []string
}{
	{c.RollupFunnelDelay, c.FieldHour, []string{c.FieldHour, c.FieldGroupID, c.FieldDelayS}},
	{c.RollupFunnelDelayDaily, c.FieldDay, []string{c.FieldDay, c.FieldGroupID, c.FieldDelayS}},
	{c.RollupFunnelDelayAll, c.FieldDay, []string{c.FieldDay, c.FieldDelayS}},
}

func newFunnelBatch(ctx context.Context, db dbx.Builder) *funnelBatch {
	return &funnelBatch{ctx: ctx, db: db, stmts: map[string]*dbx.Query{},
		stages: map[stageBump]*pendingCount{}, delays: map[delayBump]*pendingCount{}}
}

// query is the step's prepared statement for sql, bound to params.
func (b *funnelBatch) query(sql string, params dbx.Params) *dbx.Query {
	q := b.stmts[sql]
	if q == nil {
		q = b.db.NewQuery(sql).WithContext(b.ctx).Prepare()
		b.stmts[sql] = q
	}
	return q.Bind(params)
}

// bucketPrefix is the part of a stored timestamp that names its hour or day (what
// hourExpr and dayExpr keep).
func bucketPrefix(bucket, at string) string {
	if bucket == c.FieldDay {
		return string(dayKey([]byte(at)))
	}
	return string(hourKey([]byte(at)))
}

// bumpFunnel adds one to a stage counter in the hour and day of at.
func (b *funnelBatch) bumpFunnel(groupID int64, at, field string) {
	for i, t := range funnelStageTables {
		addCount(b.stages, stageBump{i, bucketPrefix(t.bucket, at), groupID, field}, at, 1)
	}
}

// addDelay adds n to the episode's delay key in the histograms of its block's hour and
// day (per group) and day (all groups).
func (b *funnelBatch) addDelay(ep episode, delay, n int64) {
	for i, t := range delayTables {
		group := ep.GroupID
		if len(t.key) == 2 {
			group = 0
		}
		addCount(b.delays, delayBump{i, bucketPrefix(t.bucket, ep.BlockedAt), group, delay}, ep.BlockedAt, n)
	}
}

// addCount adds n to the counter k (at: a timestamp of its bucket).
func addCount[K comparable](m map[K]*pendingCount, k K, at string, n int64) {
	if p := m[k]; p != nil {
		p.n += n
	} else {
		m[k] = &pendingCount{at, n}
	}
}

// close closes the step's prepared statements (the transaction's end would too).
func (b *funnelBatch) close() {
	for _, q := range b.stmts {
		_ = q.Close()
	}
}

// writeCounts writes the counters: one upsert per counter, zero sums too (the row
// exists as it would after a +1 and a −1).
func (b *funnelBatch) writeCounts() error {
	for k, p := range b.stages {
		t := funnelStageTables[k.table]
		_, err := b.query("INSERT INTO "+quote(t.table)+" ("+quote(t.bucket)+", "+quote(c.FieldGroupID)+", "+
			quote(k.field)+") VALUES ("+bucketOf(t.bucket, "{:t}")+", {:g}, {:n}) ON CONFLICT("+quote(t.bucket)+", "+
			quote(c.FieldGroupID)+") DO UPDATE SET "+addExcluded([]string{k.field}),
			dbx.Params{"t": p.at, "g": k.group, "n": p.n}).Execute()
		if err != nil {
			return err
		}
	}
	for k, p := range b.delays {
		t := delayTables[k.table]
		vals := bucketOf(t.bucket, "{:b}") + ", {:g}, {:d}, {:n}"
		if len(t.key) == 2 {
			vals = bucketOf(t.bucket, "{:b}") + ", {:d}, {:n}"
		}
		_, err := b.query("INSERT INTO "+quote(t.table)+" ("+quotedList(append(t.key, c.FieldTotal))+") VALUES ("+
			vals+") ON CONFLICT("+quotedList(t.key)+") DO UPDATE SET "+addExcluded([]string{c.FieldTotal}),
			dbx.Params{"b": p.at, "g": k.group, "d": k.delay, "n": p.n}).Execute()
		if err != nil {
			return err
		}
	}
	return nil
}
