package hooks_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/tests/telegramtest"
	"github.com/nezuko/nezuko/tests/testutil"
	"github.com/nezuko/nezuko/tgauth"
)

// call serves one request and returns its status and body.
func call(h http.Handler, method, path, body, auth string) (int, string) {
	res := serve(h, method, path, body, auth)
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// configRow is the admin_config record of key.
func configRow(tb testing.TB, app core.App, key string) *core.Record {
	tb.Helper()
	r, err := app.FindFirstRecordByData(c.AdminConfig, c.FieldKey, key)
	if err != nil {
		tb.Fatalf("config %s: %v", key, err)
	}
	return r
}

// TestTrustKeysAreOwnerOnly: an admin can neither change, delete nor re-create
// login_bot_id and webhook_test_allow_private (nor rename another key to them);
// owners and superusers can (DESIGN.md §2, issue 18).
func TestTrustKeysAreOwnerOnly(t *testing.T) {
	opts, tokens := fixtureOptions(t, "")
	app := testutil.NewApp(t, opts)
	h := testutil.Router(t, app)
	records := "/api/collections/" + c.AdminConfig + "/records"
	for _, key := range c.ConfigTrustKeys {
		row := configRow(t, app, key)
		before := row.GetString(c.FieldValue)
		one := records + "/" + row.Id
		for _, attempt := range []struct{ method, path, body string }{
			{http.MethodPatch, one, `{"value":987654321}`},
			{http.MethodPatch, one, `{"value":true}`},
			{http.MethodPatch, one, `{"key":"harmless_name","value":1}`},
			{http.MethodDelete, one, ``},
			{http.MethodPatch, records + "/" + idConfig, `{"key":"` + key + `"}`},
			{http.MethodPost, records, `{"key":"` + key + `","value":1}`},
		} {
			if st, body := call(h, attempt.method, attempt.path, attempt.body, tokens[admin]); st < 400 {
				t.Errorf("admin %s %s %s: %d %s", attempt.method, attempt.path, attempt.body, st, body)
			}
		}
		if got := configRow(t, app, key).GetString(c.FieldValue); got != before {
			t.Errorf("%s changed by an admin: %s -> %s", key, before, got)
		}
		for _, role := range []string{owner, superuser} {
			if st, body := call(h, http.MethodPatch, one, `{"value":`+before+`}`, tokens[role]); st != 200 {
				t.Errorf("%s may not change %s: %d %s", role, key, st, body)
			}
		}
	}
	// Other keys stay the admins'.
	if st, body := call(h, http.MethodPatch, records+"/"+idConfig, `{"value":false}`, tokens[admin]); st != 200 {
		t.Errorf("admin PATCH custom_flag: %d %s", st, body)
	}
}

// TestAdminCannotMoveTheLoginBot plays issue 18's attack: an admin adds a bot whose
// token they hold, deactivates and deletes the login bot, and signs a widget login for
// another admin's Telegram id with their own bot. The login fails closed and the widget
// is not offered a bot of the admin's choice, until an owner picks a login bot.
func TestAdminCannotMoveTheLoginBot(t *testing.T) {
	tg := telegramtest.NewServer(t)
	if _, err := tg.AddBotToken(routeNewBotToken, "route_bot"); err != nil {
		t.Fatal(err)
	}
	opts, tokens := fixtureOptions(t, tg.URL)
	app := testutil.NewApp(t, opts)
	victim := testutil.NewAdmin(t, app, c.RoleOwner)
	victim.SetTelegramID(routeLoginUser)
	if err := app.Save(victim); err != nil {
		t.Fatal(err)
	}
	h := testutil.Router(t, app)
	bots := "/api/collections/" + c.BotInstances + "/records/"
	steps := []struct{ method, path, body string }{
		{http.MethodPost, "/api/functions/manage-bot", `{"action":"add","token":"` + routeNewBotToken + `"}`},
		{http.MethodPatch, bots + idBot, `{"is_active":false}`},
		{http.MethodDelete, bots + idBot, ``},
	}
	for _, s := range steps {
		if st, body := call(h, s.method, s.path, s.body, tokens[admin]); st >= 300 {
			t.Fatalf("admin %s %s: %d %s", s.method, s.path, st, body)
		}
	}
	forged := widgetLogin(routeNewBotToken, time.Now().Add(-time.Minute))
	st, body := call(h, http.MethodPost, tgauth.LoginPath, forged, "")
	if st != 401 || strings.Contains(body, `"token"`) || !strings.Contains(body, "Telegram login is unavailable") {
		t.Fatalf("login signed by the admin's bot: %d %s", st, body)
	}
	if st, body := call(h, http.MethodGet, tgauth.ConfigPath, "", ""); st != 404 || strings.Contains(body, "route_bot") {
		t.Fatalf("widget config after the login bot is gone: %d %s", st, body)
	}
	// An owner decides: the new bot becomes the login bot.
	row := configRow(t, app, c.ConfigLoginBotID)
	if st, body := call(h, http.MethodPatch, "/api/collections/"+c.AdminConfig+"/records/"+row.Id,
		`{"value":555000555}`, tokens[owner]); st != 200 {
		t.Fatalf("owner picks the login bot: %d %s", st, body)
	}
	if st, body := call(h, http.MethodPost, tgauth.LoginPath, forged, ""); st != 200 || !strings.Contains(body, `"token":"`) {
		t.Fatalf("login after the owner's choice: %d %s", st, body)
	}
}

// TestServerOwnedFieldsIgnored: a bot's identity comes from getMe only, last_login
// from sign-ins only, and an admin's email stays visible: API writes of them by
// non-superusers are ignored (the rest of the write applies).
func TestServerOwnedFieldsIgnored(t *testing.T) {
	opts, tokens := fixtureOptions(t, "")
	app := testutil.NewApp(t, opts)
	h := testutil.Router(t, app)
	st, body := call(h, http.MethodPatch, "/api/collections/"+c.BotInstances+"/records/"+idBot,
		`{"bot_username":"evil_bot","bot_name":"Evil","is_active":true}`, tokens[admin])
	if st != 200 || strings.Contains(body, "evil_bot") || strings.Contains(body, "Evil") {
		t.Fatalf("admin PATCH bot identity: %d %s", st, body)
	}
	if st, body := call(h, http.MethodGet, tgauth.ConfigPath, "", ""); !strings.Contains(body, `"bot_username":"guard_bot"`) {
		t.Fatalf("widget config: %d %s", st, body)
	}
	if st, body := call(h, http.MethodPatch, "/api/collections/"+c.BotInstances+"/records/"+idBot,
		`{"bot_username":"su_choice"}`, tokens[superuser]); st != 200 || !strings.Contains(body, "su_choice") {
		t.Fatalf("superuser PATCH bot identity: %d %s", st, body)
	}

	me := testutil.NewAdmin(t, app, c.RoleViewer)
	me.SetEmailVisibility(true) // as an owner's invite makes it
	if err := app.Save(me); err != nil {
		t.Fatal(err)
	}
	auth := testutil.AuthToken(t, me.Record)
	st, body = call(h, http.MethodPatch, "/api/collections/"+c.AdminUsers+"/records/"+me.Id,
		`{"full_name":"Me","last_login":"2001-01-01 00:00:00.000Z","emailVisibility":false}`, auth)
	if st != 200 || !strings.Contains(body, `"full_name":"Me"`) {
		t.Fatalf("viewer PATCH self: %d %s", st, body)
	}
	stored, err := app.FindRecordById(c.AdminUsers, me.Id)
	if err != nil {
		t.Fatal(err)
	}
	if !stored.GetDateTime(c.FieldLastLogin).IsZero() || !stored.EmailVisibility() {
		t.Fatalf("last_login = %v, emailVisibility = %v after the viewer's PATCH", stored.GetDateTime(c.FieldLastLogin), stored.EmailVisibility())
	}
}

// TestNoEmailChangeFlow: PocketBase's request/confirm-email-change routes are closed to
// admin users of every role (only an owner changes an email, on the record).
func TestNoEmailChangeFlow(t *testing.T) {
	opts, tokens := fixtureOptions(t, "")
	app := testutil.NewApp(t, opts)
	h := testutil.Router(t, app)
	base := "/api/collections/" + c.AdminUsers
	for _, role := range []string{viewer, admin, owner} {
		if st, body := call(h, http.MethodPost, base+"/request-email-change", `{"newEmail":"mine@evil.test"}`, tokens[role]); st != 403 {
			t.Errorf("%s request-email-change: %d %s", role, st, body)
		}
	}
	if st, body := call(h, http.MethodPost, base+"/confirm-email-change", `{"token":"x.y.z","password":"`+testutil.Password+`"}`, ""); st < 400 {
		t.Errorf("confirm-email-change: %d %s", st, body)
	}
}

// TestDisabledAccountsAnswerLikeAWrongPassword: the right password of a deactivated
// or deleted admin gets exactly the answer of a wrong password.
func TestDisabledAccountsAnswerLikeAWrongPassword(t *testing.T) {
	app := testutil.NewApp(t)
	h := testutil.Router(t, app)
	login := func(email, password string) (int, string) {
		return call(h, http.MethodPost, "/api/collections/"+c.AdminUsers+"/auth-with-password",
			`{"identity":"`+email+`","password":"`+password+`"}`, "")
	}
	off := testutil.NewAdmin(t, app, c.RoleOwner)
	off.SetIsActive(false)
	gone := testutil.NewAdmin(t, app, c.RoleOwner)
	gone.SoftDelete(time.Now())
	for _, u := range []*c.AdminUser{off, gone} {
		if err := app.Save(u); err != nil {
			t.Fatal(err)
		}
	}
	wantSt, want := login(off.Email(), "a-wrong-password")
	if wantSt != 400 {
		t.Fatalf("wrong password: %d %s", wantSt, want)
	}
	for _, u := range []*c.AdminUser{off, gone} {
		if st, body := login(u.Email(), testutil.Password); st != wantSt || body != want {
			t.Errorf("right password of a disabled account: %d %s, want %d %s", st, body, wantSt, want)
		}
	}
}

// TestRateLimits: PocketBase's limiter is on from the first start with Nezuko's rules;
// past a rule a client gets 429 in PocketBase's error shape, and other clients are not
// affected.
func TestRateLimits(t *testing.T) {
	app := testutil.NewApp(t)
	h := testutil.Router(t, app)
	limits := app.Settings().RateLimits
	if !limits.Enabled {
		t.Fatal("rate limits are off")
	}
	for _, label := range []string{"*:authWithPassword", "*:authWithOTP", "POST " + tgauth.LoginPath,
		"POST /api/functions/manage-bot", "POST /api/functions/test-webhook"} {
		if _, ok := limits.FindRateLimitRule([]string{label}); !ok {
			t.Errorf("no rate limit rule %q", label)
		}
	}
	for _, path := range []string{"/api/collections/" + c.AdminUsers + "/auth-with-password",
		"/api/collections/_superusers/auth-with-password", tgauth.LoginPath} {
		st, body := 0, ""
		for i := 0; i < 100 && st != 429; i++ {
			st, body = call(h, http.MethodPost, path, `{"identity":"nobody@example.com","password":"guess-`+strconv.Itoa(i)+`","id":1,"hash":"x"}`, "")
		}
		if st != 429 || !strings.Contains(body, `"status":429`) || !strings.Contains(body, `"message":`) {
			t.Errorf("%s after 100 wrong guesses: %d %s", path, st, body)
		}
	}
	req := httptest.NewRequest(http.MethodPost, "/api/collections/"+c.AdminUsers+"/auth-with-password",
		strings.NewReader(`{"identity":"x@example.com","password":"y"}`))
	req.Header.Set("Content-Type", "application/json")
	req.RemoteAddr = "198.51.100.20:4000"
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 400 {
		t.Errorf("another client is limited too: %d", rec.Code)
	}
}
