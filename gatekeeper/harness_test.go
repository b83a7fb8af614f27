package gatekeeper_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/nezuko/nezuko/analytics"
	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper"
	"github.com/nezuko/nezuko/logwriter"
	"github.com/nezuko/nezuko/tests/telegramtest"
	"github.com/nezuko/nezuko/tests/testutil"
)

func TestMain(m *testing.M) { testutil.Main(m) }

// wait is the generous deadline every test waits with.
const wait = 15 * time.Second

// gateRights are the bot's rights in a protected group.
var gateRights = telegramtest.AdminRights{CanRestrictMembers: true, CanDeleteMessages: true, CanInviteUsers: true}

// world is a real PocketBase test app, the fake Telegram and one engine.
type world struct {
	t      testing.TB
	tg     *telegramtest.Server
	app    *tests.TestApp
	logs   *logwriter.Writer
	gate   telegramtest.Bot
	botRec string // bot_instances record id
	e      *gatekeeper.Engine
	b      *bot.Bot
	offset int64  // getUpdates offset of pump
	halt   func() // stops the poller and closes the engine (idempotent)
}

// newWorld builds the app and the fake (with opts); the engine starts with start.
func newWorld(t testing.TB, opts ...telegramtest.Option) *world {
	t.Helper()
	tg := telegramtest.NewServer(t, opts...)
	app, svc := testutil.NewAppWithServices(t, testutil.Options{APIURL: tg.URL})
	w := &world{t: t, tg: tg, app: app, logs: svc.Logs}
	w.gate = tg.AddBot("gate_bot")
	w.botRec = w.addBotRecord(w.gate)
	tg.SetAllowedUpdates(w.gate.ID, gatekeeper.AllowedUpdates)
	return w
}

// addBotRecord saves a bot_instances row for a fake bot (the save hook validates the
// token with the fake's getMe and seals it).
func (w *world) addBotRecord(bt telegramtest.Bot) string {
	w.t.Helper()
	rec, err := c.NewBotInstance(w.app)
	must(w.t, err)
	rec.SetIdentity(bt.ID, bt.Username, bt.FirstName)
	rec.SetTokenEncrypted(bt.Token)
	must(w.t, w.app.Save(rec))
	return rec.Id
}

// start makes the engine and its bot; poll starts long polling too (else tests feed
// updates with pump).
func (w *world) start(poll bool, tweak ...func(*gatekeeper.Config)) {
	w.t.Helper()
	cfg := gatekeeper.Config{App: w.app, Logs: w.logs, BotRecordID: w.botRec, BotID: w.gate.ID,
		Username: w.gate.Username, APIURL: w.tg.URL, PollTimeout: 5 * time.Second, Logger: w.app.Logger(),
		Stats: analytics.New(w.app)}
	for _, f := range tweak {
		f(&cfg)
	}
	e, err := gatekeeper.New(cfg)
	must(w.t, err)
	must(w.t, e.Start(context.Background()))
	b, err := bot.New(w.gate.Token, e.BotOptions()...)
	must(w.t, err)
	e.Bind(b)
	w.e, w.b = e, b
	stop := func() {}
	if poll {
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { b.Start(ctx); close(done) }()
		w.tg.WaitFor(w.t, wait, func() bool { return w.tg.Polling(w.gate.ID) })
		stop = func() { cancel(); <-done }
	}
	w.halt = func() {
		stop()
		ctx, cancel := context.WithTimeout(context.Background(), wait)
		defer cancel()
		_ = e.Close(ctx)
	}
	w.t.Cleanup(w.halt)
}

// stopEngine stops the poller and closes the engine, as a process shutdown does.
func (w *world) stopEngine() { w.halt() }

// pump fetches the bot's pending updates from the fake and handles them one by one,
// synchronously, in order; it returns how many it handled.
func (w *world) pump() []*models.Update {
	w.t.Helper()
	form := url.Values{"offset": {strconv.FormatInt(w.offset, 10)}, "timeout": {"0"}}
	resp, err := http.PostForm(w.tg.URL+"/bot"+w.gate.Token+"/getUpdates", form)
	must(w.t, err)
	defer resp.Body.Close()
	var out struct {
		OK     bool             `json:"ok"`
		Result []*models.Update `json:"result"`
	}
	must(w.t, json.NewDecoder(resp.Body).Decode(&out))
	for _, u := range out.Result {
		w.e.Handle(context.Background(), w.b, u)
		w.offset = u.ID + 1
	}
	return out.Result
}

