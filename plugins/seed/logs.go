package seed

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
)

const (
	rowsPerTx   = 50_000 // rows per transaction
	firstUserID = 5_000_000_000
)

var (
	verificationColumns = []string{c.FieldID, c.FieldUserID, c.FieldGroupID, c.FieldChannelID, c.FieldBotInstance,
		c.FieldStatus, c.FieldLatencyMS, c.FieldCached, c.FieldErrorType, c.FieldTimestamp}
	apiColumns = []string{c.FieldID, c.FieldMethod, c.FieldChatID, c.FieldUserID, c.FieldBotInstance, c.FieldSuccess,
		c.FieldLatencyMS, c.FieldErrorType, c.FieldTimestamp}
	errorTypes = []string{"timeout", "bad_request", "chat_not_found", "network"}
)

// ids makes record ids in PocketBase's format (15 of [a-z0-9]) for one table: "s" and
// a 14-digit base-36 number that starts above the table's largest rowid, so ids grow
// and never repeat those of an earlier seed. Growing ids append to the primary-key index
// instead of landing on random pages, which keeps 10M-row seeds fast.
type ids struct{ n uint64 }

func newIDs(ctx context.Context, db *sql.DB, table string) (*ids, error) {
	var top sql.NullInt64
	err := db.QueryRowContext(ctx, "SELECT max(rowid) FROM `"+table+"`").Scan(&top)
	return &ids{n: uint64(top.Int64) + 1<<40}, err
}

func (g *ids) next() string {
	g.n++
	d := strconv.FormatUint(g.n, 36)
	return "s" + strings.Repeat("0", 14-len(d)) + d
}

// insertSQL is a one-row INSERT. One row per
// statement on purpose: a multi-row INSERT inside a transaction makes SQLite keep a
// statement journal, which under modernc.org/sqlite costs an mmap/munmap per chunk and
// made seeding 15 times slower.
func insertSQL(table string, cols []string) string {
	return "INSERT INTO `" + table + "` (`" + strings.Join(cols, "`,`") + "`) VALUES (" +
		strings.TrimSuffix(strings.Repeat("?,", len(cols)), ",") + ")"
}

// batcher inserts rows of one table through a statement prepared once per transaction.
type batcher struct {
	table string
	cols  []string // the first is the id
	ids   *ids
	total int
	stmt  *sql.Stmt
}

func (b *batcher) add(ctx context.Context, tx *sql.Tx, values ...any) error {
	if b.stmt == nil {
		var err error
		if b.stmt, err = tx.PrepareContext(ctx, insertSQL(b.table, b.cols)); err != nil {
			return err
		}
	}
	b.total++
	_, err := b.stmt.ExecContext(ctx, append([]any{b.ids.next()}, values...)...)
	return err
}

// done forgets the statement (its transaction ends).
func (b *batcher) done() {
	if b.stmt != nil {
		b.stmt.Close()
		b.stmt = nil
	}
}

// diurnal is the relative traffic of an hour of the day (UTC): quiet nights, busy evenings.
func diurnal(hour int) float64 {
	return 1 + 0.8*math.Sin(float64(hour-9)*math.Pi/12)
}

// event is one user's check against a group's channels at one moment.
type event struct {
	at    time.Time
	user  int64
	group *group
}

// writeLogs generates o.VerificationRows rows over o.Days days ending at o.End, and the
// api_call_log rows they imply, and inserts them in time order.
func writeLogs(ctx context.Context, app core.App, w *world, o Options) (vrows, arows int, err error) {
	r := rand.New(rand.NewPCG(o.RandomSeed, 2))
	db, ok := app.NonconcurrentDB().(*dbx.DB)
	if !ok {
		return 0, 0, fmt.Errorf("seed: unexpected database type %T", app.NonconcurrentDB())
	}
	hours := o.Days * 24
	start := o.End.Add(-time.Duration(hours) * time.Hour)
	weights := make([]float64, hours)
	var sum float64
	for h := range weights {
		weights[h] = diurnal(start.Add(time.Duration(h)*time.Hour).UTC().Hour()) * (0.6 + 0.8*float64(h)/float64(hours))
		sum += weights[h]
	}
	vb := &batcher{table: c.VerificationLog, cols: verificationColumns}
	ab := &batcher{table: c.APICallLog, cols: apiColumns}
	if vb.ids, err = newIDs(ctx, db.DB(), vb.table); err != nil {
		return 0, 0, err
	}
	if ab.ids, err = newIDs(ctx, db.DB(), ab.table); err != nil {
		return 0, 0, err
	}
	var tx *sql.Tx
	commit := func() error {
		if tx == nil {
			return nil
		}
		vb.done()
		ab.done()
		err := tx.Commit()
		tx = nil
		return err
	}
	defer func() {
		if tx != nil {
			tx.Rollback()
		}
	}()
	var carry float64
	written := 0
	for h := 0; h < hours && written < o.VerificationRows; h++ {
		carry += float64(o.VerificationRows) * weights[h] / sum
		quota := int(carry)
		if h == hours-1 {
			quota = o.VerificationRows - written
		}
		carry -= float64(quota)
		hourStart := start.Add(time.Duration(h) * time.Hour)
		known := int64(math.Max(10, float64(o.Users)*(0.2+0.8*float64(h+1)/float64(hours))))
		events := makeEvents(r, w, hourStart, quota, known)
		for _, ev := range events {
			if tx == nil {
				if tx, err = db.DB().BeginTx(ctx, nil); err != nil {
					return vb.total, ab.total, err
				}
			}
			n := min(len(ev.group.channels), quota)
			quota -= n
			if err := writeEvent(ctx, tx, r, vb, ab, ev, n, o.APICalls); err != nil {
				return vb.total, ab.total, err
			}
			written += n
			if vb.total%rowsPerTx < n { // crossed a transaction boundary
				if err := commit(); err != nil {
					return vb.total, ab.total, err
				}
			}
		}
	}
	return vb.total, ab.total, commit()
}

