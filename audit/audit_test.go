package audit_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/config"
	"github.com/nezuko/nezuko/tests/livetest"
	"github.com/nezuko/nezuko/tests/testutil"
)

func TestMain(m *testing.M) { testutil.Main(m) }

const (
	sealedBot   = "gAAAAABrBeIugNWAwZu6MC3J_aQWBTDBRgEDW6Zmf16OFyQMWYdajEPQ3x4OGCrP7yVhGa35Y9OZaHDckF5u9MDs7lNCD8ER3UuNqu8mz5_bO19ZQJmFkoB8Quf1LUmTl7-1CdSqrwl4GTAE4LJRtEtStaGqPA9Jrw=="
	secretValue = "s3cret-config-value"
	newPassword = "another-long-password-1"
	userAgent   = "audit-test/1.0"
)

type client struct {
	t   *testing.T
	url string
}

// call sends a JSON request to /api/collections/{col}/records[/{id}] and returns the
// decoded body (nil for 204).
func (cl client) call(method, auth, col, id, body string, want int) map[string]any {
	cl.t.Helper()
	url := cl.url + "/api/collections/" + col + "/records"
	if id != "" {
		url += "/" + id
	}
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", userAgent)
	req.Header.Set("Authorization", auth)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		cl.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	if res.StatusCode != want {
		cl.t.Fatalf("%s %s: %d %s", method, url, res.StatusCode, raw)
	}
	var out map[string]any
	json.Unmarshal(raw, &out)
	return out
}

func body(fields map[string]any) string {
	b, _ := json.Marshal(fields)
	return string(b)
}

