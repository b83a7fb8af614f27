package analytics

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
)

// How the rollups stay current: each rolled-up log has a watermark in rollup_state, the
// SQLite rowid of the last row already counted. SQLite gives every new row a rowid larger
// than any committed one (writers are serialised), so "rowid > watermark" is exactly the
// rows not yet counted, whatever their timestamp (late rows land in their own, older hour)
// and whoever inserted them (records, raw SQL batches). Each step counts a rowid range
// with INSERT … SELECT … GROUP BY … ON CONFLICT DO UPDATE and moves the watermark in the
// same transaction, so a row is counted exactly once.
//
// The record id of the watermark row is kept too: if the rowids were renumbered (a
// VACUUM may do that to tables without an INTEGER PRIMARY KEY), the watermark follows
// that row to its new rowid.

// syncChunk is the most rows one transaction rolls up, so writers never wait long.
const syncChunk = 50_000

// rolledLog is a log collection with rollups.
type rolledLog struct {
	name string
	// statements roll the rows with {:lo} < rowid ≤ {:hi} into the rollups.
	statements []string
	// apply, when set, rolls the same rows up row by row after the statements (the
	// funnel's episodes, which depend on what came before).
	apply func(ctx context.Context, db dbx.Builder, lo, hi int64) error
	// bulk, when set, reads a large backlog in one pass (bulk.go).
	bulk bulkScanner
}

var verificationRollup = rolledLog{name: c.VerificationLog, statements: verificationStatements(), bulk: scanVerifications}

var apiRollup = rolledLog{name: c.APICallLog, statements: apiStatements(), bulk: scanAPICalls}

// rolledLogs lists every log with rollups.
var rolledLogs = []*rolledLog{&verificationRollup, &apiRollup, &gateRollup, &joinsRollup}

// rangeFilter selects the rows of a step (alias v) that have a timestamp.
func rangeFilter(alias string) string {
	return " WHERE " + alias + ".rowid > {:lo} AND " + alias + ".rowid <= {:hi} AND " +
		col(alias, c.FieldTimestamp) + " != ''"
}

