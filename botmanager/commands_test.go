package botmanager_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"github.com/nezuko/nezuko/botmanager"
	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/tests/telegramtest"
	"github.com/nezuko/nezuko/tests/testutil"
)

// command saves a pending command and waits until the worker finishes it.
func (w *world) command(t *testing.T, typ, botRef string, payload string) *c.AdminCommand {
	t.Helper()
	cmd, err := testutil.NewCommand(w.app, typ, json.RawMessage(payload))
	must(t, err)
	if botRef != "" {
		cmd.Set(c.FieldBotInstance, botRef)
	}
	must(t, w.app.Save(cmd))
	var done *c.AdminCommand
	waitUntil(t, typ+" finished", func() bool {
		rec, err := w.app.FindRecordById(c.AdminCommands, cmd.Id)
		if err != nil {
			return false
		}
		done = c.Wrap(&c.AdminCommand{}, rec)
		return done.Status() == c.CommandCompleted || done.Status() == c.CommandFailed
	})
	if done.GetDateTime(c.FieldExecutedAt).IsZero() {
		t.Errorf("%s: executed_at not set", typ)
	}
	return done
}

func TestCommandsActOnTelegram(t *testing.T) {
	w := newWorld(t)
	w.svc.Bots.Start(context.Background())
	b := w.addBot(t, w.bot.Token)
	w.protect(t, b.Id)
	w.status(t, b.Id, c.BotRunning)
	alice := w.tg.AddUser("Alice")
	must(t, w.tg.SetMember(w.group.ID, alice.ID, telegramtest.Member{Status: telegramtest.StatusMember}))
	ids := `{"group_id":` + itoa(w.group.ID) + `,"user_id":` + itoa(alice.ID) + `}`

	if cmd := w.command(t, botmanager.CmdMuteUser, "", ids); cmd.Status() != c.CommandCompleted {
		t.Fatalf("mute_user: %s %s", cmd.Status(), cmd.GetString(c.FieldErrorMessage))
	}
	if st := w.tg.Member(w.group.ID, alice.ID).Status; st != telegramtest.StatusRestricted {
		t.Fatalf("after mute_user alice is %s", st)
	}
	if cmd := w.command(t, botmanager.CmdUnmuteUser, "", ids); cmd.Status() != c.CommandCompleted {
		t.Fatalf("unmute_user: %s", cmd.GetString(c.FieldErrorMessage))
	}
	if st := w.tg.Member(w.group.ID, alice.ID).Status; st != telegramtest.StatusMember {
		t.Fatalf("after unmute_user alice is %s", st)
	}
	if cmd := w.command(t, botmanager.CmdBanUser, "", ids); cmd.Status() != c.CommandCompleted ||
		w.tg.Member(w.group.ID, alice.ID).Status != telegramtest.StatusKicked {
		t.Fatalf("ban_user: %s %s", cmd.Status(), cmd.GetString(c.FieldErrorMessage))
	}
	if cmd := w.command(t, botmanager.CmdUnbanUser, "", ids); cmd.Status() != c.CommandCompleted ||
		w.tg.Member(w.group.ID, alice.ID).Status != telegramtest.StatusLeft {
		t.Fatalf("unban_user: %s %s", cmd.Status(), cmd.GetString(c.FieldErrorMessage))
	}
	msg := `{"group_id":` + itoa(w.group.ID) + `,"text":"Hello <b>members</b>"}`
	if cmd := w.command(t, botmanager.CmdSendMessage, "", msg); cmd.Status() != c.CommandCompleted {
		t.Fatalf("send_message: %s", cmd.GetString(c.FieldErrorMessage))
	}
	w.tg.WaitMessage(t, wait, w.group.ID, func(m telegramtest.Message) bool { return strings.Contains(m.Text, "members") })
	for _, typ := range []string{botmanager.CmdSyncMembers, botmanager.CmdClearCache} {
		if cmd := w.command(t, typ, b.Id, `{}`); cmd.Status() != c.CommandCompleted {
			t.Fatalf("%s: %s", typ, cmd.GetString(c.FieldErrorMessage))
		}
	}
	if cmd := w.command(t, botmanager.CmdLeaveGroup, "", `{"group_id":`+itoa(w.group.ID)+`}`); cmd.Status() != c.CommandCompleted {
		t.Fatalf("leave_group: %s", cmd.GetString(c.FieldErrorMessage))
	}
	if st := w.tg.Member(w.group.ID, w.bot.ID).Status; st != telegramtest.StatusLeft {
		t.Fatalf("after leave_group the bot is %s", st)
	}
}

