package botfunctions_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	"github.com/nezuko/nezuko/bottoken"
	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/tests/telegramtest"
	"github.com/nezuko/nezuko/tests/testutil"
)

func TestMain(m *testing.M) { testutil.Main(m) }

// env is one test's fake Telegram with a known bot.
type env struct {
	tg  *telegramtest.Server
	bot telegramtest.Bot
}

func newEnv(t *testing.T) env {
	tg := telegramtest.NewServer(t)
	return env{tg: tg, bot: tg.AddBot("guard_bot")}
}

// scenario runs s as an admin user of role (or anonymously when role is "") on a fresh app
// talking to apiURL; prepare may change the app and return the Authorization header.
func scenario(t *testing.T, apiURL, role string, s tests.ApiScenario, prepare ...func(testing.TB, *tests.TestApp)) {
	t.Helper()
	headers := map[string]string{}
	s.Headers = headers
	s.TestAppFactory = func(tb testing.TB) *tests.TestApp {
		app := testutil.NewScenarioApp(tb, testutil.Options{APIURL: apiURL})
		switch role {
		case "":
		case "superuser":
			headers["Authorization"] = testutil.SuperuserToken(tb, app)
		case "inactive":
			u := testutil.NewAdmin(tb, app, c.RoleOwner)
			u.SetIsActive(false)
			if err := app.Save(u); err != nil {
				tb.Fatal(err)
			}
			headers["Authorization"] = testutil.AuthToken(tb, u.Record)
		default:
			u := testutil.NewAdmin(tb, app, role)
			u.SetTelegramID(4242)
			if err := app.Save(u); err != nil {
				tb.Fatal(err)
			}
			headers["Authorization"] = testutil.AuthToken(tb, u.Record)
		}
		for _, p := range prepare {
			p(tb, app)
		}
		return app
	}
	s.Test(t)
}

func body(action, token string) *strings.Reader {
	return strings.NewReader(`{"action":"` + action + `","token":"` + token + `"}`)
}

const url = "/api/functions/manage-bot"

func TestManageBotVerify(t *testing.T) {
	e := newEnv(t)
	noToken := []string{e.bot.Token[5:]}
	scenario(t, e.tg.URL, c.RoleAdmin, tests.ApiScenario{
		Name: "valid token", Method: http.MethodPost, URL: url, Body: body("verify", e.bot.Token),
		ExpectedStatus: 200, ExpectedContent: []string{`"is_valid":true`, `"username":"guard_bot"`, `"can_join_groups":`},
		NotExpectedContent: noToken,
	})
	scenario(t, e.tg.URL, c.RoleAdmin, tests.ApiScenario{
		Name: "refused token", Method: http.MethodPost, URL: url, Body: body("verify", "999:AAthisTokenDoesNotExistAnywhere00"),
		ExpectedStatus: 400, ExpectedContent: []string{bottoken.MsgRefused, `"token":{"code":"` + bottoken.CodeRefused + `"`},
		NotExpectedContent: []string{"AAthisToken"},
	})
	scenario(t, e.tg.URL, c.RoleAdmin, tests.ApiScenario{
		Name: "malformed token", Method: http.MethodPost, URL: url, Body: body("verify", "nonsense"),
		ExpectedStatus: 400, ExpectedContent: []string{bottoken.MsgMalformed, `"token":{"code":"` + bottoken.CodeMalformed + `"`},
		NotExpectedContent: []string{"nonsense"},
	})
	scenario(t, e.tg.URL, c.RoleAdmin, tests.ApiScenario{
		Name: "unknown action", Method: http.MethodPost, URL: url, Body: body("delete", e.bot.Token),
		ExpectedStatus: 400, ExpectedContent: []string{`"action":{"code":"validation_invalid_action"`},
	})
	scenario(t, e.tg.URL, c.RoleAdmin, tests.ApiScenario{
		Name: "bad body", Method: http.MethodPost, URL: url, Body: strings.NewReader(`{"action":`),
		ExpectedStatus: 400, ExpectedContent: []string{`"status":400`},
	})
	scenario(t, "http://127.0.0.1:1", c.RoleAdmin, tests.ApiScenario{
		Name: "telegram unreachable", Method: http.MethodPost, URL: url, Body: body("verify", e.bot.Token),
		ExpectedStatus: 502, ExpectedContent: []string{`"status":502`, bottoken.MsgUnreachable}, NotExpectedContent: noToken,
	})
	for role, status := range map[string]int{"": 401, c.RoleViewer: 403, "inactive": 403} {
		scenario(t, e.tg.URL, role, tests.ApiScenario{
			Name: "denied " + role, Method: http.MethodPost, URL: url, Body: body("verify", e.bot.Token),
			ExpectedStatus: status, ExpectedContent: []string{`"status":`},
		})
	}
}

