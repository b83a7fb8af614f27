package bottoken_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	"github.com/nezuko/nezuko/bottoken"
	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/secret"
	"github.com/nezuko/nezuko/tests/testutil"
)

const (
	goodToken    = "123456789:AAFakeTokenForTestsOnly_abcdefghijklmno"
	refusedToken = "555555555:AARevokedTokenRevokedTokenRevoked00"
	// pythonCiphertext is goodToken sealed by Python cryptography.fernet with testutil.EncryptionKey.
	pythonCiphertext = "gAAAAABrBeIugNWAwZu6MC3J_aQWBTDBRgEDW6Zmf16OFyQMWYdajEPQ3x4OGCrP7yVhGa35Y9OZaHDckF5u9MDs7lNCD8ER3UuNqu8mz5_bO19ZQJmFkoB8Quf1LUmTl7-1CdSqrwl4GTAE4LJRtEtStaGqPA9Jrw=="
)

func getMe(t testing.TB) *testutil.GetMeServer {
	return testutil.NewGetMeServer(t, map[string]testutil.GetMeBot{
		goodToken: {ID: 123456789, Username: "guard_bot", FirstName: "Guard"},
	})
}

func box(t testing.TB) *secret.Box {
	b, err := secret.NewBox(testutil.EncryptionKey)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestGoSaveSealsTokenAndFillsIdentity(t *testing.T) {
	tg := getMe(t)
	app := testutil.NewApp(t, testutil.Options{APIURL: tg.URL})
	bot, err := c.NewBotInstance(app)
	if err != nil {
		t.Fatal(err)
	}
	bot.SetTokenEncrypted(goodToken)
	if err := app.Save(bot); err != nil {
		t.Fatalf("save: %v", err)
	}
	stored, err := app.FindRecordById(c.BotInstances, bot.Id)
	if err != nil {
		t.Fatal(err)
	}
	got := c.Wrap(&c.BotInstance{}, stored)
	if got.BotID() != 123456789 || got.BotUsername() != "guard_bot" || got.BotName() != "Guard" {
		t.Errorf("identity = %d %q %q", got.BotID(), got.BotUsername(), got.BotName())
	}
	if !strings.HasPrefix(got.TokenEncrypted(), "gAAAAA") || strings.Contains(got.TokenEncrypted(), "AAFake") {
		t.Fatalf("stored token is not ciphertext: %q", got.TokenEncrypted())
	}
	if plain, err := box(t).Open(got.TokenEncrypted()); err != nil || plain != goodToken {
		t.Fatalf("open = %q, %v", plain, err)
	}

	// Saving other fields keeps the ciphertext and does not ask Telegram again.
	calls := tg.Calls()
	got.SetIsActive(false)
	if err := app.Save(got); err != nil {
		t.Fatal(err)
	}
	if tg.Calls() != calls {
		t.Errorf("getMe called again on an unrelated update")
	}
}

func TestPythonCiphertextIsAcceptedAsIs(t *testing.T) {
	tg := getMe(t)
	app := testutil.NewApp(t, testutil.Options{APIURL: tg.URL})
	bot, _ := c.NewBotInstance(app)
	bot.SetBotID(123456789)
	bot.SetTokenEncrypted(pythonCiphertext)
	if err := app.Save(bot); err != nil {
		t.Fatal(err)
	}
	if tg.Calls() != 0 {
		t.Errorf("getMe called for already-sealed token")
	}
	stored, _ := app.FindRecordById(c.BotInstances, bot.Id)
	if plain, err := box(t).Open(stored.GetString(c.FieldTokenEncrypted)); err != nil || plain != goodToken {
		t.Fatalf("open = %q, %v", plain, err)
	}
}

func TestTokenThroughREST(t *testing.T) {
	tg := getMe(t)
	headers := map[string]string{} // filled by the factory, before the request is built
	factory := func(tb testing.TB) *tests.TestApp {
		app := testutil.NewScenarioApp(tb, testutil.Options{APIURL: tg.URL})
		headers["Authorization"] = testutil.SuperuserToken(tb, app)
		return app
	}
	noRows := func(tb testing.TB, app *tests.TestApp, _ *http.Response) {
		n, err := app.CountRecords(c.BotInstances)
		if err != nil || n != 0 {
			tb.Errorf("bot_instances rows = %d, %v; want 0", n, err)
		}
	}
	scenarios := []tests.ApiScenario{
		{
			Name: "valid token is sealed", Method: http.MethodPost, URL: "/api/collections/bot_instances/records",
			Body:           strings.NewReader(`{"token_encrypted":"` + goodToken + `"}`),
			ExpectedStatus: 200,
			ExpectedContent: []string{`"bot_id":123456789`, `"bot_username":"guard_bot"`, `"bot_name":"Guard"`,
				`"is_active":true`, `"token_encrypted":"gAAAAA`},
			NotExpectedContent: []string{"AAFakeToken"},
		},
		{
			Name: "refused token", Method: http.MethodPost, URL: "/api/collections/bot_instances/records",
			Body:               strings.NewReader(`{"token_encrypted":"` + refusedToken + `"}`),
			ExpectedStatus:     400,
			ExpectedContent:    []string{bottoken.MsgRefused, `"token_encrypted":{"code":"` + bottoken.CodeRefused + `"`},
			NotExpectedContent: []string{"AARevoked"},
			AfterTestFunc:      noRows,
		},
		{
			Name: "malformed token", Method: http.MethodPost, URL: "/api/collections/bot_instances/records",
			Body:               strings.NewReader(`{"token_encrypted":"hello world"}`),
			ExpectedStatus:     400,
			ExpectedContent:    []string{bottoken.MsgMalformed, `"token_encrypted":{"code":"` + bottoken.CodeMalformed + `"`},
			NotExpectedContent: []string{"hello world"},
			AfterTestFunc:      noRows,
		},
	}
	for _, s := range scenarios {
		s.TestAppFactory = factory
		s.Headers = headers
		s.Test(t)
	}
}

func TestUnreachableTelegramFailsTheSave(t *testing.T) {
	app := testutil.NewApp(t) // points at a closed port
	bot, _ := c.NewBotInstance(app)
	bot.SetTokenEncrypted(goodToken)
	err := app.Save(bot)
	if err == nil || !strings.Contains(err.Error(), bottoken.MsgUnreachable) {
		t.Fatalf("err = %v", err)
	}
	if strings.Contains(err.Error(), "AAFake") {
		t.Fatal("token leaked into the error")
	}
	if n, _ := app.CountRecords(c.BotInstances); n != 0 {
		t.Fatalf("rows = %d", n)
	}
}

func TestMain(m *testing.M) { testutil.Main(m) }
