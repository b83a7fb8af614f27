package botmanager_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path"
	"strings"
	"testing"

	"github.com/go-telegram/bot"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"github.com/nezuko/nezuko/botmanager"
	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper"
	"github.com/nezuko/nezuko/tests/telegramtest"
	"github.com/nezuko/nezuko/tests/testutil"
)

// fuzzSecret is the webhook secret of the fuzzed manager.
const fuzzSecret = "s3cret_Token-fuzz"

// webhookWorld runs w's bot in webhook mode behind a loopback server (the fake pushes
// updates to it) with the real gatekeeper engine, whose recovered panics are watched;
// it returns the server, its handler (for in-process requests) and the bot's path.
func webhookWorld(tb testing.TB, w *world, watch *testutil.PanicWatch) (*httptest.Server, http.Handler, string) {
	tb.Helper()
	r, err := apis.NewRouter(w.app)
	must(tb, err)
	srv := httptest.NewUnstartedServer(nil)
	m := botmanager.New(botmanager.Options{App: w.app, Sealer: w.svc.Sealer,
		WebhookURL: "http://" + srv.Listener.Addr().String(), WebhookSecret: fuzzSecret,
		NewEngine: func(spec botmanager.EngineSpec) (botmanager.Engine, error) {
			return gatekeeper.New(gatekeeper.Config{App: w.app, Logs: w.svc.Logs, APIURL: w.tg.URL,
				BotRecordID: spec.BotRecordID, BotID: spec.BotID, Username: spec.Username, Logger: slog.New(watch),
				OnUnauthorized: func() { spec.OnPoll(bot.ErrorUnauthorized) }, OnPoll: spec.OnPoll})
		}})
	m.RegisterWebhook(&core.ServeEvent{App: w.app, Router: r})
	mux, err := r.BuildMux()
	must(tb, err)
	srv.Config.Handler = mux
	srv.Start()
	tb.Cleanup(srv.Close)
	tb.Cleanup(func() { m.Close(context.Background()) })

	b := w.addBot(tb, w.bot.Token)
	w.protect(tb, b.Id)
	m.Start(context.Background())
	w.status(tb, b.Id, c.BotRunning)
	w.tg.WaitCall(tb, wait, telegramtest.Method("setWebhook"))
	return srv, mux, "/api/telegram/webhook/" + itoa(w.bot.ID)
}

// oddBodies are webhook bodies Telegram would not send: not JSON, not an update,
// update_ids at the edges, parts missing or of the wrong type.
func oddBodies(groupID int64) []string {
	g := itoa(groupID)
	return []string{
		``, `{`, `[]`, `null`, `"update"`, `{}`, "\xff\xfe\x00", `{"update_id":0}`, `{"update_id":-1}`,
		`{"update_id":"1"}`, `{"update_id":1.5}`, `{"update_id":1e30}`, `{"update_id":9223372036854775808}`,
		`{"update_id":1}{"update_id":2}`, `{"update_id":1} trailing`, `{"update_id":1,"message":null}`,
		`{"update_id":1,"message":[]}`, `{"update_id":1,"message":{"chat":"x"}}`,
		`{"update_id":1,"message":{"message_id":1,"date":0,"chat":{"id":` + g + `,"type":"supergroup"}}}`,
		`{"update_id":1,"message":{"message_id":1,"date":0,"chat":{"id":` + g + `,"type":"supergroup"},"text":"/status","from":{"id":0}}}`,
		`{"update_id":2,"chat_member":{"chat":{"id":` + g + `,"type":"supergroup"},"date":0}}`,
		`{"update_id":3,"chat_member":{"chat":{"id":` + g + `},"new_chat_member":{"status":"member","user":{"id":-1}}}}`,
		`{"update_id":4,"callback_query":{"id":"q","data":"nzv:1"}}`,
		`{"update_id":5,"my_chat_member":{"chat":{"id":` + g + `,"type":"supergroup"},"date":0}}`,
		`{"update_id":6,"chat_join_request":{"chat":{"id":` + g + `,"type":"supergroup"},"date":0}}`,
		`{"update_id":7,"message":{"message_id":1,"date":0,"chat":{"id":` + g + `,"type":"supergroup"},"new_chat_members":[{"id":0}]}}`,
		`{"update_id":8,"unknown_kind":{"a":[1,2,{"b":null}]}}`,
		`{"update_id":9,"message":` + strings.Repeat(`{"reply_to_message":`, 200) + `{}` + strings.Repeat(`}`, 200) + `}`,
	}
}