func verificationStatements() []string {
	from := " FROM " + quote(c.VerificationLog) + " v" + rangeFilter("v")
	ts := col("v", c.FieldTimestamp)
	hourly := "INSERT INTO " + quote(c.RollupVerificationHourly) + " (" + quote(c.FieldHour) + ", " +
		quotedList(countColumns) + ") SELECT " + hourExpr(ts) + " AS h, " +
		aliased(countAggs("v"), countColumns) + from + " GROUP BY h" +
		" ON CONFLICT(" + quote(c.FieldHour) + ") DO UPDATE SET " + addExcluded(countColumns)
	groupCols := []string{c.FieldTotal, c.FieldVerified}
	groups := "INSERT INTO " + quote(c.RollupGroupHourly) + " (" + quote(c.FieldHour) + ", " +
		quote(c.FieldGroupID) + ", " + quotedList(groupCols) + ") SELECT " + hourExpr(ts) + " AS h, " +
		col("v", c.FieldGroupID) + " AS g, count(*), " + statusIs("v", c.Verified) + from +
		" GROUP BY h, g ON CONFLICT(" + quote(c.FieldHour) + ", " + quote(c.FieldGroupID) +
		") DO UPDATE SET " + addExcluded(groupCols)
	histogram := func(table, bucket, bucketExpr string) string {
		return "INSERT INTO " + quote(table) + " (" + quote(bucket) + ", " + quote(c.FieldLatencyMS) + ", " +
			quote(c.FieldTotal) + ") SELECT " + bucketExpr + " AS b, " + latencyKey("v") + " AS l, count(*)" +
			from + " AND " + hasLatency("v") + " GROUP BY b, l ON CONFLICT(" + quote(bucket) + ", " +
			quote(c.FieldLatencyMS) + ") DO UPDATE SET " + addExcluded([]string{c.FieldTotal})
	}
	first := quote(c.FieldFirstSeen)
	// Users first seen in the range (or seen earlier than their recorded first time): the
	// hourly new-user counts move before rollup_users is updated.
	seen := "(SELECT " + col("v", c.FieldUserID) + " AS u, min(" + ts + ") AS m" + from + " GROUP BY u) n"
	known := quote(c.RollupUsers) + " r ON r." + quote(c.FieldUserID) + " = n.u"
	newUsers := func(sign, hour, join, cond string) string {
		return "INSERT INTO " + quote(c.RollupNewUsersHourly) + " (" + quote(c.FieldHour) + ", " + quote(c.FieldTotal) +
			") SELECT " + hourExpr(hour) + " AS h, " + sign + "count(*) FROM " + seen + join + known + " WHERE " + cond +
			" GROUP BY h ON CONFLICT(" + quote(c.FieldHour) + ") DO UPDATE SET " + addExcluded([]string{c.FieldTotal})
	}
	earlier := "n.m < r." + first
	users := "INSERT INTO " + quote(c.RollupUsers) + " (" + quote(c.FieldUserID) + ", " + first +
		") SELECT " + col("v", c.FieldUserID) + " AS u, min(" + ts + ")" + from +
		" GROUP BY u ON CONFLICT(" + quote(c.FieldUserID) + ") DO UPDATE SET " + first +
		" = excluded." + first + " WHERE excluded." + first + " < " + first
	return []string{
		hourly, groups,
		histogram(c.RollupLatencyHourly, c.FieldHour, hourExpr(ts)),
		histogram(c.RollupLatencyDaily, c.FieldDay, dayExpr(ts)),
		newUsers("-", "r."+first, " JOIN ", earlier),
		newUsers("", "n.m", " LEFT JOIN ", "r."+quote(c.FieldUserID)+" IS NULL OR "+earlier),
		users,
	}
}

func apiStatements() []string {
	ts := col("a", c.FieldTimestamp)
	return []string{"INSERT INTO " + quote(c.RollupAPIHourly) + " (" + quote(c.FieldHour) + ", " +
		quote(c.FieldMethod) + ", " + quote(c.FieldTotal) + ") SELECT " + hourExpr(ts) + " AS h, " +
		col("a", c.FieldMethod) + " AS m, count(*) FROM " + quote(c.APICallLog) + " a" + rangeFilter("a") +
		" GROUP BY h, m ON CONFLICT(" + quote(c.FieldHour) + ", " + quote(c.FieldMethod) +
		") DO UPDATE SET " + addExcluded([]string{c.FieldTotal})}
}

// watermark is a log's row of rollup_state.
type watermark struct {
	rowid int64
	ref   string
}

// loadWatermark reads the log's watermark (zero when the log was never rolled up).
func loadWatermark(ctx context.Context, db dbx.Builder, log string) (watermark, error) {
	var w watermark
	err := db.NewQuery("SELECT "+quote(c.FieldLastRowID)+", "+quote(c.FieldLastRef)+
		" FROM "+quote(c.RollupState)+" WHERE "+quote(c.FieldKey)+" = {:k}").
		Bind(dbx.Params{"k": log}).WithContext(ctx).Row(&w.rowid, &w.ref)
	if errors.Is(err, sql.ErrNoRows) {
		return watermark{}, nil
	}
	return w, err
}

// saveWatermark upserts the log's watermark.
func saveWatermark(ctx context.Context, db dbx.Builder, log string, w watermark) error {
	_, err := db.NewQuery("INSERT INTO " + quote(c.RollupState) + " (" + quote(c.FieldKey) + ", " +
		quote(c.FieldLastRowID) + ", " + quote(c.FieldLastRef) + ") VALUES ({:k}, {:r}, {:ref})" +
		" ON CONFLICT(" + quote(c.FieldKey) + ") DO UPDATE SET " + quote(c.FieldLastRowID) + " = excluded." +
		quote(c.FieldLastRowID) + ", " + quote(c.FieldLastRef) + " = excluded." + quote(c.FieldLastRef)).
		Bind(dbx.Params{"k": log, "r": w.rowid, "ref": w.ref}).WithContext(ctx).Execute()
	return err
}

