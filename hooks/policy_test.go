package hooks_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/tests/testutil"
)

// run runs scenarios as role on fresh copies of the fixtures.
func run(t *testing.T, role string, scenarios ...tests.ApiScenario) {
	t.Helper()
	opts, tokens := fixtureOptions(t, "")
	for _, s := range scenarios {
		s.Headers = map[string]string{}
		if tokens[role] != "" {
			s.Headers["Authorization"] = tokens[role]
		}
		s.TestAppFactory = func(tb testing.TB) *tests.TestApp { return testutil.NewScenarioApp(tb, opts) }
		s.Test(t)
	}
}

func TestSoftDeleteKeepsRowAndHidesIt(t *testing.T) {
	checkDeleted := func(collection, id string) func(testing.TB, *tests.TestApp, *http.Response) {
		return func(tb testing.TB, app *tests.TestApp, _ *http.Response) {
			r, err := app.FindRecordById(collection, id)
			if err != nil {
				tb.Fatalf("row gone: %v", err)
			}
			if !r.GetBool(c.FieldIsDeleted) || r.GetBool(c.FieldIsActive) || r.GetDateTime(c.FieldDeletedAt).IsZero() {
				tb.Errorf("row not soft-deleted: is_deleted=%v is_active=%v deleted_at=%v",
					r.GetBool(c.FieldIsDeleted), r.GetBool(c.FieldIsActive), r.GetDateTime(c.FieldDeletedAt))
			}
		}
	}
	run(t, admin, tests.ApiScenario{
		Name: "admin deletes a bot", Method: http.MethodDelete,
		URL: "/api/collections/bot_instances/records/" + idBot, ExpectedStatus: 204,
		AfterTestFunc: checkDeleted(c.BotInstances, idBot),
	})
	run(t, owner, tests.ApiScenario{
		Name: "owner deletes an admin user", Method: http.MethodDelete,
		URL: "/api/collections/admin_users/records/" + idTarget, ExpectedStatus: 204,
		AfterTestFunc: checkDeleted(c.AdminUsers, idTarget),
	})
	run(t, viewer, tests.ApiScenario{
		Name: "viewer cannot see the soft-deleted bot", Method: http.MethodGet,
		URL: "/api/collections/bot_instances/records/" + idDeletedBot, ExpectedStatus: 404,
		ExpectedContent: []string{`"status":404`},
	})
	run(t, superuser, tests.ApiScenario{
		Name: "superuser sees the soft-deleted bot", Method: http.MethodGet,
		URL: "/api/collections/bot_instances/records/" + idDeletedBot, ExpectedStatus: 200,
		ExpectedContent: []string{`"is_deleted":true`},
	})
}

func TestCommandServerFieldsCannotBeForged(t *testing.T) {
	body := `{"command_type":"mute_user","payload":{"group_id":-1001,"user_id":5},"status":"completed",` +
		`"result":{"forged":true},"error_message":"x","executed_at":"2020-01-01 00:00:00.000Z","created_by":"` + idTarget + `"}`
	run(t, admin, tests.ApiScenario{
		Name: "forged command", Method: http.MethodPost, URL: "/api/collections/admin_commands/records",
		Body: strings.NewReader(body), ExpectedStatus: 200,
		ExpectedContent:    []string{`"status":"pending"`, `"result":null`, `"executed_at":""`, `"error_message":""`},
		NotExpectedContent: []string{`"created_by":"` + idTarget + `"`, "forged"},
		AfterTestFunc: func(tb testing.TB, app *tests.TestApp, _ *http.Response) {
			rows, err := app.FindAllRecords(c.AdminCommands)
			if err != nil {
				tb.Fatal(err)
			}
			for _, r := range rows {
				if r.GetString(c.FieldCommandType) != "mute_user" {
					continue
				}
				creator, err := app.FindRecordById(c.AdminUsers, r.GetString(c.FieldCreatedBy))
				if err != nil || creator.GetString(c.FieldRole) != c.RoleAdmin {
					tb.Errorf("created_by = %q, want the calling admin", r.GetString(c.FieldCreatedBy))
				}
				return
			}
			tb.Error("command not stored")
		},
	})
}

