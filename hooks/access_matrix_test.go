package hooks_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/pocketbase/tests"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/tests/testutil"
)

func TestMain(m *testing.M) { testutil.Main(m) }

// who may perform a write action.
type who int

const (
	superOnly who = iota // nil rule: PocketBase answers 403 to everyone else
	writers              // admin, owner (and superusers)
	owners               // owner (and superusers)
)

// surface is one collection's row of the access matrix.
type surface struct {
	collection             string
	target                 string // record id viewed, updated and deleted
	visible, visibleForSU  int    // rows listed to active admins / to superusers
	create, update, delete who
	createBody, updateBody string
}

const ts = `"timestamp":"2026-01-02 03:04:05.000Z"`

var matrix = []surface{
	{c.Owners, idOwner, 1, 1, writers, writers, writers,
		`{"user_id":2002,"username":"bob"}`, `{"username":"renamed"}`},
	{c.BotInstances, idBot, 1, 2, superOnly, writers, writers,
		`{"token_encrypted":"` + newBotToken + `"}`, `{"bot_name":"Renamed"}`},
	{c.ProtectedGroups, idGroup, 1, 1, writers, writers, writers,
		`{"group_id":-2002,"title":"G2","owner":"` + idOwner + `"}`, `{"title":"Renamed"}`},
	{c.EnforcedChannels, idChannel, 2, 2, writers, writers, writers,
		`{"channel_id":-2003,"title":"C3"}`, `{"title":"Renamed","count_join_requests":true}`},
	{c.GroupChannelLinks, idLink, 1, 1, writers, writers, writers,
		`{"group":"` + idGroup + `","channel":"` + idChannel2 + `"}`, `{"channel":"` + idChannel2 + `"}`},
	{c.AdminUsers, idTarget, 6, 7, owners, owners, owners,
		`{"email":"new@example.com","password":"long-enough-password","passwordConfirm":"long-enough-password","role":"viewer"}`,
		`{"full_name":"Renamed"}`},
	{c.AdminConfig, idConfig, 10, 10, writers, writers, writers,
		`{"key":"new_key","value":5}`, `{"value":false}`},
	{c.BotStatus, idStatus, 1, 1, superOnly, superOnly, superOnly,
		`{"bot_instance":"` + idDeletedBot + `","status":"stopped"}`, `{"status":"stopped"}`},
	{c.AdminCommands, idCommand, 1, 1, writers, superOnly, superOnly,
		`{"command_type":"clear_cache","payload":{}}`, `{"status":"completed"}`},
	{c.VerificationLog, idVerif, 1, 1, superOnly, superOnly, superOnly,
		`{"user_id":7,"group_id":-1001,"status":"restricted",` + ts + `}`, `{"status":"error"}`},
	{c.APICallLog, idAPICall, 1, 1, superOnly, superOnly, superOnly,
		`{"method":"getMe",` + ts + `}`, `{"success":false}`},
	{c.AdminLogs, idLog, 1, 1, superOnly, superOnly, superOnly,
		`{"level":"INFO","logger":"x","message":"m",` + ts + `}`, `{"message":"changed"}`},
	{c.AdminAuditLog, idAudit, 1, 1, superOnly, superOnly, superOnly,
		`{"actor":"x","action":"update","resource_type":"owners"}`, `{"actor":"y"}`},
}

// admin_users rows: the target and the five requesters; one of them is soft-deleted.
func init() { matrix[5].visible, matrix[5].visibleForSU = 5, 6 }

const newBotToken = "777000777:AANewBotTokenForTheMatrixTest_xyz12"

func canRead(role string) bool {
	return role == viewer || role == admin || role == owner || role == superuser
}

func canWrite(w who, role string) bool {
	switch {
	case role == superuser:
		return true
	case w == writers:
		return role == admin || role == owner
	case w == owners:
		return role == owner
	}
	return false
}

// denied is PocketBase's answer when a rule says no: 403 for superuser-only actions,
// else what a missing record would get.
func denied(w who, onDenied int) int {
	if w == superOnly {
		return http.StatusForbidden
	}
	return onDenied
}

