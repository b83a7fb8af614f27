package reliability

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/nezuko/nezuko/botmanager"
	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/config"
	"github.com/nezuko/nezuko/hooks"
	"github.com/nezuko/nezuko/tests/telegramtest"
	"github.com/nezuko/nezuko/tests/testutil"
)

// pressureRig is the real app in this process, with its bots running, on a database
// whose busy timeout can be shortened (so that a held write lock turns into
// SQLITE_BUSY quickly), serving the fake world's bot, which protects the group.
type pressureRig struct {
	*fakeWorld
	t      *testing.T
	app    *tests.TestApp
	svc    *hooks.Services
	botRec string
	logs   *logWatch // the app's log lines, seen as they are logged
}

// connectWithBusyTimeout is PocketBase's DefaultDBConnect with another busy timeout.
func connectWithBusyTimeout(busy time.Duration) core.DBConnectFunc {
	return func(path string) (*dbx.DB, error) {
		return dbx.Open("sqlite", path+"?_pragma=busy_timeout("+strconv.FormatInt(busy.Milliseconds(), 10)+")"+
			"&_pragma=journal_mode(WAL)&_pragma=journal_size_limit(200000000)&_pragma=synchronous(NORMAL)"+
			"&_pragma=foreign_keys(ON)&_pragma=temp_store(MEMORY)&_pragma=cache_size(-32000)&_defensive=1")
	}
}

// newPressureRig builds the app with a busy timeout of busy, lifts the message rate
// limits, adds and starts the bot and has it protect the group.
func newPressureRig(t *testing.T, busy time.Duration) *pressureRig {
	t.Helper()
	r := &pressureRig{fakeWorld: newFakeWorld(t), t: t}
	tmpl := testutil.Seeded(t, func(*tests.TestApp) {}) // a migrated pb_data to start from
	app, err := tests.NewTestAppWithConfig(core.BaseAppConfig{DataDir: tmpl, EncryptionEnv: "pb_test_env", DBConnect: connectWithBusyTimeout(busy)})
	if err != nil {
		t.Fatal(err)
	}
	svc, err := hooks.Register(app, hooks.Options{
		Config: config.Config{EncryptionKey: testutil.EncryptionKey, APIURL: r.tg.URL}, ManualBots: true,
	})
	if err != nil {
		app.Cleanup()
		t.Fatal(err)
	}
	t.Cleanup(app.Cleanup) // stops the bots and flushes the log writer first
	r.app, r.svc = app, svc
	r.setConfig(c.ConfigRatePerGroup, 100000)
	r.setConfig(c.ConfigRatePerBot, 1000)
	bot, err := c.NewBotInstance(app)
	if err != nil {
		t.Fatal(err)
	}
	bot.SetTokenEncrypted(r.bot.Token) // the save hook checks it with getMe and seals it
	if err := app.Save(bot); err != nil {
		t.Fatal(err)
	}
	r.botRec = bot.Id
	r.logs = watchLogs(app.Logger()) // before the engines derive their loggers from it
	svc.Bots.Start(context.Background())
	r.waitPolling(t)
	r.protect(t)
	return r
}

// setConfig sets an admin_config value.
func (r *pressureRig) setConfig(key string, value any) {
	r.t.Helper()
	rec, err := r.app.FindFirstRecordByData(c.AdminConfig, c.FieldKey, key)
	if err != nil {
		r.t.Fatal(err)
	}
	rec.Set(c.FieldValue, value)
	if err := r.app.Save(rec); err != nil {
		r.t.Fatal(err)
	}
}

// holdWriteLock takes SQLite's write lock on the app's data.db from a second
// connection (BEGIN IMMEDIATE), as a long admin transaction or another process would;
// every write of the app waits for it and fails with SQLITE_BUSY after the busy
// timeout. The returned release ends the transaction (at most once).
func holdWriteLock(t testing.TB, app core.App) (release func()) {
	t.Helper()
	db, err := sql.Open("sqlite", filepath.Join(app.DataDir(), "data.db")+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(context.Background(), "BEGIN IMMEDIATE"); err != nil {
		t.Fatalf("BEGIN IMMEDIATE: %v", err)
	}
	var once sync.Once
	release = func() {
		once.Do(func() {
			if _, err := conn.ExecContext(context.Background(), "ROLLBACK"); err != nil {
				t.Errorf("ROLLBACK: %v", err)
			}
			conn.Close()
			db.Close()
		})
	}
	t.Cleanup(release)
	return release
}

// maxDelivered is the highest update_id the fake handed the bot through getUpdates.
func (w *fakeWorld) maxDelivered(t testing.TB) int64 {
	t.Helper()
	var top int64
	for _, call := range w.tg.CallsFor(w.bot.Token, "getUpdates") {
		if !call.OK {
			continue
		}
		var ups []struct {
			UpdateID int64 `json:"update_id"`
		}
		if err := json.Unmarshal(call.Result, &ups); err != nil {
			t.Fatalf("getUpdates result: %v", err)
		}
		for _, u := range ups {
			top = max(top, u.UpdateID)
		}
	}
	return top
}

// awaitDB polls the app's database until cond holds (database rows have no event to
// wait on) and fails with what describe says when it does not within crashWait.
func awaitDB(t testing.TB, cond func() bool, describe func() string) {
	t.Helper()
	deadline := time.Now().Add(crashWait)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("not within %s: %s", crashWait, describe())
		}
		time.Sleep(25 * time.Millisecond) // poll the database
	}
}

