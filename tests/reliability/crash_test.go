package reliability

import (
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/tests/telegramtest"
)

// crashWait is the generous deadline of every wait in the crash and pressure tests.
const crashWait = 45 * time.Second

// crashEmail and crashPassword sign in the superuser of a crash rig.
const crashEmail, crashPassword = "crash@example.com", "a-long-password-1"

// gateRights are the bot's rights in the protected group.
var gateRights = telegramtest.AdminRights{CanRestrictMembers: true, CanDeleteMessages: true, CanInviteUsers: true}

// fakeWorld is the Telegram side of a crash or pressure test: one bot, admin of a
// supergroup (owned by Owner) and of a public channel the group will require.
type fakeWorld struct {
	tg      *telegramtest.Server
	bot     telegramtest.Bot
	group   telegramtest.Chat
	channel telegramtest.Chat
}

// newFakeWorld makes the fake Bot API with the bot, the group and the channel.
func newFakeWorld(t testing.TB, opts ...telegramtest.Option) *fakeWorld {
	t.Helper()
	tg := telegramtest.NewServer(t, opts...)
	w := &fakeWorld{tg: tg, bot: tg.AddBot("crash_gate_bot")}
	w.group = tg.AddSupergroup("Crash Fans")
	w.channel = tg.AddChannel("Crash News", "crashnews")
	if err := tg.SetMember(w.group.ID, w.bot.ID, telegramtest.Admin(gateRights)); err != nil {
		t.Fatal(err)
	}
	if err := tg.SetMember(w.channel.ID, w.bot.ID, telegramtest.Admin(telegramtest.AdminRights{CanInviteUsers: true})); err != nil {
		t.Fatal(err)
	}
	return w
}

// waitPolling waits until the bot long-polls the fake.
func (w *fakeWorld) waitPolling(t testing.TB) {
	t.Helper()
	w.tg.WaitFor(t, crashWait, func() bool { return w.tg.Polling(w.bot.ID) })
}

// protect has the group's owner send /protect @channel and waits for the bot's
// confirmation in the group.
func (w *fakeWorld) protect(t testing.TB) {
	t.Helper()
	if _, err := w.tg.Send(w.group.ID, w.tg.Owner(w.group.ID), "/protect @"+w.channel.Username); err != nil {
		t.Fatal(err)
	}
	w.tg.WaitMessage(t, crashWait, w.group.ID, func(m telegramtest.Message) bool {
		return m.From != nil && m.From.ID == w.bot.ID && strings.Contains(m.Text, "Protection is on")
	})
}

// restricts returns, per user, how many successful restrictChatMember calls the bot
// made in the group.
func (w *fakeWorld) restricts() map[int64]int {
	out := map[int64]int{}
	for _, call := range w.tg.CallsFor(w.bot.Token, "restrictChatMember") {
		if call.OK && call.Int("chat_id") == w.group.ID {
			out[call.Int("user_id")]++
		}
	}
	return out
}

// engineCalls counts, per method, the bot's recorded Bot API calls that the engine
// logs in api_call_log: all but the getUpdates long poll and getMe (the token check
// when the bot is saved, before any engine runs).
func (w *fakeWorld) engineCalls() map[string]int {
	out := map[string]int{}
	for _, call := range w.tg.CallsFor(w.bot.Token, "") {
		if call.Method != "getUpdates" && call.Method != "getMe" {
			out[call.Method]++
		}
	}
	return out
}

// burst makes new users join the protected group from its own goroutine.
type burst struct {
	w     *fakeWorld
	mu    sync.Mutex // guards users
	users []telegramtest.User
	stop  chan struct{}
	done  chan struct{}
}

// startBurst makes n new users join the group, perSecond of them a second (0: as
// fast as the fake takes them), until n joined or stop is called.
func startBurst(t testing.TB, w *fakeWorld, n, perSecond int) *burst {
	b := &burst{w: w, stop: make(chan struct{}), done: make(chan struct{})}
	var tick <-chan time.Time
	if perSecond > 0 {
		ticker := time.NewTicker(time.Second / time.Duration(perSecond))
		t.Cleanup(ticker.Stop)
		tick = ticker.C
	}
	go func() {
		defer close(b.done)
		for i := range n {
			if tick != nil {
				select { // pace the joins: a rate, not a wait for an event
				case <-tick:
				case <-b.stop:
					return
				}
			}
			select {
			case <-b.stop:
				return
			default:
			}
			u := w.tg.AddUser(fmt.Sprintf("Joiner %d", i))
			if _, err := w.tg.Join(w.group.ID, u); err != nil {
				t.Errorf("join %d: %v", i, err)
				return
			}
			b.mu.Lock()
			b.users = append(b.users, u)
			b.mu.Unlock()
		}
	}()
	t.Cleanup(b.halt)
	return b
}

// halt stops the burst and waits for its goroutine.
func (b *burst) halt() {
	select {
	case <-b.stop:
	default:
		close(b.stop)
	}
	<-b.done
}

// joined returns the users that joined so far.
func (b *burst) joined() []telegramtest.User {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]telegramtest.User(nil), b.users...)
}