// supergroup makes a supergroup where the gate bot is an admin with gateRights.
func (w *world) supergroup(title string) telegramtest.Chat {
	w.t.Helper()
	g := w.tg.AddSupergroup(title)
	must(w.t, w.tg.SetMember(g.ID, w.gate.ID, telegramtest.Admin(gateRights)))
	return g
}

// channel makes a public channel where the gate bot is an admin.
func (w *world) channel(title, username string) telegramtest.Chat {
	w.t.Helper()
	ch := w.tg.AddChannel(title, username)
	must(w.t, w.tg.SetMember(ch.ID, w.gate.ID, telegramtest.Admin(telegramtest.AdminRights{CanInviteUsers: true})))
	return ch
}

// protect stores a protected group served by botRec and linked to the channels.
func (w *world) protect(botRec string, enabled bool, group telegramtest.Chat, chans ...telegramtest.Chat) {
	w.t.Helper()
	g, err := c.NewProtectedGroup(w.app)
	must(w.t, err)
	g.SetGroupID(group.ID)
	g.SetTitle(group.Title)
	g.SetBotInstanceRef(botRec)
	g.SetEnabled(enabled)
	must(w.t, w.app.Save(g))
	for _, ch := range chans {
		rec, err := c.NewEnforcedChannel(w.app)
		must(w.t, err)
		if old, err := w.app.FindFirstRecordByData(c.EnforcedChannels, c.FieldChannelID, ch.ID); err == nil {
			rec = c.Wrap(&c.EnforcedChannel{}, old)
		}
		rec.SetChannelID(ch.ID)
		rec.SetTitle(ch.Title)
		rec.SetUsername(ch.Username)
		rec.SetInviteLink("https://t.me/" + ch.Username)
		must(w.t, w.app.Save(rec))
		l, err := c.NewGroupChannelLink(w.app, g.Id, rec.Id)
		must(w.t, err)
		must(w.t, w.app.Save(l))
	}
}

// setConfig changes an admin_config value (read by engines made afterwards).
func (w *world) setConfig(key string, value any) {
	w.t.Helper()
	rec, err := w.app.FindFirstRecordByData(c.AdminConfig, c.FieldKey, key)
	must(w.t, err)
	rec.Set(c.FieldValue, value)
	must(w.t, w.app.Save(rec))
}

// member adds a user to chats as a plain member (no updates).
func (w *world) member(u telegramtest.User, chats ...telegramtest.Chat) {
	w.t.Helper()
	for _, ch := range chats {
		must(w.t, w.tg.SetMember(ch.ID, u.ID, telegramtest.Member{Status: telegramtest.StatusMember}))
	}
}

// flush writes the queued log rows.
func (w *world) flush() {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	must(w.t, w.logs.Flush(ctx))
}

// verifications returns the verification_log rows of a user, oldest first.
func (w *world) verifications(userID int64) []*core.Record {
	w.t.Helper()
	w.flush()
	rows, err := w.app.FindRecordsByFilter(c.VerificationLog, c.FieldUserID+" = {:u}", c.FieldTimestamp, 0, 0, dbx.Params{"u": userID})
	must(w.t, err)
	return rows
}

// apiCalls returns the api_call_log rows of a method.
func (w *world) apiCalls(method string) []*core.Record {
	w.t.Helper()
	w.flush()
	rows, err := w.app.FindAllRecords(c.APICallLog, dbx.HashExp{c.FieldMethod: method})
	must(w.t, err)
	return rows
}

// warnings are the bot's messages with buttons in a chat.
func (w *world) warnings(chatID int64) []telegramtest.Message {
	var out []telegramtest.Message
	for _, m := range w.tg.Messages(chatID) {
		if m.ReplyMarkup != nil && m.From != nil && m.From.ID == w.gate.ID {
			out = append(out, m)
		}
	}
	return out
}

// replies are the bot's texts in a chat.
func (w *world) replies(chatID int64) []string {
	var out []string
	for _, m := range w.tg.Messages(chatID) {
		if m.From != nil && m.From.ID == w.gate.ID {
			out = append(out, m.Text)
		}
	}
	return out
}

// callsFor returns the recorded calls of a method about one user.
func (w *world) callsFor(method string, userID int64) []telegramtest.Call {
	var out []telegramtest.Call
	for _, call := range w.tg.Calls(method) {
		if call.Int("user_id") == userID {
			out = append(out, call)
		}
	}
	return out
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func mustV[T any](t testing.TB) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		must(t, err)
		return v
	}
}

// contains reports whether any text contains sub.
func contains(texts []string, sub string) bool {
	for _, s := range texts {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
