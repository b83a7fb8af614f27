package hooks_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/nezuko/nezuko/analytics"
	"github.com/nezuko/nezuko/botmanager"
	"github.com/nezuko/nezuko/channelgroups"
	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/config"
	"github.com/nezuko/nezuko/gatekeeper/groups"
	"github.com/nezuko/nezuko/gatekeeper/i18n"
	"github.com/nezuko/nezuko/hooks"
	"github.com/nezuko/nezuko/policy"
	"github.com/nezuko/nezuko/tests/livetest"
	"github.com/nezuko/nezuko/tests/telegramtest"
	"github.com/nezuko/nezuko/tests/testutil"
	"github.com/nezuko/nezuko/tgauth"
)

// Secrets of the route matrix's app. fixtureBotToken is the plaintext of sealedBot1 (the
// fixture bot idBot, bot_id 123456789, the oldest active bot and so the login bot).
const (
	fixtureBotToken    = "123456789:AAFakeTokenForTestsOnly_abcdefghijklmno"
	routeNewBotToken   = "555000555:AARouteMatrixNewBotToken_abcdefghij"
	routeMetricsToken  = "route-matrix-metrics-token-0123456789"
	routeWebhookSecret = "route-matrix-webhook-secret_0123456789"
	routeLoginUser     = 424242 // Telegram id linked to an active admin in every route app
	metricsBearer      = "metrics token"
)

// routeRequesters are the access matrix's requesters plus a caller that only holds
// METRICS_TOKEN (which must open /metrics and nothing else).
var routeRequesters = append(append([]string{}, requesters...), metricsBearer)

// gate is who a custom route admits, as DESIGN.md §3 says.
type gate int

const (
	anyAdminGate gate = iota // active admin users of any role and superusers; else 401/403
	writerGate               // active admin/owner and superusers; viewers 403
	metricsGate              // superusers or Bearer METRICS_TOKEN; everyone else 401
	publicGate               // no user check: the answer depends on the request alone
)

// route is one row of the route matrix: a request, who its gate admits, and what an
// admitted caller gets.
type route struct {
	name, method, path, body string
	header                   map[string]string // extra request headers (the webhook secret)
	gate                     gate
	status                   int      // the answer to an admitted caller
	content                  []string // in that answer
	runBots                  bool     // start the bot manager first (a running bot for the webhook)
}

// expect is the status role gets from r, and whether that is a refusal.
func (r route) expect(role string) int {
	signedIn := role != anonymous && role != metricsBearer
	usable := signedIn && role != inactive && role != deleted
	switch r.gate {
	case anyAdminGate, writerGate:
		switch {
		case !signedIn:
			return http.StatusUnauthorized
		case !usable, r.gate == writerGate && role == viewer:
			return http.StatusForbidden
		}
	case metricsGate:
		if role != superuser && role != metricsBearer {
			return http.StatusUnauthorized
		}
	}
	return r.status
}