func TestBadCommandsFailWithAClearMessage(t *testing.T) {
	w := newWorld(t)
	w.svc.Bots.Start(context.Background())
	b := w.addBot(t, w.bot.Token)
	w.protect(t, b.Id)
	w.status(t, b.Id, c.BotRunning)
	g := itoa(w.group.ID)
	for _, tc := range []struct{ typ, payload, want string }{
		{"launch_rockets", `{}`, `unknown command type "launch_rockets"`},
		{botmanager.CmdMuteUser, `{"group_id":` + g + `}`, "payload.user_id is required"},
		{botmanager.CmdMuteUser, `{"group_id":` + g + `,"user_id":"bob"}`, "payload.user_id must be an integer"},
		{botmanager.CmdSendMessage, `{"group_id":` + g + `,"text":""}`, "payload.text must be a non-empty string"},
		{botmanager.CmdLeaveGroup, `{"group_id":-42}`, "group -42 is not a protected group"},
		{botmanager.CmdStartBot, `{}`, "bot_instance is required"},
	} {
		cmd := w.command(t, tc.typ, "", tc.payload)
		if cmd.Status() != c.CommandFailed || !strings.Contains(cmd.GetString(c.FieldErrorMessage), tc.want) {
			t.Errorf("%s %s: %s %q, want failed with %q", tc.typ, tc.payload, cmd.Status(), cmd.GetString(c.FieldErrorMessage), tc.want)
		}
	}
}

func TestStopAndStartCommands(t *testing.T) {
	w := newWorld(t)
	w.svc.Bots.Start(context.Background())
	b := w.addBot(t, w.bot.Token)
	w.status(t, b.Id, c.BotRunning)
	if cmd := w.command(t, botmanager.CmdStopBot, b.Id, `{}`); cmd.Status() != c.CommandCompleted {
		t.Fatal(cmd.GetString(c.FieldErrorMessage))
	}
	w.status(t, b.Id, c.BotStopped)
	if rec, _ := w.app.FindRecordById(c.BotInstances, b.Id); rec.GetBool(c.FieldIsActive) {
		t.Error("stop_bot left is_active true")
	}
	if cmd := w.command(t, botmanager.CmdStartBot, b.Id, `{}`); cmd.Status() != c.CommandCompleted {
		t.Fatal(cmd.GetString(c.FieldErrorMessage))
	}
	w.status(t, b.Id, c.BotRunning)
	cmd := w.command(t, botmanager.CmdRestartBot, b.Id, `{}`)
	if cmd.Status() != c.CommandFailed || !strings.Contains(cmd.GetString(c.FieldErrorMessage), "wait") {
		t.Errorf("restart within the cooldown: %s %q", cmd.Status(), cmd.GetString(c.FieldErrorMessage))
	}
}

func TestTwoWorkersNeverRunOneCommand(t *testing.T) {
	w := newWorld(t)
	var mu sync.Mutex
	seen := map[string]int{}
	count := func(ch botmanager.CommandChange) {
		if ch.Finished {
			mu.Lock()
			defer mu.Unlock()
			seen["all"]++
		}
	}
	m1 := newManager(w, botmanager.Options{SweepEvery: 5 * time.Millisecond, OnCommandChange: count})
	m2 := newManager(w, botmanager.Options{SweepEvery: 5 * time.Millisecond, OnCommandChange: count})
	const n = 40
	ids := make([]string, 0, n)
	for i := 0; i < n; i++ {
		cmd, _ := testutil.NewCommand(w.app, "no_such_type", json.RawMessage(`{}`))
		must(t, w.app.Save(cmd))
		ids = append(ids, cmd.Id)
	}
	m1.Start(context.Background())
	m2.Start(context.Background())
	t.Cleanup(func() { m1.Close(context.Background()); m2.Close(context.Background()) })
	waitUntil(t, "all commands failed", func() bool {
		n, _ := w.app.CountRecords(c.AdminCommands, dbxStatus(c.CommandFailed))
		return n == int64(len(ids))
	})
	// A worker announces a change after its save commits: closing both managers waits
	// for every worker, so every announcement (and any second run) has been counted.
	m1.Close(context.Background())
	m2.Close(context.Background())
	mu.Lock()
	defer mu.Unlock()
	if seen["all"] != n {
		t.Fatalf("commands executed %d times, want %d", seen["all"], n)
	}
}

func TestInterruptedCommandsAreFailedNotRerun(t *testing.T) {
	w := newWorld(t)
	cmd, _ := testutil.NewCommand(w.app, botmanager.CmdClearCache, json.RawMessage(`{}`))
	cmd.MarkProcessing()
	must(t, w.app.Save(cmd))
	w.svc.Bots.Start(context.Background())
	rec, err := w.app.FindRecordById(c.AdminCommands, cmd.Id)
	must(t, err)
	if rec.GetString(c.FieldStatus) != c.CommandFailed || rec.GetString(c.FieldErrorMessage) != botmanager.InterruptedMessage {
		t.Fatalf("after restart: %s %q", rec.GetString(c.FieldStatus), rec.GetString(c.FieldErrorMessage))
	}
}