// waitRestricted waits until at least n users of the group were restricted.
func (w *fakeWorld) waitRestricted(t testing.TB, n int) {
	t.Helper()
	if !w.tg.Await(crashWait, func() bool { return len(w.restricts()) >= n }) {
		t.Fatalf("only %d users restricted within %s, want %d", len(w.restricts()), crashWait, n)
	}
}

// crashRig is the real binary serving the fake world's bot, which protects the group.
type crashRig struct {
	*fakeWorld
	t      *testing.T
	dir    string // pb_data
	p      *proc  // the running binary, if any
	token  string // superuser auth token of the first run
	botRec string // bot_instances record id
}

// newCrashRig starts the binary on a fresh pb_data, lifts the message rate limits (the
// tests count decisions, not warnings held back by the group limit), adds the bot
// through the API and has it protect the group.
func newCrashRig(t *testing.T) *crashRig {
	t.Helper()
	r := &crashRig{fakeWorld: newFakeWorld(t), t: t, dir: filepath.Join(t.TempDir(), "pb_data")}
	superuser(t, r.dir, r.tg.URL, crashEmail, crashPassword)
	r.start()
	r.token = r.p.login(crashEmail, crashPassword)
	r.setConfig(c.ConfigRatePerGroup, 100000)
	r.setConfig(c.ConfigRatePerBot, 1000)
	var rec struct{ ID string }
	if st := r.p.do("POST", "/api/collections/"+c.BotInstances+"/records", r.token,
		map[string]any{c.FieldTokenEncrypted: r.bot.Token, c.FieldIsActive: true}, &rec); st != http.StatusOK {
		t.Fatalf("add bot: %d", st)
	}
	r.botRec = rec.ID
	r.waitPolling(t)
	r.protect(t)
	return r
}

// start starts the binary on the rig's pb_data and returns how long it took to serve.
func (r *crashRig) start() time.Duration {
	r.t.Helper()
	begin := time.Now()
	r.p = startNezuko(r.t, r.dir, r.tg.URL)
	return time.Since(begin)
}

// setConfig sets an admin_config value through the API.
func (r *crashRig) setConfig(key string, value any) {
	r.t.Helper()
	var list struct {
		Items []struct{ ID string }
	}
	filter := url.QueryEscape(c.FieldKey + "='" + key + "'")
	if st := r.p.do("GET", "/api/collections/"+c.AdminConfig+"/records?filter="+filter, r.token, nil, &list); st != http.StatusOK || len(list.Items) != 1 {
		r.t.Fatalf("admin_config %s: %d %v", key, st, list)
	}
	if st := r.p.do("PATCH", "/api/collections/"+c.AdminConfig+"/records/"+list.Items[0].ID, r.token,
		map[string]any{c.FieldValue: value}, nil); st != http.StatusOK {
		r.t.Fatalf("set admin_config %s: %d", key, st)
	}
}

// openData opens a pb_data's data.db (of a running or stopped binary) for queries.
func openData(t testing.TB, dir string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", filepath.Join(dir, "data.db")+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// queryInt runs a query that returns one integer.
func queryInt(t testing.TB, db *sql.DB, query string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := db.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// verificationRows returns, per user, the group's verification_log rows by status.
func verificationRows(t testing.TB, db *sql.DB, groupID int64) map[int64]map[string]int {
	t.Helper()
	rows, err := db.Query("SELECT "+c.FieldUserID+", "+c.FieldStatus+" FROM "+c.VerificationLog+
		" WHERE "+c.FieldGroupID+" = ?", groupID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[int64]map[string]int{}
	for rows.Next() {
		var user int64
		var status string
		if err := rows.Scan(&user, &status); err != nil {
			t.Fatal(err)
		}
		if out[user] == nil {
			out[user] = map[string]int{}
		}
		out[user][status]++
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// apiCallRows counts the bot's api_call_log rows per method.
func apiCallRows(t testing.TB, db *sql.DB, botID int64) map[string]int {
	t.Helper()
	rows, err := db.Query("SELECT "+c.FieldMethod+", count(*) FROM "+c.APICallLog+
		" WHERE "+c.FieldBotInstance+" = ? GROUP BY "+c.FieldMethod, botID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var method string
		var n int
		if err := rows.Scan(&method, &n); err != nil {
			t.Fatal(err)
		}
		out[method] = n
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// savedOffset is the bot's bot_offsets.last_update_id (0 when none).
func savedOffset(t testing.TB, db *sql.DB, botID int64) int64 {
	t.Helper()
	return queryInt(t, db, "SELECT coalesce(max("+c.FieldLastUpdateID+"), 0) FROM "+c.BotOffsets+
		" WHERE "+c.FieldBotID+" = ?", botID)
}

// integrityCheck runs PRAGMA integrity_check on data.db and returns its answer.
func integrityCheck(t testing.TB, dir string) string {
	t.Helper()
	db := openData(t, dir)
	var res string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&res); err != nil {
		t.Fatal(err)
	}
	db.Close()
	return res
}

// sum adds a map's counts.
func sum[K comparable](m map[K]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}