// FuzzWebhookRoute posts arbitrary secrets, bot ids and bodies to
// POST /api/telegram/webhook/{bot_id} of a running bot in webhook mode: a wrong secret
// is 401, a bad bot id 404, a body that is not an update 400, an update 200; never a
// 5xx, every error with a message, and the engine never panics on what it accepted.
func FuzzWebhookRoute(f *testing.F) {
	w := newWorld(f, telegramtest.WithLocalMode()) // loopback http receiver: a --local Bot API server
	watch := &testutil.PanicWatch{}
	_, h, hook := webhookWorld(f, w, watch)
	botPath := strings.TrimPrefix(hook, "/api/telegram/webhook/")
	for _, body := range oddBodies(w.group.ID) {
		f.Add(fuzzSecret, botPath, []byte(body))
	}
	f.Add("", botPath, []byte(`{"update_id":10}`))
	f.Add(fuzzSecret+" ", botPath, []byte(`{"update_id":10}`))
	f.Add(strings.ToUpper(fuzzSecret), botPath, []byte(`{"update_id":10}`))
	for _, p := range []string{"999", "0", "-" + botPath, botPath + "0", "abc", " " + botPath, "9223372036854775808", "%00", ""} {
		f.Add(fuzzSecret, p, []byte(`{"update_id":10}`))
	}

	f.Fuzz(func(t *testing.T, secret, botID string, body []byte) {
		req := httptest.NewRequest(http.MethodPost, "/api/telegram/webhook/x", bytes.NewReader(body))
		req.URL.Path, req.URL.RawPath = "/api/telegram/webhook/"+botID, "/api/telegram/webhook/"+url.PathEscape(botID)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set(botmanager.SecretHeader, secret)
		if strings.ContainsAny(secret, "\r\n\x00") {
			req.Header.Del(botmanager.SecretHeader) // no client can send such a header
		}
		res := httptest.NewRecorder()
		h.ServeHTTP(res, req)
		// A path with "." or ".." segments is not routed: the mux redirects to the clean one.
		full := "/api/telegram/webhook/" + botID
		checkWebhookAnswer(t, res, secret == fuzzSecret, botID != "" && path.Clean(full) == full)
		if p := watch.Take(); len(p) > 0 {
			t.Fatalf("the engine panicked (on this or an earlier update): %s", p)
		}
	})
}

// checkWebhookAnswer fails t unless res is 401 for a wrong secret (when the route
// matched: a bot id was given in a clean path) and otherwise 200 with no body, a
// redirect to the clean path (unrouted only) or a 4xx other than 401, in PocketBase's
// error shape with a message.
func checkWebhookAnswer(t *testing.T, res *httptest.ResponseRecorder, rightSecret, routed bool) {
	t.Helper()
	body := res.Body.Bytes()
	switch {
	case res.Code >= 500:
		t.Fatalf("status %d: %s", res.Code, body)
	case !routed && res.Code >= 300 && res.Code < 400:
		if res.Header().Get("Location") == "" {
			t.Fatalf("redirect %d without a Location", res.Code)
		}
		return
	case !rightSecret && routed && res.Code != http.StatusUnauthorized:
		t.Fatalf("wrong secret: status %d, want 401", res.Code)
	case rightSecret && res.Code == http.StatusUnauthorized:
		t.Fatalf("right secret refused: %s", body)
	case res.Code == http.StatusOK:
		if len(body) != 0 {
			t.Fatalf("200 with a body: %q", body)
		}
		return
	}
	var e struct {
		Status  int            `json:"status"`
		Message string         `json:"message"`
		Data    map[string]any `json:"data"`
	}
	if err := json.Unmarshal(body, &e); err != nil || e.Status != res.Code || e.Message == "" || e.Data == nil {
		t.Fatalf("status %d, error body %q is not {status, message, data}", res.Code, body)
	}
}

// After odd bodies with the right secret, the bot still handles what Telegram pushes:
// a non-member who joins is muted.
func TestWebhookServesAfterOddBodies(t *testing.T) {
	w := newWorld(t, telegramtest.WithLocalMode()) // loopback http receiver: a --local Bot API server
	watch := &testutil.PanicWatch{}
	srv, _, hook := webhookWorld(t, w, watch)
	accepted := 0
	for _, body := range oddBodies(w.group.ID) {
		req, err := http.NewRequest(http.MethodPost, srv.URL+hook, strings.NewReader(body))
		must(t, err)
		req.Header.Set(botmanager.SecretHeader, fuzzSecret)
		res, err := srv.Client().Do(req)
		must(t, err)
		res.Body.Close()
		switch res.StatusCode {
		case http.StatusOK:
			accepted++
		case http.StatusBadRequest:
		default:
			t.Fatalf("POST %q = %d, want 200 or 400", body, res.StatusCode)
		}
	}
	if accepted < 5 {
		t.Fatalf("only %d odd updates accepted: the test would prove little", accepted)
	}
	alice := w.tg.AddUser("Alice")
	w.tg.Join(w.group.ID, alice)
	w.tg.WaitFor(t, wait, func() bool { return w.tg.Member(w.group.ID, alice.ID).Status == telegramtest.StatusRestricted })
	if p := watch.Take(); len(p) > 0 {
		t.Fatalf("the engine panicked: %s", p)
	}
}
