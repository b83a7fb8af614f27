package tgauth_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/tests/testutil"
	"github.com/nezuko/nezuko/tgauth"
)

func TestMain(m *testing.M) { testutil.Main(m) }

// Two bots the fake getMe knows; the first is added first, so it is the oldest.
const (
	tokenA = "111111:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	tokenB = "222222:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"
	tgUser = 777000111
)

var bots = map[string]testutil.GetMeBot{
	tokenA: {ID: 111111, Username: "alpha_login_bot", FirstName: "Alpha"},
	tokenB: {ID: 222222, Username: "beta_login_bot", FirstName: "Beta"},
}

// newApp returns an app whose hooks seal tokens against a fake getMe.
func newApp(tb testing.TB) *tests.TestApp {
	tg := testutil.NewGetMeServer(tb, bots)
	return testutil.NewScenarioApp(tb, testutil.Options{APIURL: tg.URL})
}

// addBot stores a bot through the real sealing path (plaintext in, ciphertext stored).
func addBot(tb testing.TB, app core.App, token string) *c.BotInstance {
	tb.Helper()
	b, err := c.NewBotInstance(app)
	if err != nil {
		tb.Fatal(err)
	}
	b.SetTokenEncrypted(token)
	if err := app.Save(b); err != nil {
		tb.Fatalf("save bot: %v", err)
	}
	return b
}

// addAdmin saves an admin linked to Telegram user tgID.
func addAdmin(tb testing.TB, app core.App, tgID int64, active bool) *c.AdminUser {
	tb.Helper()
	u := testutil.NewAdmin(tb, app, c.RoleAdmin)
	u.SetTelegramID(tgID)
	u.SetIsActive(active)
	if err := app.Save(u); err != nil {
		tb.Fatal(err)
	}
	return u
}

// payload is a widget payload for user id signed with token at authDate.
func payload(token string, id int64, authDate time.Time) string {
	f := map[string]string{
		"id": strconv.FormatInt(id, 10), "first_name": "Ada", "username": "ada",
		"photo_url": "https://t.me/i/userpic/320/ada.jpg", "auth_date": strconv.FormatInt(authDate.Unix(), 10),
	}
	f["hash"] = tgauth.Sign(token, f)
	obj := map[string]any{}
	for k, v := range f {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			obj[k] = n // the widget sends id and auth_date as numbers
		} else {
			obj[k] = v
		}
	}
	b, _ := json.Marshal(obj)
	return string(b)
}

const (
	generic401     = `"message":"Telegram login failed`
	unavailable401 = `"message":"Telegram login is unavailable`
)

