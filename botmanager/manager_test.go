package botmanager_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/nezuko/nezuko/botmanager"
	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper"
	"github.com/nezuko/nezuko/hooks"
	"github.com/nezuko/nezuko/tests/telegramtest"
	"github.com/nezuko/nezuko/tests/testutil"
)

func TestMain(m *testing.M) { testutil.Main(m) }

const wait = 15 * time.Second

// world is a fake Telegram with one bot admin in one group linked to one channel, and an
// app whose manager runs (polling mode unless webhookURL is set).
type world struct {
	tg      *telegramtest.Server
	bot     telegramtest.Bot
	group   telegramtest.Chat
	channel telegramtest.Chat
	app     *tests.TestApp
	svc     *hooks.Services
}

func newWorld(t testing.TB, opts ...telegramtest.Option) *world {
	t.Helper()
	tg := telegramtest.NewServer(t, opts...)
	w := &world{tg: tg, bot: tg.AddBot("guard_bot"), group: tg.AddSupergroup("Fans"), channel: tg.AddChannel("News", "news")}
	must(t, tg.SetMember(w.group.ID, w.bot.ID, telegramtest.Admin(telegramtest.AdminRights{CanRestrictMembers: true, CanDeleteMessages: true})))
	must(t, tg.SetMember(w.channel.ID, w.bot.ID, telegramtest.Admin(telegramtest.AdminRights{})))
	w.app, w.svc = testutil.NewAppWithServices(t, testutil.Options{APIURL: tg.URL})
	return w
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// addBot stores a bot record with a plaintext token (the save hook seals it).
func (w *world) addBot(t testing.TB, token string) *c.BotInstance {
	t.Helper()
	b, err := c.NewBotInstance(w.app)
	must(t, err)
	b.SetTokenEncrypted(token)
	must(t, w.app.Save(b))
	return b
}

// protect links the world's group and channel to bot in the database.
func (w *world) protect(t testing.TB, botRef string) {
	t.Helper()
	g, _ := c.NewProtectedGroup(w.app)
	g.SetGroupID(w.group.ID)
	g.SetTitle(w.group.Title)
	g.SetBotInstanceRef(botRef)
	must(t, w.app.Save(g))
	ch, _ := c.NewEnforcedChannel(w.app)
	ch.SetChannelID(w.channel.ID)
	ch.SetUsername("news")
	must(t, w.app.Save(ch))
	l, _ := c.NewGroupChannelLink(w.app, g.Id, ch.Id)
	must(t, w.app.Save(l))
}

// status waits until the bot's bot_status row has the wanted status and returns it.
func (w *world) status(t testing.TB, botRef, want string) *c.BotStatusRow {
	t.Helper()
	var row *c.BotStatusRow
	waitUntil(t, "bot_status "+want, func() bool {
		row = w.statusRow(botRef)
		return row != nil && row.Status() == want
	})
	return row
}

// statusRow is the bot's bot_status row, or nil.
func (w *world) statusRow(botRef string) *c.BotStatusRow {
	rec, err := w.app.FindFirstRecordByData(c.BotStatus, c.FieldBotInstance, botRef)
	if err != nil {
		return nil
	}
	return c.Wrap(&c.BotStatusRow{}, rec)
}

func TestBotFollowsItsRecord(t *testing.T) {
	w := newWorld(t)
	w.svc.Bots.Start(context.Background())
	b := w.addBot(t, w.bot.Token)

	w.tg.WaitFor(t, wait, func() bool { return w.tg.Polling(w.bot.ID) })
	row := w.status(t, b.Id, c.BotRunning)
	meta := map[string]any{}
	must(t, row.UnmarshalJSONField(c.FieldMetadata, &meta))
	if meta["mode"] != "polling" || meta["version"] == "" {
		t.Errorf("metadata = %v", meta)
	}
	if n := len(w.tg.CallsFor(w.bot.Token, "deleteWebhook")); n != 1 {
		t.Errorf("deleteWebhook calls = %d, want 1 before polling", n)
	}

	b.SetIsActive(false)
	must(t, w.app.Save(b))
	w.status(t, b.Id, c.BotStopped)
	w.tg.WaitFor(t, wait, func() bool { return !w.tg.Polling(w.bot.ID) })

	// Soft-deleted bots do not come back with the reconcile loop either.
	b.SetIsActive(true)
	must(t, w.app.Save(b))
	w.status(t, b.Id, c.BotRunning)
	b.SoftDelete(time.Now())
	must(t, w.app.Save(b))
	w.status(t, b.Id, c.BotStopped)
}

func TestTokenChangeRestartsTheBot(t *testing.T) {
	w := newWorld(t)
	w.svc.Bots.Start(context.Background())
	b := w.addBot(t, w.bot.Token)
	w.tg.WaitFor(t, wait, func() bool { return w.tg.Polling(w.bot.ID) })

	other := w.tg.AddBot("second_bot")
	b.SetTokenEncrypted(other.Token)
	must(t, w.app.Save(b))
	w.tg.WaitFor(t, wait, func() bool { return w.tg.Polling(other.ID) && !w.tg.Polling(w.bot.ID) })
	w.status(t, b.Id, c.BotRunning)
}

func TestRevokedTokenStopsWithUnauthorized(t *testing.T) {
	w := newWorld(t)
	w.svc.Bots.Start(context.Background())
	b := w.addBot(t, w.bot.Token)
	w.tg.WaitFor(t, wait, func() bool { return w.tg.Polling(w.bot.ID) })

	w.tg.RevokeToken(w.bot.ID)
	row := w.status(t, b.Id, c.BotError)
	meta := map[string]any{}
	must(t, row.UnmarshalJSONField(c.FieldMetadata, &meta))
	if meta["reason"] != botmanager.ReasonUnauthorized {
		t.Fatalf("reason = %v", meta["reason"])
	}
	polls := len(w.tg.CallsFor(w.bot.Token, "getUpdates"))
	// The manager does not loop: a later reconcile leaves the errored bot alone.
	w.svc.Bots.Sync(b.Id)
	w.status(t, b.Id, c.BotError)
	if got := len(w.tg.CallsFor(w.bot.Token, "getUpdates")); got > polls+1 {
		t.Errorf("getUpdates after 401: %d more calls", got-polls)
	}
}

// newManager builds a manager with fast supervision timings on w's app, with the real
// gatekeeper engine.
func newManager(w *world, opts botmanager.Options) *botmanager.Manager {
	opts.App, opts.Sealer = w.app, w.svc.Sealer
	opts.NewEngine = func(spec botmanager.EngineSpec) (botmanager.Engine, error) {
		return gatekeeper.New(gatekeeper.Config{App: w.app, Logs: w.svc.Logs, APIURL: w.tg.URL,
			BotRecordID: spec.BotRecordID, BotID: spec.BotID, Username: spec.Username,
			OnUnauthorized: func() { spec.OnPoll(bot.ErrorUnauthorized) }, OnPoll: spec.OnPoll})
	}
	return botmanager.New(opts)
}

func TestFailingLoopIsRestartedThenMarkedError(t *testing.T) {
	w := newWorld(t)
	m := newManager(w, botmanager.Options{RestartBackoff: 10 * time.Millisecond, FailuresBeforeRestart: 2})
	t.Cleanup(func() { m.Close(context.Background()) })
	w.tg.InjectFault(telegramtest.Fault{Method: "getUpdates", Kind: telegramtest.FaultServerError, Times: -1})
	b := w.addBot(t, w.bot.Token)
	m.Start(context.Background())

	row := w.status(t, b.Id, c.BotError)
	meta := map[string]any{}
	must(t, row.UnmarshalJSONField(c.FieldMetadata, &meta))
	if meta["reason"] != botmanager.ReasonRestarts || meta["last_error"] == "" {
		t.Fatalf("metadata = %v", meta)
	}
	// 1 first attempt + MaxRestarts restarts, each registering with deleteWebhook.
	if n := len(w.tg.CallsFor(w.bot.Token, "deleteWebhook")); n != 1+botmanager.MaxRestarts {
		t.Errorf("attempts = %d, want %d", n, 1+botmanager.MaxRestarts)
	}
}

func TestFloodWaitOnPollingIsNotAFailingLoop(t *testing.T) {
	w := newWorld(t)
	m := newManager(w, botmanager.Options{RestartBackoff: 10 * time.Millisecond, FailuresBeforeRestart: 2})
	t.Cleanup(func() { m.Close(context.Background()) })
	w.tg.InjectFault(telegramtest.Fault{Method: "getUpdates", Kind: telegramtest.FaultTooManyRequests, Times: 3, RetryAfter: 1})
	b := w.addBot(t, w.bot.Token)
	m.Start(context.Background())

	// Three 429s in a row (more than FailuresBeforeRestart), then a long poll that
	// Telegram accepts: the same loop goes on, it is neither restarted nor in error.
	w.tg.WaitFor(t, 30*time.Second, func() bool { return len(w.tg.CallsFor(w.bot.Token, "getUpdates")) >= 3 })
	if _, err := w.tg.SendPrivate(w.bot, w.tg.AddUser("Ann"), "/help"); err != nil { // ends the long poll
		t.Fatal(err)
	}
	w.tg.WaitFor(t, 30*time.Second, func() bool { return len(w.tg.CallsFor(w.bot.Token, "getUpdates")) >= 4 })
	w.status(t, b.Id, c.BotRunning)
	if n := len(w.tg.CallsFor(w.bot.Token, "deleteWebhook")); n != 1 {
		t.Errorf("the loop was restarted under a flood wait: %d starts, want 1", n)
	}
}

// serveApp serves the app's real router (all OnServe hooks) on a loopback server.
func serveApp(t *testing.T, app core.App) *httptest.Server {
	t.Helper()
	r, err := apis.NewRouter(app)
	must(t, err)
	var srv *httptest.Server
	must(t, app.OnServe().Trigger(&core.ServeEvent{App: app, Router: r}, func(e *core.ServeEvent) error {
		mux, err := e.Router.BuildMux()
		srv = httptest.NewServer(mux)
		return err
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestManageBotAddStartsPollingAtOnce(t *testing.T) {
	w := newWorld(t)
	w.svc.Bots.Start(context.Background())
	srv := serveApp(t, w.app)
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/functions/manage-bot",
		strings.NewReader(`{"action":"add","token":"`+w.bot.Token+`"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", testutil.AdminToken(t, w.app, c.RoleAdmin))
	res, err := srv.Client().Do(req)
	must(t, err)
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("manage-bot add = %d", res.StatusCode)
	}
	w.tg.WaitFor(t, wait, func() bool { return w.tg.Polling(w.bot.ID) })
	rec, err := w.app.FindFirstRecordByData(c.BotInstances, c.FieldBotID, w.bot.ID)
	must(t, err)
	w.status(t, rec.Id, c.BotRunning)
}

// A second process polling the same token makes Telegram end this one's long poll
// with 409: the bot stops in error with reason conflict and does not poll again,
// so the other process keeps polling undisturbed (no restart loop, no flapping).
func TestConflictStopsPollingWithReason(t *testing.T) {
	w := newWorld(t)
	m := newManager(w, botmanager.Options{RestartBackoff: 10 * time.Millisecond, FailuresBeforeRestart: 2})
	t.Cleanup(func() { m.Close(context.Background()) })
	b := w.addBot(t, w.bot.Token)
	m.Start(context.Background())
	w.tg.WaitFor(t, wait, func() bool { return w.tg.Polling(w.bot.ID) })
	w.status(t, b.Id, c.BotRunning)

	other := make(chan int, 1) // the other process: one long poll
	go func() {
		res, err := http.Post(w.tg.URL+"/bot"+w.bot.Token+"/getUpdates?timeout=3", "application/json", nil)
		if err != nil {
			other <- 0
			return
		}
		res.Body.Close()
		other <- res.StatusCode
	}()
	row := w.status(t, b.Id, c.BotError)
	meta := map[string]any{}
	must(t, row.UnmarshalJSONField(c.FieldMetadata, &meta))
	if meta["reason"] != botmanager.ReasonConflict || !strings.Contains(fmt.Sprint(meta["last_error"]), "another process polls this bot's token") {
		t.Fatalf("metadata = %v", meta)
	}
	if st := <-other; st != http.StatusOK {
		t.Fatalf("the other process's poll = %d, want 200 (this bot must not take the token back)", st)
	}
	conflicts := 0
	for _, call := range w.tg.CallsFor(w.bot.Token, "getUpdates") {
		if call.ErrorCode == http.StatusConflict {
			conflicts++
		}
	}
	if conflicts != 1 {
		t.Fatalf("409 answers = %d, want 1", conflicts)
	}
	if n := len(w.tg.CallsFor(w.bot.Token, "deleteWebhook")); n != 1 {
		t.Fatalf("the bot was restarted %d times after the conflict", n-1)
	}
}