func TestAccessMatrix(t *testing.T) {
	tg := testutil.NewGetMeServer(t, map[string]testutil.GetMeBot{
		newBotToken: {ID: 777000777, Username: "new_bot", FirstName: "New"},
	})
	opts, tokens := fixtureOptions(t, tg.URL)
	for _, s := range matrix {
		for _, role := range requesters {
			headers := map[string]string{}
			if tokens[role] != "" {
				headers["Authorization"] = tokens[role]
			}
			for _, sc := range s.scenarios(role) {
				sc.Name = fmt.Sprintf("%s/%s/%s", s.collection, role, sc.Name)
				sc.Headers = headers
				sc.TestAppFactory = func(tb testing.TB) *tests.TestApp { return testutil.NewScenarioApp(tb, opts) }
				sc.Test(t)
			}
		}
	}
}

func (s surface) scenarios(role string) []tests.ApiScenario {
	base := "/api/collections/" + s.collection + "/records"
	one := base + "/" + s.target
	hiddenToken := []string{`"token_encrypted"`}

	list := tests.ApiScenario{Name: "list", Method: http.MethodGet, URL: base + "?perPage=100", ExpectedStatus: 200}
	view := tests.ApiScenario{Name: "view", Method: http.MethodGet, URL: one}
	switch {
	case role == superuser:
		list.ExpectedContent = []string{fmt.Sprintf(`"totalItems":%d`, s.visibleForSU)}
		view.ExpectedStatus, view.ExpectedContent = 200, []string{`"id":"` + s.target + `"`}
		if s.collection == c.BotInstances {
			list.ExpectedContent = append(list.ExpectedContent, `"token_encrypted":"gAAAAA`)
			view.ExpectedContent = append(view.ExpectedContent, `"token_encrypted":"gAAAAA`)
		}
	case canRead(role):
		list.ExpectedContent = []string{fmt.Sprintf(`"totalItems":%d`, s.visible)}
		list.NotExpectedContent = hiddenToken
		view.ExpectedStatus, view.ExpectedContent, view.NotExpectedContent = 200, []string{`"id":"` + s.target + `"`}, hiddenToken
	default:
		list.ExpectedContent = []string{`"totalItems":0`, `"items":[]`}
		view.ExpectedStatus, view.ExpectedContent = 404, []string{`"status":404`}
	}

	create := tests.ApiScenario{Name: "create", Method: http.MethodPost, URL: base, Body: strings.NewReader(s.createBody)}
	update := tests.ApiScenario{Name: "update", Method: http.MethodPatch, URL: one, Body: strings.NewReader(s.updateBody)}
	del := tests.ApiScenario{Name: "delete", Method: http.MethodDelete, URL: one}
	if canWrite(s.create, role) {
		create.ExpectedStatus, create.ExpectedContent, create.NotExpectedContent = 200, []string{`"id":`}, []string{"AANewBotToken"}
	} else {
		create.ExpectedStatus = denied(s.create, 400)
		if role == viewer && s.create == writers {
			create.ExpectedStatus = http.StatusForbidden // with a reason, not "Failed to create record."
		}
		create.ExpectedContent = []string{fmt.Sprintf(`"status":%d`, create.ExpectedStatus)}
		if role == viewer && s.create == writers {
			create.ExpectedContent = append(create.ExpectedContent, "Viewers can look but not change anything")
		}
	}
	if canWrite(s.update, role) {
		update.ExpectedStatus, update.ExpectedContent = 200, []string{`"id":"` + s.target + `"`}
		if role != superuser {
			update.NotExpectedContent = hiddenToken
		}
	} else {
		update.ExpectedStatus = denied(s.update, 404)
		update.ExpectedContent = []string{fmt.Sprintf(`"status":%d`, update.ExpectedStatus)}
	}
	if canWrite(s.delete, role) {
		del.ExpectedStatus = 204
	} else {
		del.ExpectedStatus = denied(s.delete, 404)
		del.ExpectedContent = []string{fmt.Sprintf(`"status":%d`, del.ExpectedStatus)}
	}
	return []tests.ApiScenario{list, view, create, update, del}
}