func TestTelegramLogin(t *testing.T) {
	now := time.Now()
	fresh := now.Add(-time.Minute)
	seedUsual := func(tb testing.TB, app core.App) {
		addBot(tb, app, tokenA)
		addBot(tb, app, tokenB)
		addAdmin(tb, app, tgUser, true)
	}
	scenarios := []struct {
		name    string
		seed    func(testing.TB, core.App)
		body    string
		status  int
		content []string
		absent  []string
		events  map[string]int
	}{
		{name: "valid payload signs in", seed: seedUsual, body: payload(tokenA, tgUser, fresh), status: 200,
			content: []string{`"token":"`, `"record":{`, `"telegram_id":777000111`, `"collectionName":"admin_users"`},
			events:  map[string]int{"OnRecordAuthRequest": 1}},
		{name: "wrong hash", seed: seedUsual, body: strings.Replace(payload(tokenA, tgUser, fresh), `"first_name":"Ada"`, `"first_name":"Eve"`, 1),
			status: 401, content: []string{generic401}, absent: []string{`"token"`}},
		{name: "signed by another bot", seed: seedUsual, body: payload(tokenB, tgUser, fresh), status: 401, content: []string{generic401}},
		{name: "expired auth_date", seed: seedUsual, body: payload(tokenA, tgUser, now.Add(-25*time.Hour)), status: 401, content: []string{generic401}},
		{name: "auth_date far in the future", seed: seedUsual, body: payload(tokenA, tgUser, now.Add(time.Hour)), status: 401, content: []string{generic401}},
		{name: "unknown user", seed: seedUsual, body: payload(tokenA, tgUser+1, fresh), status: 401, content: []string{generic401}},
		{name: "inactive user", seed: func(tb testing.TB, app core.App) {
			addBot(tb, app, tokenA)
			addAdmin(tb, app, tgUser, false)
		}, body: payload(tokenA, tgUser, fresh), status: 401, content: []string{generic401}},
		{name: "deleted user", seed: func(tb testing.TB, app core.App) {
			addBot(tb, app, tokenA)
			u := addAdmin(tb, app, tgUser, true)
			u.SoftDelete(time.Now())
			if err := app.Save(u); err != nil {
				tb.Fatal(err)
			}
		}, body: payload(tokenA, tgUser, fresh), status: 401, content: []string{generic401}},
		{name: "no bot at all", seed: func(tb testing.TB, app core.App) { addAdmin(tb, app, tgUser, true) },
			body: payload(tokenA, tgUser, fresh), status: 401, content: []string{unavailable401, "no login bot is chosen"}},
		{name: "configured login bot wins over the first", seed: func(tb testing.TB, app core.App) {
			seedUsual(tb, app)
			setLoginBot(tb, app, 222222)
		}, body: payload(tokenB, tgUser, fresh), status: 200, content: []string{`"token":"`}},
		// The first bot added stays the login bot: deactivating or deleting it (all an
		// admin can do) makes no other bot's token verify logins; they fail closed.
		{name: "deactivated login bot: another bot's signature", seed: func(tb testing.TB, app core.App) {
			seedUsual(tb, app)
			setActive(tb, app, 111111, false)
		}, body: payload(tokenB, tgUser, fresh), status: 401, content: []string{unavailable401, "inactive"}, absent: []string{`"token"`}},
		{name: "deactivated login bot: its own signature", seed: func(tb testing.TB, app core.App) {
			seedUsual(tb, app)
			setActive(tb, app, 111111, false)
		}, body: payload(tokenA, tgUser, fresh), status: 401, content: []string{unavailable401}, absent: []string{`"token"`}},
		{name: "deleted login bot", seed: func(tb testing.TB, app core.App) {
			seedUsual(tb, app)
			softDeleteBot(tb, app, 111111)
		}, body: payload(tokenB, tgUser, fresh), status: 401, content: []string{unavailable401}, absent: []string{`"token"`}},
		{name: "login bot chosen by an owner after the first is gone", seed: func(tb testing.TB, app core.App) {
			seedUsual(tb, app)
			softDeleteBot(tb, app, 111111)
			setLoginBot(tb, app, 222222)
		}, body: payload(tokenB, tgUser, fresh), status: 200, content: []string{`"token":"`}},
		{name: "missing hash", seed: seedUsual, body: `{"id":777000111,"auth_date":` + strconv.FormatInt(fresh.Unix(), 10) + `}`,
			status: 401, content: []string{generic401}},
		{name: "not JSON", seed: seedUsual, body: `id=1`, status: 400},
	}
	for _, s := range scenarios {
		(&tests.ApiScenario{
			Name:               s.name,
			Method:             http.MethodPost,
			URL:                tgauth.LoginPath,
			Body:               strings.NewReader(s.body),
			Headers:            map[string]string{"Content-Type": "application/json"},
			ExpectedStatus:     s.status,
			ExpectedContent:    s.content,
			NotExpectedContent: append([]string{tokenA, tokenB}, s.absent...),
			TestAppFactory: func(tb testing.TB) *tests.TestApp {
				app := newApp(tb)
				s.seed(tb, app)
				return app
			},
			ExpectedEvents: s.events,
		}).Test(t)
	}
}

func setLoginBot(tb testing.TB, app core.App, botID int64) {
	tb.Helper()
	r, err := app.FindFirstRecordByData(c.AdminConfig, c.FieldKey, c.ConfigLoginBotID)
	if err != nil {
		tb.Fatal(err)
	}
	r.Set(c.FieldValue, botID)
	if err := app.Save(r); err != nil {
		tb.Fatal(err)
	}
}