// auditRows returns the audit rows of one record, oldest first.
func auditRows(t *testing.T, app core.App, col, id string) []*core.Record {
	t.Helper()
	var rows []*core.Record
	err := app.RecordQuery(c.AdminAuditLog).
		AndWhere(dbx.HashExp{c.FieldResourceType: col, c.FieldResourceID: id}).
		OrderBy("rowid ASC"). // insertion order, finer than the created timestamp
		All(&rows)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// check asserts the audit rows of a record: their actions in order, the actor, and
// that no secret leaked into them.
func check(t *testing.T, app core.App, col, id string, actor *core.Record, actions ...string) []*core.Record {
	t.Helper()
	actors := make([]*core.Record, len(actions))
	for i := range actors {
		actors[i] = actor
	}
	return checkBy(t, app, col, id, actors, actions...)
}

// checkBy is check with one actor per row.
func checkBy(t *testing.T, app core.App, col, id string, actors []*core.Record, actions ...string) []*core.Record {
	t.Helper()
	rows := auditRows(t, app, col, id)
	if len(rows) != len(actions) {
		t.Fatalf("%s/%s: %d audit rows, want %v", col, id, len(rows), actions)
	}
	for i, r := range rows {
		actor := actors[i]
		if got := r.GetString(c.FieldAction); got != actions[i] {
			t.Errorf("%s/%s row %d: action %s, want %s", col, id, i, got, actions[i])
		}
		if r.GetString(c.FieldActor) != actor.Email() {
			t.Errorf("%s/%s: actor %q, want %q", col, id, r.GetString(c.FieldActor), actor.Email())
		}
		wantUser := ""
		if c.IsAdminUser(actor) {
			wantUser = actor.Id
		}
		if r.GetString(c.FieldUser) != wantUser {
			t.Errorf("%s/%s: user %q, want %q", col, id, r.GetString(c.FieldUser), wantUser)
		}
		if r.GetString(c.FieldIPAddress) == "" || r.GetString(c.FieldUserAgent) != userAgent {
			t.Errorf("%s/%s: client %q %q", col, id, r.GetString(c.FieldIPAddress), r.GetString(c.FieldUserAgent))
		}
		all := r.GetString(c.FieldOldValue) + r.GetString(c.FieldNewValue)
		for _, secret := range []string{sealedBot, secretValue, newPassword, testutil.Password} {
			if strings.Contains(all, secret) {
				t.Errorf("%s/%s row %d leaks a secret: %s", col, id, i, all)
			}
		}
	}
	return rows
}

func value(t *testing.T, r *core.Record, field, key string) any {
	t.Helper()
	var m map[string]any
	if err := r.UnmarshalJSONField(field, &m); err != nil {
		t.Fatal(err)
	}
	return m[key]
}

func TestEveryAPIChangeIsAudited(t *testing.T) {
	app, _ := livetest.NewApp(t, config.Config{})
	api := client{t: t, url: livetest.Serve(t, app).URL}
	owner := testutil.NewAdmin(t, app, c.RoleOwner)
	ownerTok := testutil.AuthToken(t, owner.Record)
	admin := testutil.NewAdmin(t, app, c.RoleAdmin)
	adminTok := testutil.AuthToken(t, admin.Record)
	rootTok := testutil.SuperuserToken(t, app)
	root, err := app.FindAuthRecordByToken(rootTok, core.TokenTypeAuth)
	if err != nil {
		t.Fatal(err)
	}

	// Bots: a superuser adds one (ciphertext in the hidden field), an admin deactivates and
	// deletes it (soft). (Its name is Telegram's, from getMe: an admin cannot rename it.)
	bot := api.call("POST", rootTok, c.BotInstances, "", body(map[string]any{
		c.FieldBotID: 123456789, c.FieldBotUsername: "guard_bot", c.FieldTokenEncrypted: sealedBot}), 200)
	botID := bot[c.FieldID].(string)
	api.call("PATCH", adminTok, c.BotInstances, botID, body(map[string]any{c.FieldIsActive: false}), 200)
	api.call("DELETE", adminTok, c.BotInstances, botID, "", 204)
	rows := checkBy(t, app, c.BotInstances, botID, []*core.Record{root, admin.Record, admin.Record},
		c.ActionCreate, c.ActionUpdate, c.ActionDelete)
	if value(t, rows[0], c.FieldNewValue, c.FieldTokenEncrypted) != c.MaskedValue {
		t.Errorf("bot create: token not masked")
	}
	adminRows := rows[1:]
	if value(t, adminRows[0], c.FieldOldValue, c.FieldIsActive) != true || value(t, adminRows[0], c.FieldNewValue, c.FieldIsActive) != false {
		t.Errorf("bot update values: %s → %s", adminRows[0].GetString(c.FieldOldValue), adminRows[0].GetString(c.FieldNewValue))
	}
	if value(t, adminRows[1], c.FieldNewValue, c.FieldIsDeleted) != true || adminRows[1].GetString(c.FieldUser) != admin.Id {
		t.Errorf("soft delete row: %v", adminRows[1].FieldsData())
	}

	// Groups, channels and links: create, update, delete by an admin.
	ownerRow, _ := c.NewRecord(app, c.Owners)
	ownerRow.Set(c.FieldUserID, 1001)
	if err := app.Save(ownerRow); err != nil {
		t.Fatal(err)
	}
	group := api.call("POST", adminTok, c.ProtectedGroups, "", body(map[string]any{
		c.FieldGroupID: -1001, c.FieldTitle: "G", c.FieldOwner: ownerRow.Id}), 200)[c.FieldID].(string)
	channel := api.call("POST", adminTok, c.EnforcedChannels, "", body(map[string]any{
		c.FieldChannelID: -1002, c.FieldTitle: "C"}), 200)[c.FieldID].(string)
	link := api.call("POST", adminTok, c.GroupChannelLinks, "", body(map[string]any{
		c.FieldGroup: group, c.FieldChannel: channel}), 200)[c.FieldID].(string)
	api.call("PATCH", adminTok, c.ProtectedGroups, group, body(map[string]any{c.FieldTitle: "G2"}), 200)
	api.call("PATCH", adminTok, c.EnforcedChannels, channel, body(map[string]any{c.FieldTitle: "C2"}), 200)
	api.call("DELETE", adminTok, c.GroupChannelLinks, link, "", 204)
	api.call("DELETE", adminTok, c.EnforcedChannels, channel, "", 204)
	api.call("DELETE", adminTok, c.ProtectedGroups, group, "", 204)
	for col, id := range map[string]string{c.ProtectedGroups: group, c.EnforcedChannels: channel} {
		rows := check(t, app, col, id, admin.Record, c.ActionCreate, c.ActionUpdate, c.ActionDelete)
		if rows[2].GetString(c.FieldNewValue) != "null" || value(t, rows[2], c.FieldOldValue, c.FieldID) != id {
			t.Errorf("%s delete values: %s → %s", col, rows[2].GetString(c.FieldOldValue), rows[2].GetString(c.FieldNewValue))
		}
	}
	check(t, app, c.GroupChannelLinks, link, admin.Record, c.ActionCreate, c.ActionDelete)

	// Config: a sensitive entry by the owner; its value is masked in old and new.
	conf := api.call("POST", ownerTok, c.AdminConfig, "", body(map[string]any{
		c.FieldKey: "api_secret", c.FieldValue: secretValue, c.FieldIsSensitive: true}), 200)[c.FieldID].(string)
	api.call("PATCH", ownerTok, c.AdminConfig, conf, body(map[string]any{c.FieldValue: secretValue + "2"}), 200)
	api.call("DELETE", ownerTok, c.AdminConfig, conf, "", 204)
	rows = check(t, app, c.AdminConfig, conf, owner.Record, c.ActionCreate, c.ActionUpdate, c.ActionDelete)
	if value(t, rows[1], c.FieldOldValue, c.FieldValue) != c.MaskedValue || value(t, rows[1], c.FieldNewValue, c.FieldValue) != c.MaskedValue {
		t.Errorf("sensitive config not masked")
	}

	// Commands: created by an admin.
	cmd := api.call("POST", adminTok, c.AdminCommands, "", body(map[string]any{
		c.FieldCommandType: "clear_cache", c.FieldPayload: map[string]any{}}), 200)[c.FieldID].(string)
	check(t, app, c.AdminCommands, cmd, admin.Record, c.ActionCreate)

	// Admin users: the owner creates one (password masked), changes it, deletes it (soft).
	user := api.call("POST", ownerTok, c.AdminUsers, "", body(map[string]any{
		c.FieldEmail: "new@example.com", c.FieldPassword: testutil.Password, c.FieldPasswordConfirm: testutil.Password,
		c.FieldRole: c.RoleViewer}), 200)[c.FieldID].(string)
	api.call("PATCH", ownerTok, c.AdminUsers, user, body(map[string]any{c.FieldRole: c.RoleAdmin,
		c.FieldPassword: newPassword, c.FieldPasswordConfirm: newPassword}), 200)
	api.call("DELETE", ownerTok, c.AdminUsers, user, "", 204)
	rows = check(t, app, c.AdminUsers, user, owner.Record, c.ActionCreate, c.ActionUpdate, c.ActionDelete)
	for _, key := range []string{c.FieldPassword, core.FieldNameTokenKey} {
		if value(t, rows[1], c.FieldNewValue, key) != c.MaskedValue {
			t.Errorf("admin user %s not masked: %s", key, rows[1].GetString(c.FieldNewValue))
		}
	}
	if value(t, rows[1], c.FieldNewValue, c.FieldRole) != c.RoleAdmin {
		t.Errorf("admin user update: %s", rows[1].GetString(c.FieldNewValue))
	}
}

// TestRefusedChangesAreNotAudited: a request the rules refuse writes no row.
func TestRefusedChangesAreNotAudited(t *testing.T) {
	app, _ := livetest.NewApp(t, config.Config{})
	api := client{t: t, url: livetest.Serve(t, app).URL}
	viewerTok := testutil.AdminToken(t, app, c.RoleViewer)
	api.call("POST", viewerTok, c.EnforcedChannels, "", body(map[string]any{c.FieldChannelID: -5, c.FieldTitle: "x"}), 400)
	n, err := app.CountRecords(c.AdminAuditLog)
	if err != nil || n != 0 {
		t.Errorf("audit rows = %d (%v), want 0", n, err)
	}
}
