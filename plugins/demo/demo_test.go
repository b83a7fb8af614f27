package demo_test

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/config"
	"github.com/nezuko/nezuko/plugins/demo"
	"github.com/nezuko/nezuko/secret"
	"github.com/nezuko/nezuko/tests/telegramtest"
	"github.com/nezuko/nezuko/tests/testutil"
)

func TestMain(m *testing.M) { testutil.Main(m) }

// The demo's code, run in-process and bounded: the bot starts, and within 30 s
// verification_log rows appear, from the simulated users.
func TestDemoFillsTheLogs(t *testing.T) {
	tg := telegramtest.NewServer(t)
	app, svc := testutil.NewAppWithServices(t, testutil.Options{APIURL: tg.URL})
	w, err := demo.Setup(app, tg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Setup(app, telegramtest.NewServer(t)); err != nil { // a second run keeps the records
		t.Fatalf("setup again: %v", err)
	}
	svc.Bots.Start(context.Background())
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		svc.Bots.Close(ctx)
	})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	stats := &demo.Stats{}
	done := make(chan struct{})
	go func() { defer close(done); demo.Simulate(ctx, tg, w, 5, stats) }()

	deadline := time.Now().Add(30 * time.Second)
	var rows, brought, requests int64
	for time.Now().Before(deadline) {
		_ = svc.Logs.Flush(ctx)
		rows, _ = app.CountRecords(c.VerificationLog, dbx.HashExp{c.FieldGroupID: w.Group.ID})
		brought, _ = app.CountRecords(c.ChannelJoins, dbx.HashExp{c.FieldGroupID: w.Group.ID})
		requests, _ = app.CountRecords(c.ChannelJoins, dbx.HashExp{c.FieldVia: c.JoinViaRequest})
		if rows > 0 && brought > 0 && requests > 0 {
			break
		}
		time.Sleep(100 * time.Millisecond) // polling the database, which has no event to wait on
	}
	cancel()
	<-done
	if rows == 0 {
		t.Fatalf("no verification_log rows within 30 s (%s)", stats)
	}
	if brought == 0 || requests == 0 {
		t.Fatalf("channel_joins within 30 s: %d through the group's links, %d join requests (%s)", brought, requests, stats)
	}
	for _, email := range []string{demo.SuperuserEmail} {
		if _, err := app.FindAuthRecordByEmail(core.CollectionNameSuperusers, email); err != nil {
			t.Fatalf("superuser %s: %v", email, err)
		}
	}
	if _, err := app.FindAuthRecordByEmail(c.AdminUsers, demo.AdminEmail); err != nil {
		t.Fatalf("admin user: %v", err)
	}
	t.Logf("%d rows, %d joins brought by the group, %d requests; %s", rows, brought, requests, stats)
}

// Only `nezuko demo` prepares a demo; without one the configuration is untouched.
func TestFromArgs(t *testing.T) {
	for _, args := range [][]string{{"serve", "--http=127.0.0.1:8090"}, {"--dir", "demo", "serve"}, {"serve", "demo"}, {"demo", "--help"}} {
		if d := demo.FromArgs(args); d != nil {
			t.Fatalf("%q prepared a demo", args)
		}
	}
	d := demo.FromArgs([]string{"--dir", "/tmp/nezuko-demo-test", "demo", "--rate", "3"})
	if d == nil {
		t.Fatal("`nezuko --dir … demo` prepared no demo")
	}
	defer d.Close()
	if got := d.Config(config.Config{APIURL: "https://api.telegram.org", WebhookURL: "https://x.example"}); !strings.HasPrefix(got.APIURL, "http://127.0.0.1:") || got.WebhookURL != "" {
		t.Fatalf("demo config = %+v", got)
	}
	if d.AppConfig().DefaultDataDir != "" {
		t.Fatal("--dir given, yet a temporary data dir was made")
	}
	if got := d.Config(config.Config{}); got.EncryptionKey != "" {
		t.Fatal("--dir given, yet the token key is a throwaway one")
	}
	// In its temporary directory the demo needs no key file, hence no warning to back it up.
	tmp := demo.FromArgs([]string{"demo"})
	defer tmp.Close()
	if got := tmp.Config(config.Config{}); got.EncryptionKey == "" {
		t.Fatal("temporary demo without a key: a key file and a back-up warning for a directory removed at exit")
	} else if _, err := secret.NewBox(got.EncryptionKey); err != nil {
		t.Fatalf("demo key: %v", err)
	}
	cfg := config.Config{APIURL: "https://api.telegram.org"}
	var none *demo.Demo
	if got := none.Config(cfg); got != cfg {
		t.Fatalf("config changed without a demo: %+v", got)
	}
}

// A demo raid: every raider is muted, and they are named in fewer messages than there
// are raiders (the bot combines the warnings of a group under a burst).
func TestDemoRaidIsCombined(t *testing.T) {
	tg := telegramtest.NewServer(t)
	app, svc := testutil.NewAppWithServices(t, testutil.Options{APIURL: tg.URL})
	w, err := demo.Setup(app, tg)
	if err != nil {
		t.Fatal(err)
	}
	svc.Bots.Start(context.Background())
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		svc.Bots.Close(ctx)
	})
	tg.WaitFor(t, 30*time.Second, func() bool { return tg.Polling(w.Bot.ID) })
	raiders := demo.Raid(tg, w, &demo.Stats{})
	mention := regexp.MustCompile(`tg://user\?id=(\d+)`)
	named := func() map[int64]bool { // users named in the bot's messages to the group, edits included
		out := map[int64]bool{}
		for _, call := range append(tg.Calls("sendMessage"), tg.Calls("editMessageText")...) {
			if call.Int("chat_id") != w.Group.ID || !call.OK {
				continue
			}
			for _, m := range mention.FindAllStringSubmatch(call.Params["text"], -1) {
				id, _ := strconv.ParseInt(m[1], 10, 64)
				out[id] = true
			}
		}
		return out
	}
	tg.WaitFor(t, 60*time.Second, func() bool {
		n := named()
		for _, u := range raiders {
			if tg.Member(w.Group.ID, u.ID).Status != telegramtest.StatusRestricted || !n[u.ID] {
				return false
			}
		}
		return true
	})
	sent := 0
	for _, call := range tg.Calls("sendMessage") {
		if call.Int("chat_id") == w.Group.ID && call.OK {
			sent++
		}
	}
	if sent >= len(raiders) {
		t.Fatalf("%d messages for a raid of %d: the warnings were not combined", sent, len(raiders))
	}
	t.Logf("raid of %d: every raider muted and named, %d messages sent", len(raiders), sent)
}