func TestTelegramLoginConfig(t *testing.T) {
	scenarios := []struct {
		name    string
		query   string
		seed    func(testing.TB, core.App)
		status  int
		content []string
	}{
		{name: "no bot", seed: func(testing.TB, core.App) {}, status: 404, content: []string{`"status":404`}},
		// The sign-in page asks with ?optional=1: no failed request in its console.
		{name: "no bot, optional", query: "?optional=1", seed: func(testing.TB, core.App) {}, status: 200,
			content: []string{`{"bot_username":"","widget":false}`}},
		{name: "a bot, optional", query: "?optional=1", seed: func(tb testing.TB, app core.App) { addBot(tb, app, tokenA) },
			status: 200, content: []string{`{"bot_username":"alpha_login_bot","widget":true}`}},
		{name: "the first bot added", seed: func(tb testing.TB, app core.App) {
			addBot(tb, app, tokenA)
			addBot(tb, app, tokenB)
		}, status: 200, content: []string{`{"bot_username":"alpha_login_bot","widget":true}`}},
		{name: "configured bot", seed: func(tb testing.TB, app core.App) {
			addBot(tb, app, tokenA)
			addBot(tb, app, tokenB)
			setLoginBot(tb, app, 222222)
		}, status: 200, content: []string{`{"bot_username":"beta_login_bot","widget":true}`}},
		{name: "first bot deactivated: no stand-in", seed: func(tb testing.TB, app core.App) {
			addBot(tb, app, tokenA)
			addBot(tb, app, tokenB)
			setActive(tb, app, 111111, false)
		}, status: 404, content: []string{`"status":404`, "inactive"}},
		{name: "inactive bots only", seed: func(tb testing.TB, app core.App) {
			b := addBot(tb, app, tokenA)
			b.SetIsActive(false)
			if err := app.Save(b); err != nil {
				tb.Fatal(err)
			}
		}, status: 404, content: []string{`"status":404`}},
	}
	for _, s := range scenarios {
		(&tests.ApiScenario{
			Name:            s.name,
			Method:          http.MethodGet,
			URL:             tgauth.ConfigPath + s.query,
			ExpectedStatus:  s.status,
			ExpectedContent: s.content,
			TestAppFactory: func(tb testing.TB) *tests.TestApp {
				app := newApp(tb)
				s.seed(tb, app)
				return app
			},
		}).Test(t)
	}
}

// setActive switches the bot with botID on or off, as an admin may.
func setActive(tb testing.TB, app core.App, botID int64, active bool) {
	tb.Helper()
	r, err := app.FindFirstRecordByData(c.BotInstances, c.FieldBotID, botID)
	if err != nil {
		tb.Fatal(err)
	}
	c.Wrap(&c.BotInstance{}, r).SetIsActive(active)
	if err := app.Save(r); err != nil {
		tb.Fatal(err)
	}
}

// softDeleteBot deletes the bot with botID as the API's DELETE does.
func softDeleteBot(tb testing.TB, app core.App, botID int64) {
	tb.Helper()
	r, err := app.FindFirstRecordByData(c.BotInstances, c.FieldBotID, botID)
	if err != nil {
		tb.Fatal(err)
	}
	c.Wrap(&c.BotInstance{}, r).SoftDelete(time.Now())
	if err := app.Save(r); err != nil {
		tb.Fatal(err)
	}
}

// The first bot saved claims login_bot_id; later bots leave it alone.
func TestFirstBotClaimsLoginBot(t *testing.T) {
	app := newApp(t)
	addBot(t, app, tokenA)
	addBot(t, app, tokenB)
	bot, err := tgauth.LoginBot(app)
	if err != nil || bot.BotID() != 111111 {
		t.Fatalf("login bot = %v, %v; want 111111", bot, err)
	}
	softDeleteBot(t, app, 111111)
	if _, err := tgauth.LoginBot(app); err != tgauth.ErrLoginBotGone {
		t.Fatalf("after the login bot is deleted: %v, want ErrLoginBotGone", err)
	}
}

// With NoWidget (the demo's fake bots) the config says so: the sign-in page hides the
// widget instead of showing "Failed to load Telegram Login".
func TestTelegramLoginConfigNoWidget(t *testing.T) {
	(&tests.ApiScenario{
		Name: "demo", Method: http.MethodGet, URL: tgauth.ConfigPath + "?optional=1", ExpectedStatus: 200,
		ExpectedContent: []string{`{"bot_username":"alpha_login_bot","widget":false}`},
		TestAppFactory: func(tb testing.TB) *tests.TestApp {
			tg := testutil.NewGetMeServer(tb, bots)
			app := testutil.NewScenarioApp(tb, testutil.Options{APIURL: tg.URL, NoLoginWidget: true})
			addBot(tb, app, tokenA)
			return app
		},
	}).Test(t)
}