func TestWebhookMode(t *testing.T) {
	// The receiver is plain http on loopback: the fake plays a Bot API server started
	// with --local, which accepts it (api.telegram.org would answer 400).
	w := newWorld(t, telegramtest.WithLocalMode())
	r, err := apis.NewRouter(w.app)
	must(t, err)
	srv := httptest.NewUnstartedServer(nil)
	m := newManager(w, botmanager.Options{WebhookURL: "http://" + srv.Listener.Addr().String(), WebhookSecret: "s3cret_Token"})
	m.RegisterWebhook(&core.ServeEvent{App: w.app, Router: r})
	mux, err := r.BuildMux()
	must(t, err)
	srv.Config.Handler = mux
	srv.Start()
	t.Cleanup(srv.Close)
	t.Cleanup(func() { m.Close(context.Background()) })

	b := w.addBot(t, w.bot.Token)
	w.protect(t, b.Id)
	m.Start(context.Background())
	w.status(t, b.Id, c.BotRunning)
	set := w.tg.WaitCall(t, wait, telegramtest.Method("setWebhook"))
	if !strings.HasSuffix(set.Params["url"], "/api/telegram/webhook/"+itoa(w.bot.ID)) || set.Params["secret_token"] != "s3cret_Token" {
		t.Fatalf("setWebhook %v", set.Params)
	}

	post := func(path, secret, body string) int {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+path, strings.NewReader(body))
		if secret != "" {
			req.Header.Set(botmanager.SecretHeader, secret)
		}
		res, err := srv.Client().Do(req)
		must(t, err)
		res.Body.Close()
		return res.StatusCode
	}
	hook := "/api/telegram/webhook/" + itoa(w.bot.ID)
	for _, tc := range []struct {
		path, secret, body string
		want               int
	}{
		{hook, "", `{"update_id":1}`, 401},
		{hook, "wrong", `{"update_id":1}`, 401},
		{"/api/telegram/webhook/999", "s3cret_Token", `{"update_id":1}`, 404},
		{hook, "s3cret_Token", `{not json`, 400},
	} {
		if got := post(tc.path, tc.secret, tc.body); got != tc.want {
			t.Errorf("POST %s secret=%q body=%q = %d, want %d", tc.path, tc.secret, tc.body, got, tc.want)
		}
	}

	// Updates Telegram pushes are handled: a non-member joining gets muted.
	alice := w.tg.AddUser("Alice")
	w.tg.Join(w.group.ID, alice)
	w.tg.WaitFor(t, wait, func() bool { return w.tg.Member(w.group.ID, alice.ID).Status == telegramtest.StatusRestricted })
}

// Telegram pushes over parallel connections and retries failed deliveries, so a higher
// update_id can reach the bot before a lower one: the lower one is still handled (and,
// redelivered, handled once).
func TestWebhookOutOfOrderDeliveryIsHandled(t *testing.T) {
	w := newWorld(t, telegramtest.WithLocalMode()) // loopback http receiver: a --local Bot API server
	r, err := apis.NewRouter(w.app)
	must(t, err)
	srv := httptest.NewUnstartedServer(nil)
	m := newManager(w, botmanager.Options{WebhookURL: "http://" + srv.Listener.Addr().String(), WebhookSecret: "s3cret_Token"})
	m.RegisterWebhook(&core.ServeEvent{App: w.app, Router: r})
	mux, err := r.BuildMux()
	must(t, err)
	alice, bob := w.tg.AddUser("Alice"), w.tg.AddUser("Bob")
	var mu sync.Mutex
	refused := map[string]bool{} // bodies refused once
	srv.Config.Handler = http.HandlerFunc(func(rw http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		mu.Lock() // the first delivery of each of Alice's updates fails: Telegram retries it
		fail := strings.Contains(string(body), `"id":`+itoa(alice.ID)) && !refused[string(body)]
		refused[string(body)] = true
		mu.Unlock()
		if fail {
			rw.WriteHeader(http.StatusBadGateway)
			return
		}
		req.Body = io.NopCloser(strings.NewReader(string(body)))
		mux.ServeHTTP(rw, req)
	})
	srv.Start()
	t.Cleanup(srv.Close)
	t.Cleanup(func() { m.Close(context.Background()) })

	b := w.addBot(t, w.bot.Token)
	w.protect(t, b.Id)
	m.Start(context.Background())
	w.status(t, b.Id, c.BotRunning)
	w.tg.WaitFor(t, wait, func() bool { return w.tg.Pending(w.bot.ID) == 0 })
	_, err = w.tg.Join(w.group.ID, alice)
	must(t, err)
	_, err = w.tg.Join(w.group.ID, bob)
	must(t, err)
	for _, u := range []telegramtest.User{alice, bob} {
		w.tg.WaitFor(t, wait, func() bool { return w.tg.Member(w.group.ID, u.ID).Status == telegramtest.StatusRestricted })
	}
	w.tg.WaitFor(t, wait, func() bool { return w.tg.Pending(w.bot.ID) == 0 })
	for _, u := range []telegramtest.User{alice, bob} {
		n := 0
		for _, call := range w.tg.CallsFor(w.bot.Token, "restrictChatMember") {
			if call.Int("user_id") == u.ID {
				n++
			}
		}
		if n != 1 {
			t.Fatalf("%s restricted %d times, want 1", u.FirstName, n)
		}
	}
}
