package analytics

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/pocketbase/dbx"

	c "github.com/nezuko/nezuko/collections"
)

// The bulk path: a backlog of at least defaultBulkMin rows (an upgrade over existing
// logs, a `nezuko seed`, a long outage) is rolled up in one pass instead of
// syncChunk-row steps. The rows are read once, in rowid order, outside any write
// transaction (WAL readers do not block the log writer), and counted in Go maps; the
// counts are then merged into the rollups with the step statements' upserts (counts
// added, first sightings kept if earlier) and the watermark moved, in one write
// transaction. The steps run seven GROUP BY statements per chunk, each sorting its rows
// in SQLite's sorter; this path sorts only the aggregates. The keys are the step
// statements' (sqlparts.go): hour = the first 13 characters of the timestamp, day = the
// first 10, latency key = round half away from zero, as SQLite's round() does it.

// defaultBulkMin is the smallest backlog Sync rolls up in one pass.
const defaultBulkMin = 4 * syncChunk

// bulkAgg is what one pass over a log's rows collects; apply merges it into the rollups.
type bulkAgg interface {
	apply(ctx context.Context, tx *sql.Tx) error
}

// bulkScanner reads the rows lo < rowid ≤ hi of a log into an aggregate.
type bulkScanner func(ctx context.Context, db *sql.DB, lo, hi int64) (bulkAgg, error)