// maxRowID is the largest rowid of the log (0 when empty).
func maxRowID(ctx context.Context, db dbx.Builder, log string) (int64, error) {
	var n sql.NullInt64
	err := db.NewQuery("SELECT max(rowid) FROM " + quote(log)).WithContext(ctx).Row(&n)
	return n.Int64, err
}

// refAt is the record id of the row with the given rowid ("" when there is none).
func refAt(ctx context.Context, db dbx.Builder, log string, rowid int64) (string, error) {
	var id string
	err := db.NewQuery("SELECT " + quote(c.FieldID) + " FROM " + quote(log) + " WHERE rowid = {:r}").
		Bind(dbx.Params{"r": rowid}).WithContext(ctx).Row(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return id, err
}

// rowidOf is the rowid of the row with the given record id (0 when there is none).
func rowidOf(ctx context.Context, db dbx.Builder, log, ref string) (int64, error) {
	var r int64
	err := db.NewQuery("SELECT rowid FROM " + quote(log) + " WHERE " + quote(c.FieldID) + " = {:id}").
		Bind(dbx.Params{"id": ref}).WithContext(ctx).Row(&r)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return r, err
}

// currentWatermark is the log's watermark, following its row if the rowids were
// renumbered and stepping back if the newest rows were deleted.
func currentWatermark(ctx context.Context, db dbx.Builder, log string) (watermark, error) {
	w, err := loadWatermark(ctx, db, log)
	if err != nil {
		return w, fmt.Errorf("rollup %s: watermark: %w", log, err)
	}
	if w.rowid > 0 && w.ref != "" {
		ref, err := refAt(ctx, db, log, w.rowid)
		if err != nil {
			return w, err
		}
		if ref != w.ref { // renumbered: follow the watermark row to its new rowid
			moved, err := rowidOf(ctx, db, log, w.ref)
			if err != nil {
				return w, err
			}
			if moved > 0 {
				w.rowid = moved
			}
		}
	}
	hi, err := maxRowID(ctx, db, log)
	if err != nil {
		return w, err
	}
	if hi < w.rowid { // rows at the top were deleted: new rows will reuse those rowids
		w.rowid = hi
	}
	return w, nil
}

// step rolls up at most limit new rows of the log (limit ≤ 0: all of them) inside the
// caller's transaction tx, and reports whether the log is now fully rolled up.
func (l *rolledLog) step(ctx context.Context, tx core.App, limit int64) (done bool, err error) {
	db := tx.DB()
	w, err := currentWatermark(ctx, db, l.name)
	if err != nil {
		return false, err
	}
	hi, err := maxRowID(ctx, db, l.name)
	if err != nil {
		return false, err
	}
	if limit > 0 && hi-w.rowid > limit {
		hi = w.rowid + limit
	}
	if hi > w.rowid {
		for _, stmt := range l.statements {
			if _, err := db.NewQuery(stmt).Bind(dbx.Params{"lo": w.rowid, "hi": hi}).WithContext(ctx).Execute(); err != nil {
				return false, fmt.Errorf("rollup %s: %w", l.name, err)
			}
		}
		if l.apply != nil {
			if err := l.apply(ctx, db, w.rowid, hi); err != nil {
				return false, fmt.Errorf("rollup %s: %w", l.name, err)
			}
		}
		w.rowid = hi
	}
	if w.ref, err = refAt(ctx, db, l.name, w.rowid); err != nil {
		return false, err
	}
	if err := saveWatermark(ctx, db, l.name, w); err != nil {
		return false, err
	}
	top, err := maxRowID(ctx, db, l.name)
	return err == nil && top <= w.rowid, err
}