func TestManageBotAdd(t *testing.T) {
	e := newEnv(t)
	stored := func(tb testing.TB, app *tests.TestApp, _ *http.Response) {
		r, err := app.FindFirstRecordByData(c.BotInstances, c.FieldBotID, e.bot.ID)
		if err != nil {
			tb.Fatalf("bot not stored: %v", err)
		}
		b := c.Wrap(&c.BotInstance{}, r)
		if !strings.HasPrefix(b.TokenEncrypted(), "gAAAAA") || !b.ShouldRun() || b.OwnerTelegramID() != 4242 {
			tb.Errorf("stored bot: token sealed=%v run=%v owner=%d",
				strings.HasPrefix(b.TokenEncrypted(), "gAAAAA"), b.ShouldRun(), b.OwnerTelegramID())
		}
		rows, err := app.FindAllRecords(c.AdminAuditLog)
		if err != nil || len(rows) == 0 {
			tb.Fatalf("no audit row for the added bot: %v", err)
		}
		a := rows[len(rows)-1]
		if a.GetString(c.FieldResourceType) != c.BotInstances || a.GetString(c.FieldResourceID) != r.Id ||
			strings.Contains(a.GetString(c.FieldNewValue), "gAAAAA") || strings.Contains(a.GetString(c.FieldNewValue), e.bot.Token) {
			tb.Errorf("audit row = %s %s %s", a.GetString(c.FieldAction), a.GetString(c.FieldResourceType), a.GetString(c.FieldNewValue))
		}
	}
	scenario(t, e.tg.URL, c.RoleOwner, tests.ApiScenario{
		Name: "add", Method: http.MethodPost, URL: url, Body: body("add", e.bot.Token),
		ExpectedStatus: 200, ExpectedContent: []string{`"bot_username":"guard_bot"`, `"is_active":true`},
		NotExpectedContent: []string{"token_encrypted", e.bot.Token[5:]}, AfterTestFunc: stored,
	})
	scenario(t, e.tg.URL, "superuser", tests.ApiScenario{
		Name: "superuser add hides the ciphertext too", Method: http.MethodPost, URL: url, Body: body("add", e.bot.Token),
		ExpectedStatus: 200, NotExpectedContent: []string{"token_encrypted"}, ExpectedContent: []string{`"bot_id":`},
	})

	addExisting := func(deleted bool) func(testing.TB, *tests.TestApp) {
		return func(tb testing.TB, app *tests.TestApp) {
			b, _ := c.NewBotInstance(app)
			b.SetTokenEncrypted(e.bot.Token)
			if deleted {
				b.SoftDelete(b.GetDateTime(c.FieldCreated).Time())
			}
			if err := app.Save(b); err != nil {
				tb.Fatal(err)
			}
		}
	}
	scenario(t, e.tg.URL, c.RoleAdmin, tests.ApiScenario{
		Name: "duplicate", Method: http.MethodPost, URL: url, Body: body("add", e.bot.Token),
		ExpectedStatus: 409, ExpectedContent: []string{`"status":409`},
	}, addExisting(false))
	scenario(t, e.tg.URL, c.RoleAdmin, tests.ApiScenario{
		Name: "re-adding a deleted bot revives its row", Method: http.MethodPost, URL: url, Body: body("add", e.bot.Token),
		ExpectedStatus: 200, ExpectedContent: []string{`"is_deleted":false`, `"is_active":true`},
		AfterTestFunc: func(tb testing.TB, app *tests.TestApp, _ *http.Response) {
			if n, _ := app.CountRecords(c.BotInstances); n != 1 {
				tb.Errorf("bot rows = %d, want the one revived row", n)
			}
			stored(tb, app, nil)
		},
	}, addExisting(true))
}