// bulkSync rolls up the whole backlog of l in one pass when it holds at least `least`
// rows and l has a bulk scanner; it reports whether it did (if not, or when the rows
// or the watermark moved during the read, the step path carries on from the watermark).
// The write transaction runs on the app's single writer connection through database/sql
// directly (prepared statements with positional arguments).
func (s *Service) bulkSync(ctx context.Context, l *rolledLog, least int64) (bool, error) {
	reader, ok1 := s.app.ConcurrentDB().(*dbx.DB)
	writer, ok2 := s.app.NonconcurrentDB().(*dbx.DB)
	if l.bulk == nil || !ok1 || !ok2 {
		return false, nil
	}
	db := s.app.DB()
	stored, err := loadWatermark(ctx, db, l.name)
	if err != nil {
		return false, err
	}
	w, err := currentWatermark(ctx, db, l.name)
	if err != nil {
		return false, err
	}
	hi, err := maxRowID(ctx, db, l.name)
	if err != nil || hi-w.rowid < least {
		return false, err
	}
	loRef, err := refAt(ctx, db, l.name, w.rowid)
	if err != nil {
		return false, err
	}
	hiRef, err := refAt(ctx, db, l.name, hi)
	if err != nil {
		return false, err
	}
	agg, err := l.bulk(ctx, reader.DB(), w.rowid, hi)
	if err != nil {
		return false, fmt.Errorf("rollup %s: bulk read: %w", l.name, err)
	}
	tx, err := writer.DB().BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	now, err := txWatermark(ctx, tx, l.name)
	if err != nil {
		return false, err
	}
	at := [2]string{}
	for i, rowid := range []int64{w.rowid, hi} {
		if at[i], err = txRefAt(ctx, tx, l.name, rowid); err != nil {
			return false, err
		}
	}
	if now != stored || at != [2]string{loRef, hiRef} {
		return false, nil // the rollups or the rows moved meanwhile: leave it to the steps
	}
	if err := agg.apply(ctx, tx); err != nil {
		return false, fmt.Errorf("rollup %s: bulk write: %w", l.name, err)
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO "+quote(c.RollupState)+" ("+
		quotedList([]string{c.FieldKey, c.FieldLastRowID, c.FieldLastRef})+") VALUES (?, ?, ?) ON CONFLICT("+
		quote(c.FieldKey)+") DO UPDATE SET "+quote(c.FieldLastRowID)+" = excluded."+quote(c.FieldLastRowID)+
		", "+quote(c.FieldLastRef)+" = excluded."+quote(c.FieldLastRef), l.name, hi, hiRef); err != nil {
		return false, err
	}
	return true, tx.Commit()
}

// txWatermark is loadWatermark inside a database/sql transaction.
func txWatermark(ctx context.Context, tx *sql.Tx, log string) (watermark, error) {
	var w watermark
	err := tx.QueryRowContext(ctx, "SELECT "+quote(c.FieldLastRowID)+", "+quote(c.FieldLastRef)+" FROM "+
		quote(c.RollupState)+" WHERE "+quote(c.FieldKey)+" = ?", log).Scan(&w.rowid, &w.ref)
	if errors.Is(err, sql.ErrNoRows) {
		return watermark{}, nil
	}
	return w, err
}

// txRefAt is refAt inside a database/sql transaction.
func txRefAt(ctx context.Context, tx *sql.Tx, log string, rowid int64) (string, error) {
	var id string
	err := tx.QueryRowContext(ctx, "SELECT "+quote(c.FieldID)+" FROM "+quote(log)+" WHERE rowid = ?", rowid).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return id, err
}

// hourKey is substr(ts, 1, 13) of a stored timestamp, dayKey substr(ts, 1, 10).
func hourKey(ts []byte) []byte { return ts[:min(len(ts), 13)] }

func dayKey(ts []byte) []byte { return ts[:min(len(ts), 10)] }

// sqliteRoundKey is CAST(round(x) AS INTEGER) for x > 0, as SQLite computes it.
func sqliteRoundKey(x float64) int64 {
	if x >= math.MaxInt64-1 {
		return math.MaxInt64
	}
	return int64(x + 0.5)
}

// vHour is one clock hour of verification rows.
type vHour struct {
	day     string
	k       counts
	groups  map[int64]*[2]int64 // group → total, verified
	latency map[int64]int64     // latency key → rows
}

// verificationAgg is one pass over verification_log rows.
type verificationAgg struct {
	hours map[string]*vHour // by the hour's first 13 characters
	users map[int64]string  // user → earliest timestamp in the range
}

// scanVerifications counts verification_log rows as the step statements do: per hour
// the counts of countAggs, per hour and group total and verified, per hour and latency
// key the rows with a latency, and each user's earliest timestamp.
func scanVerifications(ctx context.Context, db *sql.DB, lo, hi int64) (bulkAgg, error) {
	rows, err := db.QueryContext(ctx, "SELECT "+quotedList([]string{c.FieldTimestamp, c.FieldStatus, c.FieldGroupID,
		c.FieldUserID, c.FieldLatencyMS})+", "+quote(c.FieldCached)+" != 0 FROM "+quote(c.VerificationLog)+
		" WHERE rowid > ? AND rowid <= ? AND "+quote(c.FieldTimestamp)+" != ''", lo, hi)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	a := &verificationAgg{hours: map[string]*vHour{}, users: map[int64]string{}}
	var (
		ts, status    sql.RawBytes
		group, user   int64
		latency       float64
		cached        bool
		cur           *vHour
		curKey        string
		groupVerified int64
	)
	for rows.Next() {
		if err := rows.Scan(&ts, &status, &group, &user, &latency, &cached); err != nil {
			return nil, err
		}
		hk := hourKey(ts)
		if cur == nil || curKey != string(hk) {
			if cur = a.hours[string(hk)]; cur == nil {
				cur = &vHour{day: string(dayKey(ts)), groups: map[int64]*[2]int64{}, latency: map[int64]int64{}}
				a.hours[string(hk)] = cur
			}
			curKey = string(hk)
		}
		k := &cur.k
		k.Total++
		groupVerified = 0
		switch {
		case string(status) == c.Verified:
			k.Verified++
			groupVerified = 1
		case string(status) == c.Restricted:
			k.Restricted++
		case string(status) == c.VerifyErr:
			k.Errors++
		}
		if cached {
			k.Cached++
		}
		if latency > 0 {
			k.LatencyRows++
			k.LatencySum += latency
			switch {
			case latency < 50:
				k.LatLT50++
			case latency < 100:
				k.LatLT100++
			case latency < 200:
				k.LatLT200++
			case latency < 500:
				k.LatLT500++
			default:
				k.LatGE500++
			}
			cur.latency[sqliteRoundKey(latency)]++
		}
		g := cur.groups[group]
		if g == nil {
			g = &[2]int64{}
			cur.groups[group] = g
		}
		g[0]++
		g[1] += groupVerified
		if first, ok := a.users[user]; !ok || string(ts) < first {
			a.users[user] = string(ts)
		}
	}
	return a, rows.Err()
}

// upserter runs one prepared upsert per aggregate row. Each row comes with a record id
// of its own: "b" and a 14-digit base-36 number counting up from the table's largest
// such id, so new rollup rows append to the primary-key index instead of landing on
// random pages as the table's random default ids do (an upsert that updates a row
// leaves its id alone).
type upserter struct {
	ctx  context.Context
	stmt *sql.Stmt
	next uint64
	args []any
	err  error
}

// idPrefix starts the ids of rollup rows written by the bulk path.
const idPrefix = "b"

// newUpserter prepares query (whose first column is the id) for table.
func newUpserter(ctx context.Context, tx *sql.Tx, table, query string) *upserter {
	u := &upserter{ctx: ctx}
	var top sql.NullString
	if u.err = tx.QueryRowContext(ctx, "SELECT max("+quote(c.FieldID)+") FROM "+quote(table)+" WHERE "+
		quote(c.FieldID)+" >= ? AND "+quote(c.FieldID)+" < ?", idPrefix, "c").Scan(&top); u.err != nil {
		return u
	}
	if top.Valid {
		n, err := strconv.ParseUint(strings.TrimPrefix(top.String, idPrefix), 36, 64)
		if err != nil || len(top.String) != 15 {
			u.err = fmt.Errorf("rollup %s: unexpected record id %q", table, top.String)
			return u
		}
		u.next = n
	}
	u.stmt, u.err = tx.PrepareContext(ctx, query)
	return u
}

// exec runs the statement with a new record id and the values (the first error sticks).
func (u *upserter) exec(values ...any) {
	if u.err != nil {
		return
	}
	u.next++
	d := strconv.FormatUint(u.next, 36)
	u.args = append(append(u.args[:0], idPrefix+strings.Repeat("0", 14-len(d))+d), values...)
	_, u.err = u.stmt.ExecContext(u.ctx, u.args...)
}

// close releases the statement and returns the first error.
func (u *upserter) close() error {
	if u.stmt != nil {
		u.stmt.Close()
	}
	return u.err
}

// addUpsert is the INSERT (id, keys…, adds…) … ON CONFLICT(keys) DO UPDATE SET adding
// the other columns.
func addUpsert(table string, keys, adds []string) string {
	cols := append(append([]string{c.FieldID}, keys...), adds...)
	return "INSERT INTO " + quote(table) + " (" + quotedList(cols) + ") VALUES (" +
		strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ") ON CONFLICT(" + quotedList(keys) +
		") DO UPDATE SET " + addExcluded(adds)
}

// hourName and dayName are the stored hour and day of an hourKey and a dayKey.
func hourName(key string) string { return key + ":00:00.000Z" }

func dayName(key string) string { return key + " 00:00:00.000Z" }

// sortedKeys are the keys of m in ascending order (rollup rows are written in their
// unique index's order).
func sortedKeys[K ~string | ~int64, V any](m map[K]V) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	return keys
}