// makeEvents spreads about quota rows of checks over one hour, in time order. Users are
// drawn from the `known` users so far, favouring the newest (so new users keep coming).
func makeEvents(r *rand.Rand, w *world, hourStart time.Time, quota int, known int64) []event {
	var events []event
	for rows := 0; rows < quota; {
		g := &w.groups[sort.SearchFloat64s(w.cumul, r.Float64()*w.cumul[len(w.cumul)-1])]
		u := r.Int64N(known)
		if r.IntN(10) < 3 {
			u = known - 1 - r.Int64N(max(1, known/20))
		}
		events = append(events, event{at: hourStart.Add(time.Duration(r.Int64N(int64(time.Hour)))),
			user: firstUserID + u, group: g})
		rows += len(g.channels)
	}
	sort.Slice(events, func(i, j int) bool { return events[i].at.Before(events[j].at) })
	return events
}

// writeEvent writes the first n channel checks of ev and, when api, the Bot API calls
// they imply: getChatMember per cache miss, restrictChatMember and sendMessage when the
// user is missing a channel, and now and then a deleteMessage or getChatMemberCount.
func writeEvent(ctx context.Context, tx *sql.Tx, r *rand.Rand, vb, ab *batcher, ev event, n int, api bool) error {
	restricted := false
	for k := range n {
		at := ev.at.Add(time.Duration(k) * time.Millisecond)
		ts := c.DBTime(at)
		status, errType := c.Verified, ""
		switch p := r.IntN(100); {
		case p < 2:
			status, errType = c.VerifyErr, errorTypes[r.IntN(len(errorTypes))]
		case p < 20:
			status, restricted = c.Restricted, true
		}
		cached := status != c.VerifyErr && r.IntN(100) < 65
		latency := float64(1 + r.IntN(4))
		if !cached {
			latency = math.Round(math.Min(5000, math.Max(8, math.Exp(r.NormFloat64()*0.6+math.Log(90)))))
			if status == c.VerifyErr && r.IntN(2) == 0 {
				latency = float64(2000 + r.IntN(8000)) // timeouts
			}
		}
		if err := vb.add(ctx, tx, ev.user, ev.group.id, ev.group.channels[k], ev.group.botID, status, latency,
			boolInt(cached), errType, ts); err != nil {
			return err
		}
		if api && !cached {
			if err := ab.add(ctx, tx, "getChatMember", ev.group.channels[k], ev.user, ev.group.botID,
				boolInt(status != c.VerifyErr), latency, errType, ts); err != nil {
				return err
			}
		}
	}
	if !api {
		return nil
	}
	ts := c.DBTime(ev.at.Add(time.Duration(n)*time.Millisecond + 40*time.Millisecond))
	var calls []string
	if restricted {
		calls = append(calls, "restrictChatMember", "sendMessage")
	}
	if r.IntN(20) == 0 {
		calls = append(calls, "deleteMessage")
	}
	if r.IntN(200) == 0 {
		calls = append(calls, "getChatMemberCount")
	}
	for _, m := range calls {
		if err := ab.add(ctx, tx, m, ev.group.id, ev.user, ev.group.botID, 1, float64(30+r.IntN(150)), "", ts); err != nil {
			return err
		}
	}
	return nil
}

func boolInt(v bool) int {
	if v {
		return 1
	}
	return 0
}