// routes is the route matrix: every custom route of the app.
func routes(t testing.TB) []route {
	now := time.Now()
	// The schema carries the bot's own default warnings, e.g. the Spanish kick text.
	esKick, err := json.Marshal(i18n.DefaultWarning("es", groups.ActionKick))
	if err != nil {
		t.Fatal(err)
	}
	var rs []route
	for _, name := range analytics.Functions() {
		path := strings.Replace(analytics.Route, "{name}", name, 1)
		rs = append(rs,
			route{name: "GET " + name, method: http.MethodGet, path: path, gate: anyAdminGate, status: 200, content: []string{"{"}},
			route{name: "POST " + name, method: http.MethodPost, path: path, body: "{}", gate: anyAdminGate, status: 200, content: []string{"{"}},
		)
	}
	if len(rs) != 32 {
		t.Fatalf("analytics serves %d functions, want 16 (the 15 and get_conversion_funnel)", len(rs)/2)
	}
	webhook := "/api/telegram/webhook/123456789"
	update := `{"update_id":1,"message":{"message_id":1,"date":1,"chat":{"id":5,"type":"private"},"text":"hi"}}`
	secret := func(s string) map[string]string { return map[string]string{botmanager.SecretHeader: s} }
	return append(rs,
		route{name: "manage-bot verify", method: http.MethodPost, path: "/api/functions/manage-bot",
			body: `{"action":"verify","token":"` + routeNewBotToken + `"}`, gate: writerGate, status: 200,
			content: []string{`"is_valid":true`, `"username":"route_bot"`}},
		route{name: "manage-bot add", method: http.MethodPost, path: "/api/functions/manage-bot",
			body: `{"action":"add","token":"` + routeNewBotToken + `"}`, gate: writerGate, status: 200,
			content: []string{`"bot_username":"route_bot"`}},
		route{name: "test-webhook", method: http.MethodPost, path: "/api/functions/test-webhook",
			body: `{"url":"` + webhookTarget(t) + `"}`, gate: writerGate, status: 200, content: []string{`"success":true`}},
		route{name: "webhook right secret", method: http.MethodPost, path: webhook, body: update,
			header: secret(routeWebhookSecret), gate: publicGate, status: 200, runBots: true},
		route{name: "webhook wrong secret", method: http.MethodPost, path: webhook, body: update,
			header: secret("not-" + routeWebhookSecret), gate: publicGate, status: 401, content: []string{`"status":401`}},
		route{name: "webhook missing secret", method: http.MethodPost, path: webhook, body: update,
			gate: publicGate, status: 401, content: []string{`"status":401`}},
		// The secret is checked before the body is read: no 413 for an oversized body.
		route{name: "webhook oversized body without secret", method: http.MethodPost, path: webhook,
			body: `{"update_id":1,"x":"` + strings.Repeat("x", 2<<20) + `"}`, gate: publicGate, status: 401,
			content: []string{`"status":401`}},
		route{name: "telegram login", method: http.MethodPost, path: tgauth.LoginPath,
			body: widgetLogin(fixtureBotToken, now.Add(-time.Minute)), gate: publicGate, status: 200,
			content: []string{`"token":"`, `"telegram_id":424242`}},
		route{name: "telegram login forged hash", method: http.MethodPost, path: tgauth.LoginPath,
			body: widgetLogin("123456789:AAForgedByAnAttackerWithoutTheToken", now.Add(-time.Minute)), gate: publicGate,
			status: 401, content: []string{`"status":401`}},
		route{name: "telegram login expired auth_date", method: http.MethodPost, path: tgauth.LoginPath,
			body: widgetLogin(fixtureBotToken, now.Add(-25*time.Hour)), gate: publicGate, status: 401,
			content: []string{`"status":401`}},
		route{name: "telegram login config", method: http.MethodGet, path: tgauth.ConfigPath, gate: publicGate,
			status: 200, content: []string{`{"bot_username":"guard_bot","widget":true}`}},
		route{name: "dashboard schema", method: http.MethodGet, path: policy.SchemaPath, gate: anyAdminGate,
			status: 200, content: []string{`{"key":"action","kind":"enum","values":["mute","kick","delete"]`, `"owner_only_config":["login_bot_id","webhook_test_allow_private"]`,
				`"default_warnings":{"`, `"kick":` + string(esKick)}},
		route{name: "channel groups", method: http.MethodGet, path: channelgroups.Path + "?channels=" + idChannel + "," + idChannel2,
			gate: anyAdminGate, status: 200, content: []string{`{"items":[{"channel":"` + idChannel + `","groups":[{"id":"` + idGroup +
				`","title":"Group","group_id":-1001}],"total":1},{"channel":"` + idChannel2 + `","groups":[],"total":0}]}`}},
		route{name: "metrics", method: http.MethodGet, path: "/metrics", gate: metricsGate, status: 200,
			content: []string{"nezuko_verifications_total"}},
	)
}

// webhookTarget is a loopback URL that answers 200, for test-webhook (route apps allow
// private targets).
func webhookTarget(tb testing.TB) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.Copy(io.Discard, r.Body) }))
	tb.Cleanup(srv.Close)
	return srv.URL
}

// widgetLogin is a Login Widget payload of routeLoginUser signed with token at authDate.
func widgetLogin(token string, authDate time.Time) string {
	f := map[string]string{"id": strconv.Itoa(routeLoginUser), "first_name": "Ada", "username": "ada",
		"auth_date": strconv.FormatInt(authDate.Unix(), 10)}
	f["hash"] = tgauth.Sign(token, f)
	b, _ := json.Marshal(f)
	return string(b)
}

// routeEnv is what a route app's factory made, for the scenario's before-function.
type routeEnv struct {
	svc *hooks.Services
	tg  *telegramtest.Server
}

var (
	routeOnce     sync.Once
	routeTemplate string
)