// apply writes the hourly counts, the per-group counts, both latency histograms (the
// daily one summed from the hours), then the users.
func (a *verificationAgg) apply(ctx context.Context, db *sql.Tx) error {
	hours := sortedKeys(a.hours)
	hourly := newUpserter(ctx, db, c.RollupVerificationHourly, addUpsert(c.RollupVerificationHourly, []string{c.FieldHour}, countColumns))
	groups := newUpserter(ctx, db, c.RollupGroupHourly, addUpsert(c.RollupGroupHourly, []string{c.FieldHour, c.FieldGroupID},
		[]string{c.FieldTotal, c.FieldVerified}))
	latHourly := newUpserter(ctx, db, c.RollupLatencyHourly, addUpsert(c.RollupLatencyHourly, []string{c.FieldHour, c.FieldLatencyMS},
		[]string{c.FieldTotal}))
	days := map[string]map[int64]int64{}
	for _, hk := range hours {
		h := a.hours[hk]
		name := hourName(hk)
		k := h.k
		hourly.exec(name, k.Total, k.Verified, k.Restricted, k.Errors, k.Cached, k.LatencyRows, k.LatencySum,
			k.LatLT50, k.LatLT100, k.LatLT200, k.LatLT500, k.LatGE500)
		for _, g := range sortedKeys(h.groups) {
			groups.exec(name, g, h.groups[g][0], h.groups[g][1])
		}
		day := days[h.day]
		if day == nil {
			day = map[int64]int64{}
			days[h.day] = day
		}
		for _, l := range sortedKeys(h.latency) {
			latHourly.exec(name, l, h.latency[l])
			day[l] += h.latency[l]
		}
	}
	latDaily := newUpserter(ctx, db, c.RollupLatencyDaily, addUpsert(c.RollupLatencyDaily, []string{c.FieldDay, c.FieldLatencyMS},
		[]string{c.FieldTotal}))
	for _, dk := range sortedKeys(days) {
		for _, l := range sortedKeys(days[dk]) {
			latDaily.exec(dayName(dk), l, days[dk][l])
		}
	}
	for _, u := range []*upserter{hourly, groups, latHourly, latDaily} {
		if err := u.close(); err != nil {
			return err
		}
	}
	return a.applyUsers(ctx, db)
}