func TestTestWebhookRoute(t *testing.T) {
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {}))
	defer target.Close()
	twURL := "/api/functions/test-webhook"
	scenario(t, "", c.RoleAdmin, tests.ApiScenario{
		Name: "loopback refused by default", Method: http.MethodPost, URL: twURL,
		Body: strings.NewReader(`{"url":"` + target.URL + `"}`), ExpectedStatus: 400,
		// A sentence ("The URL points to…"), not PocketBase's capitalized field name ("Url points to…").
		ExpectedContent: []string{`"url":{"code":"validation_blocked_address"`, `"message":"The URL points to a loopback`},
	})
	scenario(t, "", c.RoleAdmin, tests.ApiScenario{
		Name: "localhost refused by default", Method: http.MethodPost, URL: twURL,
		Body: strings.NewReader(`{"url":"http://localhost:9/x"}`), ExpectedStatus: 400,
		ExpectedContent: []string{"validation_blocked_address"},
	})
	for _, bad := range []string{"ftp://example.com/", "not a url", "https://", ""} {
		scenario(t, "", c.RoleAdmin, tests.ApiScenario{
			Name: "bad url " + bad, Method: http.MethodPost, URL: twURL,
			Body: strings.NewReader(`{"url":"` + bad + `"}`), ExpectedStatus: 400,
			ExpectedContent: []string{"validation_invalid_url"},
		})
	}
	allow := func(tb testing.TB, app *tests.TestApp) {
		r, err := app.FindFirstRecordByData(c.AdminConfig, c.FieldKey, c.ConfigWebhookAllowPriv)
		if err != nil {
			tb.Fatal(err)
		}
		r.Set(c.FieldValue, true)
		if err := app.Save(r); err != nil {
			tb.Fatal(err)
		}
	}
	scenario(t, "", c.RoleAdmin, tests.ApiScenario{
		Name: "loopback allowed by config", Method: http.MethodPost, URL: twURL,
		Body: strings.NewReader(`{"url":"` + target.URL + `/hook"}`), ExpectedStatus: 200,
		ExpectedContent: []string{`"success":true`, `"status":200`, `"latency_ms":`},
	}, allow)
	// Credentials in the URL would be sent as Basic auth to whatever host answers
	// (a redirect's target included): refused, even where private targets are allowed.
	scenario(t, "", c.RoleAdmin, tests.ApiScenario{
		Name: "url with userinfo", Method: http.MethodPost, URL: twURL,
		Body: strings.NewReader(`{"url":"http://user:s3cr3tpw@` + strings.TrimPrefix(target.URL, "http://") + `/hook"}`), ExpectedStatus: 400,
		ExpectedContent: []string{`"url":{"code":"validation_url_credentials"`}, NotExpectedContent: []string{"s3cr3tpw"},
	}, allow)
	scenario(t, "", c.RoleViewer, tests.ApiScenario{
		Name: "viewer denied", Method: http.MethodPost, URL: twURL,
		Body: strings.NewReader(`{"url":"https://example.com"}`), ExpectedStatus: 403, ExpectedContent: []string{`"status":403`},
	})
}