func TestSensitiveConfigIsMaskedForNonOwners(t *testing.T) {
	url := "/api/collections/admin_config/records/" + idSecretConf
	for _, role := range []string{viewer, admin} {
		run(t, role, tests.ApiScenario{
			Name: role + " reads masked", Method: http.MethodGet, URL: url, ExpectedStatus: 200,
			ExpectedContent: []string{`"value":"***"`}, NotExpectedContent: []string{secretValue},
		})
	}
	run(t, owner, tests.ApiScenario{
		Name: "owner reads the value", Method: http.MethodGet, URL: url, ExpectedStatus: 200,
		ExpectedContent: []string{secretValue},
	})
	run(t, admin,
		tests.ApiScenario{
			Name: "admin cannot change sensitive config", Method: http.MethodPatch, URL: url,
			Body: strings.NewReader(`{"value":"x"}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`},
		},
		tests.ApiScenario{
			Name: "admin cannot create sensitive config", Method: http.MethodPost, URL: "/api/collections/admin_config/records",
			Body: strings.NewReader(`{"key":"k2","value":"x","is_sensitive":true}`), ExpectedStatus: 400,
			ExpectedContent: []string{`"status":400`},
		},
		tests.ApiScenario{
			Name: "admin cannot unmark sensitive config", Method: http.MethodPatch, URL: url,
			Body: strings.NewReader(`{"is_sensitive":false}`), ExpectedStatus: 404, ExpectedContent: []string{`"status":404`},
		},
		tests.ApiScenario{
			Name: "admin edit stamps updated_by", Method: http.MethodPatch, URL: "/api/collections/admin_config/records/" + idConfig,
			Body: strings.NewReader(`{"value":false}`), ExpectedStatus: 200,
			ExpectedContent: []string{`"updated_by":"`}, NotExpectedContent: []string{`"updated_by":""`},
		},
	)
}

func TestTokenHiddenInExpand(t *testing.T) {
	run(t, viewer, tests.ApiScenario{
		Name: "expand bot of group", Method: http.MethodGet,
		URL:            "/api/collections/protected_groups/records/" + idGroup + "?expand=bot_instance",
		ExpectedStatus: 200, ExpectedContent: []string{`"bot_username":"guard_bot"`},
		NotExpectedContent: []string{"token_encrypted", "gAAAAA"},
	})
}

func TestGroupHealthIsWrittenByTheServerOnly(t *testing.T) {
	run(t, admin, tests.ApiScenario{
		Name: "admin cannot forge health", Method: http.MethodPatch,
		URL:  "/api/collections/protected_groups/records/" + idGroup,
		Body: strings.NewReader(`{"title":"New title","health":{"ok":true,"problems":[]}}`), ExpectedStatus: 200,
		ExpectedContent: []string{`"title":"New title"`, `"health":null`},
	})
}

func TestAdminUsersSelfService(t *testing.T) {
	opts, tokens := fixtureOptions(t, "")
	me := func(tb testing.TB, app *tests.TestApp) string {
		rec, err := app.FindAuthRecordByToken(tokens[viewer])
		if err != nil {
			tb.Fatal(err)
		}
		return rec.Id
	}
	for _, s := range []struct {
		name, body string
		status     int
		content    string
	}{
		{"viewer renames self", `{"full_name":"Me"}`, 200, `"full_name":"Me"`},
		{"viewer cannot promote self", `{"role":"owner"}`, 404, `"status":404`},
		{"viewer cannot reactivate fields", `{"is_deleted":false}`, 404, `"status":404`},
	} {
		sc := tests.ApiScenario{Name: s.name, Method: http.MethodPatch, Body: strings.NewReader(s.body),
			Headers: map[string]string{"Authorization": tokens[viewer]}, ExpectedStatus: s.status,
			ExpectedContent: []string{s.content}}
		sc.TestAppFactory = func(tb testing.TB) *tests.TestApp {
			app := testutil.NewScenarioApp(tb, opts)
			sc.URL = "/api/collections/admin_users/records/" + me(tb, app)
			return app
		}
		sc.Test(t)
	}
}

func TestInactiveAdminCannotSignIn(t *testing.T) {
	app := testutil.NewApp(t)
	u := testutil.NewAdmin(t, app, c.RoleAdmin)
	h := testutil.Router(t, app)
	login := func() (int, string) {
		body := `{"identity":"` + u.Email() + `","password":"` + testutil.Password + `"}`
		res := serve(h, http.MethodPost, "/api/collections/admin_users/auth-with-password", body, "")
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	if code, body := login(); code != 200 || !strings.Contains(body, `"token":"`) {
		t.Fatalf("active admin login = %d %s", code, body)
	}
	stored, _ := app.FindRecordById(c.AdminUsers, u.Id)
	if stored.GetDateTime(c.FieldLastLogin).IsZero() {
		t.Error("last_login not recorded")
	}
	u.SetIsActive(false)
	if err := app.Save(u); err != nil {
		t.Fatal(err)
	}
	// The same 400 as a wrong password (issue 18: a 403 told the password was right).
	if code, _ := login(); code != 400 {
		t.Fatalf("inactive admin login = %d, want 400", code)
	}
}