// applyUsers moves the hourly new-user counts and rollup_users as the step statements
// do: a user first seen in the range counts in the hour of that sighting; a known user
// seen earlier than recorded moves from the old hour to the new one.
func (a *verificationAgg) applyUsers(ctx context.Context, db *sql.Tx) error {
	first := quote(c.FieldFirstSeen)
	newUsers := map[string]int64{}
	changed := make([]int64, 0, len(a.users))
	known := map[int64]bool{}
	rows, err := db.QueryContext(ctx, "SELECT "+quote(c.FieldUserID)+", "+first+" FROM "+quote(c.RollupUsers))
	if err != nil {
		return err
	}
	for rows.Next() {
		var u int64
		var seen string
		if err := rows.Scan(&u, &seen); err != nil {
			rows.Close()
			return err
		}
		m, ok := a.users[u]
		if !ok {
			continue
		}
		known[u] = true
		if m < seen {
			newUsers[string(hourKey([]byte(seen)))]--
			newUsers[string(hourKey([]byte(m)))]++
			changed = append(changed, u)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for u, m := range a.users {
		if !known[u] {
			newUsers[string(hourKey([]byte(m)))]++
			changed = append(changed, u)
		}
	}
	hourly := newUpserter(ctx, db, c.RollupNewUsersHourly, addUpsert(c.RollupNewUsersHourly, []string{c.FieldHour}, []string{c.FieldTotal}))
	for _, hk := range sortedKeys(newUsers) {
		hourly.exec(hourName(hk), newUsers[hk])
	}
	if err := hourly.close(); err != nil {
		return err
	}
	sort.Slice(changed, func(i, j int) bool { return changed[i] < changed[j] })
	users := newUpserter(ctx, db, c.RollupUsers, "INSERT INTO "+quote(c.RollupUsers)+" ("+quote(c.FieldID)+", "+
		quote(c.FieldUserID)+", "+first+") VALUES (?, ?, ?) ON CONFLICT("+quote(c.FieldUserID)+") DO UPDATE SET "+first+" = excluded."+first+
		" WHERE excluded."+first+" < "+first)
	for _, u := range changed {
		users.exec(u, a.users[u])
	}
	return users.close()
}

// apiAgg is one pass over api_call_log rows: rows per hour and method.
type apiAgg map[string]map[string]*int64

// scanAPICalls counts api_call_log rows per hour and method.
func scanAPICalls(ctx context.Context, db *sql.DB, lo, hi int64) (bulkAgg, error) {
	rows, err := db.QueryContext(ctx, "SELECT "+quotedList([]string{c.FieldTimestamp, c.FieldMethod})+" FROM "+
		quote(c.APICallLog)+" WHERE rowid > ? AND rowid <= ? AND "+quote(c.FieldTimestamp)+" != ''", lo, hi)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	a := apiAgg{}
	var ts, method sql.RawBytes
	var cur map[string]*int64
	var curKey string
	for rows.Next() {
		if err := rows.Scan(&ts, &method); err != nil {
			return nil, err
		}
		hk := hourKey(ts)
		if cur == nil || curKey != string(hk) {
			if cur = a[string(hk)]; cur == nil {
				cur = map[string]*int64{}
				a[string(hk)] = cur
			}
			curKey = string(hk)
		}
		if n := cur[string(method)]; n != nil {
			*n++
		} else {
			one := int64(1)
			cur[string(method)] = &one
		}
	}
	return a, rows.Err()
}

// apply writes the per-hour-and-method counts.
func (a apiAgg) apply(ctx context.Context, db *sql.Tx) error {
	u := newUpserter(ctx, db, c.RollupAPIHourly, addUpsert(c.RollupAPIHourly, []string{c.FieldHour, c.FieldMethod}, []string{c.FieldTotal}))
	for _, hk := range sortedKeys(a) {
		for _, m := range sortedKeys(a[hk]) {
			u.exec(hourName(hk), m, *a[hk][m])
		}
	}
	return u.close()
}
