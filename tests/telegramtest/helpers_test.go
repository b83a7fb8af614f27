package telegramtest_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/nezuko/nezuko/tests/telegramtest"
)

// wait is the generous deadline every test waits with.
const wait = 10 * time.Second

// allUpdates are the kinds the tests ask for.
var allUpdates = bot.AllowedUpdates{
	models.AllowedUpdateMessage, models.AllowedUpdateCallbackQuery, models.AllowedUpdateChatMember,
	models.AllowedUpdateMyChatMember, models.AllowedUpdateChatJoinRequest, models.AllowedUpdateChannelPost,
}

// client makes a go-telegram/bot client for bt that does not poll.
func client(t *testing.T, tg *telegramtest.Server, bt telegramtest.Bot, opts ...bot.Option) *bot.Bot {
	t.Helper()
	b, err := bot.New(bt.Token, append([]bot.Option{bot.WithServerURL(tg.URL)}, opts...)...)
	if err != nil {
		t.Fatalf("bot.New: %v", err)
	}
	return b
}

// poller starts a polling client whose updates arrive on the returned
// channel, and waits until its first getUpdates is in flight (so its
// allowed_updates are registered).
func poller(t *testing.T, tg *telegramtest.Server, bt telegramtest.Bot) (*bot.Bot, <-chan *models.Update) {
	t.Helper()
	updates := make(chan *models.Update, 256)
	b := client(t, tg, bt, bot.WithAllowedUpdates(allUpdates), bot.WithErrorsHandler(func(error) {}), bot.WithNotAsyncHandlers(),
		bot.WithDefaultHandler(func(_ context.Context, _ *bot.Bot, u *models.Update) { updates <- u }))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { b.Start(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	tg.WaitFor(t, wait, func() bool { return tg.Polling(bt.ID) })
	return b, updates
}

// next returns the next update that matches, failing after the deadline.
func next(t *testing.T, updates <-chan *models.Update, match func(*models.Update) bool) *models.Update {
	t.Helper()
	deadline := time.NewTimer(wait)
	defer deadline.Stop()
	for {
		select {
		case u := <-updates:
			if match(u) {
				return u
			}
		case <-deadline.C:
			t.Fatalf("no matching update within %v", wait)
			return nil
		}
	}
}

// raw posts a request to the fake and returns the status and decoded body.
func raw(t *testing.T, tg *telegramtest.Server, token, method, contentType, body string) (int, map[string]any) {
	t.Helper()
	resp, err := http.Post(tg.URL+"/bot"+token+"/"+method, contentType, strings.NewReader(body))
	if err != nil {
		t.Errorf("POST %s: %v", method, err) // not Fatal: raw also runs in goroutines
		return 0, nil
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if err := json.Unmarshal(data, &out); err != nil {
		t.Errorf("%s: body %q is not JSON: %v", method, data, err)
	}
	return resp.StatusCode, out
}

// form encodes urlencoded parameters.
func form(kv ...string) string {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v.Encode()
}

const formType = "application/x-www-form-urlencoded"

// world is a supergroup with an admin bot and a linked public channel.
type world struct {
	tg      *telegramtest.Server
	bot     telegramtest.Bot
	group   telegramtest.Chat
	channel telegramtest.Chat
}

var gateRights = telegramtest.AdminRights{CanRestrictMembers: true, CanDeleteMessages: true, CanInviteUsers: true}

func newWorld(t *testing.T, opts ...telegramtest.Option) world {
	tg := telegramtest.NewServer(t, opts...)
	w := world{tg: tg, bot: tg.AddBot("gate_bot"), group: tg.AddSupergroup("Fans"), channel: tg.AddChannel("News", "news")}
	must(t, tg.SetMember(w.group.ID, w.bot.ID, telegramtest.Admin(gateRights)))
	must(t, tg.SetMember(w.channel.ID, w.bot.ID, telegramtest.Admin(telegramtest.AdminRights{CanPostMessages: true})))
	return w
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// drain fetches and confirms a bot's queued updates with a plain getUpdates,
// decoded into go-telegram/bot's models.
func drain(t *testing.T, tg *telegramtest.Server, token string) []models.Update {
	t.Helper()
	resp, err := http.Post(tg.URL+"/bot"+token+"/getUpdates", formType, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		OK     bool            `json:"ok"`
		Result []models.Update `json:"result"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || !out.OK {
		t.Fatalf("getUpdates: %v %+v", err, out)
	}
	if n := len(out.Result); n > 0 {
		resp, err := http.Post(tg.URL+"/bot"+token+"/getUpdates", formType, strings.NewReader(form("offset", strconv.FormatInt(out.Result[n-1].ID+1, 10))))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	return out.Result
}