// routeFixtures is the access-matrix fixtures plus private test-webhook targets allowed
// and an admin linked to Telegram user routeLoginUser, made once per test binary.
func routeFixtures(tb testing.TB) string {
	tb.Helper()
	opts, _ := fixtureOptions(tb, "")
	routeOnce.Do(func() {
		routeTemplate = testutil.Seeded(tb, func(app *tests.TestApp) {
			allow, err := app.FindFirstRecordByData(c.AdminConfig, c.FieldKey, c.ConfigWebhookAllowPriv)
			if err != nil {
				tb.Fatal(err)
			}
			allow.Set(c.FieldValue, true)
			if err := app.Save(allow); err != nil {
				tb.Fatal(err)
			}
			linked := testutil.NewAdmin(tb, app, c.RoleViewer)
			linked.SetTelegramID(routeLoginUser)
			if err := app.Save(linked); err != nil {
				tb.Fatal(err)
			}
		}, opts)
	})
	if routeTemplate == "" {
		tb.Fatal("route fixtures failed in an earlier test")
	}
	return routeTemplate
}

// routeApp is a scenario app on routeFixtures with every optional mode on (webhooks,
// METRICS_TOKEN); Telegram is a fake that knows the fixture bot and routeNewBotToken.
// It fills env.
func routeApp(tb testing.TB, template string, env *routeEnv) *tests.TestApp {
	tb.Helper()
	// The webhook receiver is a loopback http URL: real Telegram refuses it, a Bot API
	// server started with --local accepts it (telegram-bot-api README), as the fake in
	// local mode does.
	tg := telegramtest.NewServer(tb, telegramtest.WithLocalMode())
	for token, name := range map[string]string{fixtureBotToken: "guard_bot", routeNewBotToken: "route_bot"} {
		if _, err := tg.AddBotToken(token, name); err != nil {
			tb.Fatal(err)
		}
	}
	app, err := tests.NewTestApp(template)
	if err != nil {
		tb.Fatal(err)
	}
	env.tg = tg
	env.svc, err = hooks.Register(app, hooks.Options{ManualBots: true, Config: config.Config{
		EncryptionKey: testutil.EncryptionKey, APIURL: tg.URL, MetricsToken: routeMetricsToken,
		WebhookURL: "http://127.0.0.1:1", WebhookSecret: routeWebhookSecret,
	}})
	if err != nil {
		app.Cleanup()
		tb.Fatal(err)
	}
	return app
}

// startBots runs the bot manager and waits until the fixture bot has registered its
// webhook with the fake Telegram (its engine is in place before that call).
func startBots(tb testing.TB, env *routeEnv) {
	tb.Helper()
	env.svc.Bots.Start(context.Background())
	env.tg.WaitCall(tb, 15*time.Second, func(call telegramtest.Call) bool {
		return call.Method == "setWebhook" && call.Token == fixtureBotToken
	})
}

// refusalHasMessage checks that a 4xx answer is PocketBase's error shape with a message.
func refusalHasMessage(tb testing.TB, _ *tests.TestApp, res *http.Response) {
	if res.StatusCode < 400 {
		return
	}
	var body struct {
		Status  int    `json:"status"`
		Message string `json:"message"`
	}
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil || body.Status != res.StatusCode || strings.TrimSpace(body.Message) == "" {
		tb.Errorf("refusal %d without a message: %+v %v", res.StatusCode, body, err)
	}
}

// TestRouteAccessMatrix tries every custom route as every requester: the RPCs need an
// active admin user of any role, the functions an active admin or owner, /metrics a
// superuser or METRICS_TOKEN, and the webhook and Telegram login routes ignore who
// calls (only the webhook secret, or the widget's signature and age, count). Refusals
// carry a message, and no answer contains a secret.
func TestRouteAccessMatrix(t *testing.T) {
	_, tokens := fixtureOptions(t, "")
	template := routeFixtures(t)
	secrets := []string{fixtureBotToken, strings.SplitN(fixtureBotToken, ":", 2)[1], routeNewBotToken,
		strings.SplitN(routeNewBotToken, ":", 2)[1], routeMetricsToken, routeWebhookSecret, testutil.EncryptionKey,
		testutil.Password, `"token_encrypted"`, sealedBot1}
	for _, r := range routes(t) {
		for _, role := range routeRequesters {
			headers := map[string]string{}
			switch {
			case role == metricsBearer:
				headers["Authorization"] = "Bearer " + routeMetricsToken
			case tokens[role] != "":
				headers["Authorization"] = tokens[role]
			}
			for k, v := range r.header {
				headers[k] = v
			}
			want := r.expect(role)
			env := &routeEnv{}
			sc := tests.ApiScenario{
				Name:   fmt.Sprintf("%s/%s", r.name, role),
				Method: r.method, URL: r.path, Body: strings.NewReader(r.body), Headers: headers,
				ExpectedStatus: want, NotExpectedContent: secrets, AfterTestFunc: refusalHasMessage,
				TestAppFactory: func(tb testing.TB) *tests.TestApp { return routeApp(tb, template, env) },
			}
			if want == r.status {
				sc.ExpectedContent = r.content
			} else {
				sc.ExpectedContent = []string{fmt.Sprintf(`"status":%d`, want)}
			}
			if r.runBots {
				sc.BeforeTestFunc = func(tb testing.TB, _ *tests.TestApp, _ *core.ServeEvent) { startBots(tb, env) }
			}
			sc.Test(t)
		}
	}
}