// pocketBaseRetryBudget is how long PocketBase keeps retrying a write that a locked
// database refused (12 retries, 7.35 s of sleeps in all). A transaction that read
// before writing fails after about that (measured: 7.4 s); a plain record save, whose
// statement is retried too, waits much longer (measured: 1.5 to 3 min at a 100 ms busy
// timeout).
const pocketBaseRetryBudget = 7350 * time.Millisecond

// TestBusyDatabaseDropsNoEngineWrite holds SQLite's write lock (BEGIN IMMEDIATE on a
// second connection) while the bot is added to a new group, joins pour in, a command is
// being executed, a backup is made and a long admin query runs. The lock outlasts the
// busy timeout and PocketBase's own lock retries for transactions, so the log writer's
// transactions, the offset saves and the new group's record fail with SQLITE_BUSY
// (the command's outcome save waits inside PocketBase's retries). Every join is still
// decided during the pressure, and once the lock is released every engine write lands:
// each joiner's verification_log row, an api_call_log row per Bot API call, the bot's
// offset, the command's outcome and the new group's protected_groups row (gatekeeper
// retries it). The long variant has a bigger burst and a longer lock.
func TestBusyDatabaseDropsNoEngineWrite(t *testing.T) {
	const busy = 100 * time.Millisecond
	const sendDelay = time.Second
	margin := pick(1500*time.Millisecond, 8*time.Second) // beyond PocketBase's retries
	r := newPressureRig(t, busy)

	// A command whose sendMessage Telegram answers only once the lock is taken.
	const text = "pressure test: command sent under a locked database"
	r.tg.InjectFault(telegramtest.Fault{Method: "sendMessage", Token: r.bot.Token, Kind: telegramtest.FaultDelay, Delay: sendDelay})
	cmd, err := testutil.NewCommand(r.app, botmanager.CmdSendMessage, map[string]any{"group_id": r.group.ID, "text": text})
	if err != nil {
		t.Fatal(err)
	}
	cmd.Set(c.FieldBotInstance, r.botRec)
	if err := r.app.Save(cmd); err != nil {
		t.Fatal(err)
	}
	status := func() string {
		rec, err := r.app.FindRecordById(c.AdminCommands, cmd.Id)
		if err != nil {
			return "unreadable: " + err.Error()
		}
		return rec.GetString(c.FieldStatus)
	}
	awaitDB(t, func() bool { return status() == c.CommandProcessing }, func() string { return "command is " + status() })

	countRows := func(collection string) int64 {
		n, err := r.app.CountRecords(collection)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	rowsBefore := countRows(c.VerificationLog)
	release := holdWriteLock(t, r.app)
	locked := time.Now()
	// The bot is added to another group: the engine records it (a protected_groups write).
	second := r.tg.AddSupergroup("Added Under Pressure")
	if _, err := r.tg.ChangeMember(second.ID, r.bot.ID, telegramtest.Admin(gateRights), r.tg.Owner(second.ID)); err != nil {
		t.Fatal(err)
	}
	r.tg.WaitFor(t, crashWait, func() bool { return r.tg.Pending(r.bot.ID) == 0 })
	addedAt := time.Now()
	b := startBurst(t, r.fakeWorld, pick(60, 600), pick(100, 200))
	var bg sync.WaitGroup
	bg.Add(2)
	go func() { // a backup while the lock is held
		defer bg.Done()
		if err := r.app.CreateBackup(context.Background(), "pressure.zip"); err != nil {
			t.Errorf("backup under pressure: %v", err)
		}
	}()
	go func() { // a long admin query (a read: WAL lets it run beside the writers)
		defer bg.Done()
		var n int64
		q := "WITH RECURSIVE seq(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM seq WHERE x < " +
			strconv.Itoa(pick(300_000, 3_000_000)) + ") SELECT count(*) FROM seq"
		if err := r.app.DB().NewQuery(q).Row(&n); err != nil {
			t.Errorf("long admin query: %v", err)
		}
	}()
	<-b.done
	joiners := b.joined()
	waitAllRestricted(t, r.fakeWorld, joiners) // decided while the database is locked
	if left := time.Until(addedAt.Add(pocketBaseRetryBudget + margin)); left > 0 {
		<-time.After(left) // the pressure lasts past every retry of the writes made under it
	}
	// and at least until the new group's save has failed once (PocketBase's retries take
	// longer on a loaded machine than the budget measured on a quiet one).
	groupFailed := r.logs.await(t, "group not saved yet", crashWait).Sub(addedAt)
	hold := time.Since(locked)
	writtenWhileLocked := countRows(c.VerificationLog) - rowsBefore // reads still work (WAL)
	release()
	released := time.Now()
	bg.Wait()
	if writtenWhileLocked != 0 {
		t.Fatalf("%d verification_log rows written while the write lock was held: no pressure", writtenWhileLocked)
	}

	// Every engine write of the pressure lands once the lock is gone.
	awaitDB(t, func() bool { return status() == c.CommandCompleted },
		func() string { return "the command under pressure is " + status() + ", want completed" })
	awaitDB(t, func() bool {
		_, err := r.app.FindFirstRecordByData(c.ProtectedGroups, c.FieldGroupID, second.ID)
		return err == nil
	}, func() string { return "the group the bot was added to under pressure has no protected_groups row" })
	awaitDB(t, func() bool { // its first save did fail under the lock, and was retried
		n, err := r.app.CountRecords(c.AdminLogs, dbx.NewExp(c.FieldMessage+" LIKE {:m}", dbx.Params{"m": "group not saved yet%"}))
		return err == nil && n > 0
	}, func() string {
		return "no admin_logs row says the group's save was retried: the lock did not outlast PocketBase's retries"
	})
	top := r.maxDelivered(t)
	offset := func() int64 {
		rec, err := r.app.FindFirstRecordByData(c.BotOffsets, c.FieldBotID, r.bot.ID)
		if err != nil {
			return 0
		}
		return c.Wrap(&c.BotOffset{}, rec).LastUpdateID()
	}
	awaitDB(t, func() bool { return offset() == top },
		func() string { return fmt.Sprintf("bot_offsets = %d, want %d", offset(), top) })
	missing := func() []int64 {
		var out []int64
		for _, u := range joiners {
			n, err := r.app.CountRecords(c.VerificationLog, dbx.HashExp{c.FieldUserID: u.ID, c.FieldStatus: c.Restricted})
			if err != nil || n == 0 {
				out = append(out, u.ID)
			}
		}
		return out
	}
	awaitDB(t, func() bool { return len(missing()) == 0 },
		func() string { return fmt.Sprintf("joiners without a verification_log row: %v", missing()) })
	landed := time.Since(released)
	if err := r.svc.Logs.Flush(context.Background()); err != nil {
		t.Fatalf("flush: %v", err)
	}
	calls := r.engineCalls()
	for method, want := range calls {
		n, err := r.app.CountRecords(c.APICallLog, dbx.HashExp{c.FieldBotInstance: r.bot.ID, c.FieldMethod: method})
		if err != nil || int(n) != want {
			t.Errorf("api_call_log has %d %s rows (%v), the fake saw %d calls", n, method, err, want)
		}
	}
	figure(t, "engine writes dropped under a write lock held past PocketBase's lock retries", fmt.Sprintf(
		"0 (%d verification rows, %d Bot API calls, offset %d and the command outcome written %s after the release)",
		countRows(c.VerificationLog)-rowsBefore, sum(calls), top, landed.Round(time.Millisecond)), "0")
	figure(t, "write lock held (busy timeout); the new group's first save failed after", fmt.Sprintf("%s (%s); %s",
		hold.Round(100*time.Millisecond), busy, groupFailed.Round(100*time.Millisecond)), "")
}

// TestBusyDatabaseKeepsStatusWrites (long variant) holds the write lock past every
// retry of a record save while Telegram refuses the bot's token (401): once the lock is
// released, the bot's bot_status row says error, unauthorized.
func TestBusyDatabaseKeepsStatusWrites(t *testing.T) {
	stressOnly(t)
	const busy = 100 * time.Millisecond
	r := newPressureRig(t, busy)

	release := holdWriteLock(t, r.app)
	revokedAt := time.Now()
	r.tg.RevokeToken(r.bot.ID)
	r.tg.WaitFor(t, crashWait, func() bool { return !r.tg.Polling(r.bot.ID) })
	if left := time.Until(revokedAt.Add(pocketBaseRetryBudget + 12*busy + 5*time.Second)); left > 0 {
		<-time.After(left) // past every retry of the saves the 401 made
	}
	release()

	statusRow := func() string {
		rec, err := r.app.FindFirstRecordByData(c.BotStatus, c.FieldBotInstance, r.botRec)
		if err != nil {
			return "none"
		}
		return rec.GetString(c.FieldStatus) + " " + rec.GetString(c.FieldMetadata)
	}
	awaitDB(t, func() bool {
		return strings.HasPrefix(statusRow(), c.BotError+" ") && strings.Contains(statusRow(), "unauthorized")
	},
		func() string { return "bot_status after a 401 under pressure: " + statusRow() })
}