// TestSensitiveConfigCannotBeProbed checks that a non-owner, who reads a sensitive
// config value as "***", cannot learn it one guess at a time from which rows a filter
// keeps, how a sort orders them, or which events a filtered subscription receives —
// on admin_config or through a back-relation from admin_users (PocketBase itself refuses
// @collection joins to non-superusers) — while owners and superusers still filter as
// they like and everyone filters on other fields.
func TestSensitiveConfigCannotBeProbed(t *testing.T) {
	opts, tokens := fixtureOptions(t, "")
	app := testutil.NewApp(t, opts)
	srv := httptest.NewServer(testutil.Router(t, app))
	t.Cleanup(srv.Close)
	list := func(collection, param, expr string) string {
		return "/api/collections/" + collection + "/records?" + param + "=" + url.QueryEscape(expr)
	}
	probes := []string{
		list(c.AdminConfig, "filter", "key='api_secret' && value~'s3cret'"),
		list(c.AdminConfig, "filter", "value:lower ~ 's3'"),
		list(c.AdminConfig, "filter", "value.x = 1 || value = 'a'"),
		list(c.AdminConfig, "sort", "-value"),
		list(c.AdminUsers, "filter", "admin_config_via_updated_by.value ~ 's3'"),
	}
	harmless := []string{
		list(c.AdminConfig, "filter", "key='api_secret'"),
		list(c.AdminConfig, "filter", "key='api_secret' && description != 'value'"),
		list(c.AdminConfig, "sort", "-key"),
	}
	get := func(path, role string) (int, string) {
		res := serve(srv.Config.Handler, http.MethodGet, path, "", tokens[role])
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	for _, role := range []string{viewer, admin} {
		for _, probe := range probes {
			if st, body := get(probe, role); st != http.StatusBadRequest || !strings.Contains(body, `"message":"Only owners may filter or sort on admin_config values`) {
				t.Errorf("%s %s: %d %s", role, probe, st, body)
			}
		}
		for _, path := range harmless {
			if st, body := get(path, role); st != http.StatusOK || strings.Contains(body, secretValue) || !strings.Contains(body, `"value":"***"`) {
				t.Errorf("%s %s: %d %s", role, path, st, body)
			}
		}
	}
	for _, role := range []string{owner, superuser} {
		for _, probe := range probes {
			if st, body := get(probe, role); st != http.StatusOK {
				t.Errorf("%s %s: %d %s", role, probe, st, body)
			}
		}
		if _, body := get(probes[0], role); !strings.Contains(body, `"totalItems":1`) || !strings.Contains(body, secretValue) {
			t.Errorf("%s cannot filter on the value it may read: %s", role, body)
		}
	}

	// A realtime subscription filtered on the value is refused to non-owners.
	topic := c.AdminConfig + "/*?options=" + url.QueryEscape(`{"query":{"filter":"value ~ 's3cret'"}}`)
	for role, want := range map[string]int{viewer: 400, admin: 400, owner: 204, superuser: 204} {
		s := livetest.Subscribe(t, srv.URL, tokens[role])
		body, _ := json.Marshal(map[string]any{"clientId": s.ClientID, "subscriptions": []string{c.AdminConfig + "/*", topic}})
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/realtime", strings.NewReader(string(body)))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", tokens[role])
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != want || want == 400 && !strings.Contains(string(b), "Only owners may filter") {
			t.Errorf("%s subscribes with a value filter: %d %s", role, res.StatusCode, b)
		}
	}
}
