package hooks_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/nezuko/nezuko/botmanager"
	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/tests/testutil"
	"github.com/nezuko/nezuko/tgauth"
)

// badTarget is one route that reads a body, who calls it, and the body field a bad
// value goes into.
type badTarget struct {
	name, method, path, role string
	field                    string            // a text the route reads; a 10 MiB value of it must be refused
	header                   map[string]string // extra headers (the webhook secret)
}

// badTargets are every custom route and the collection create/update routes that take
// names and texts.
func badTargets() []badTarget {
	secret := map[string]string{botmanager.SecretHeader: routeWebhookSecret}
	rec := "/api/collections/%s/records"
	return []badTarget{
		{"rpc GET", http.MethodGet, "/api/rpc/get_latency_trend", viewer, "p_period", nil},
		{"rpc POST", http.MethodPost, "/api/rpc/get_latency_trend", viewer, "p_period", nil},
		{"manage-bot", http.MethodPost, "/api/functions/manage-bot", admin, "token", nil},
		{"test-webhook", http.MethodPost, "/api/functions/test-webhook", admin, "url", nil},
		{"telegram webhook", http.MethodPost, "/api/telegram/webhook/123456789", anonymous, "message", secret},
		{"telegram auth", http.MethodPost, tgauth.LoginPath, anonymous, "hash", nil},
		{"create group", http.MethodPost, fmt.Sprintf(rec, c.ProtectedGroups), admin, c.FieldTitle, nil},
		{"update group", http.MethodPatch, fmt.Sprintf(rec, c.ProtectedGroups) + "/" + idGroup, admin, c.FieldTitle, nil},
		{"update channel", http.MethodPatch, fmt.Sprintf(rec, c.EnforcedChannels) + "/" + idChannel, admin, c.FieldTitle, nil},
		{"update config", http.MethodPatch, fmt.Sprintf(rec, c.AdminConfig) + "/" + idConfig, owner, c.FieldDescription, nil},
		{"update admin user", http.MethodPatch, fmt.Sprintf(rec, c.AdminUsers) + "/" + idTarget, owner, c.FieldFullName, nil},
		{"create command", http.MethodPost, fmt.Sprintf(rec, c.AdminCommands), admin, c.FieldCommandType, nil},
	}
}

// badBody is a malformed request body and its Content-Type.
type badBody struct {
	name, contentType string
	body              []byte
}

var badBodies = []badBody{
	{"no body", "application/json", nil},
	{"no content type", "", []byte(`{"a":1}`)},
	{"text/plain", "text/plain", []byte(`{"a":1}`)},
	{"form", "application/x-www-form-urlencoded", []byte("a=1&b=%zz&&=")},
	{"multipart garbage", "multipart/form-data; boundary=xyz", []byte("--xyz\r\nContent-Disposition: form-data\r\n\r\nbroken")},
	{"multipart without boundary", "multipart/form-data", []byte("--\r\n")},
	{"xml", "application/xml", []byte("<a><b>")},
	{"invalid JSON", "application/json", []byte(`{"title":`)},
	{"trailing garbage", "application/json", []byte(`{"a":1}}`)},
	{"JSON array", "application/json", []byte(`[1,2,3]`)},
	{"JSON string", "application/json", []byte(`"text"`)},
	{"invalid UTF-8", "application/json", []byte("{\"title\":\"\xff\xfe\",\"url\":\"\xc3\",\"token\":\"\xed\xa0\x80\"}")},
	{"NUL bytes", "application/json", []byte("{\"title\":\"a\\u0000b\",\"p_period\":\"\\u0000\"}")},
	{"deep nesting", "application/json", []byte(strings.Repeat(`{"a":`, 10000) + `1` + strings.Repeat(`}`, 10000))},
}

// badSend runs one request through h.
func badSend(h http.Handler, t badTarget, auth, contentType string, body []byte) *httptest.ResponseRecorder {
	req := httptest.NewRequest(t.method, t.path, bytes.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	for k, v := range t.header {
		req.Header.Set(k, v)
	}
	res := httptest.NewRecorder()
	h.ServeHTTP(res, req)
	return res
}

// checkNot5xx fails t for a 5xx, and for a 4xx not in PocketBase's error shape
// {status, message, data} with a message.
func checkNot5xx(t *testing.T, res *httptest.ResponseRecorder) {
	t.Helper()
	if res.Code >= 500 {
		t.Fatalf("status %d: %.300s", res.Code, res.Body.String())
	}
	if res.Code < 400 {
		return
	}
	var e struct {
		Status  int            `json:"status"`
		Message string         `json:"message"`
		Data    map[string]any `json:"data"`
	}
	if err := json.Unmarshal(res.Body.Bytes(), &e); err != nil || e.Status != res.Code || strings.TrimSpace(e.Message) == "" || e.Data == nil {
		t.Fatalf("status %d without PocketBase's error shape and a message: %.300s", res.Code, res.Body.String())
	}
}

// TestBadInputNever5xx sends every malformed body (wrong or missing Content-Type,
// invalid JSON or UTF-8, NUL bytes, deep nesting) and a 10 MiB one to every custom
// route and the record routes, with the webhook bot running: the answer is never a 5xx,
// and every 4xx is PocketBase's error JSON with a message. The 10 MiB body, whose
// route text is 10 MiB long, is always refused with a 4xx (413 where the route's body
// limit is lower).
func TestBadInputNever5xx(t *testing.T) {
	_, tokens := fixtureOptions(t, "")
	env := &routeEnv{}
	app := routeApp(t, routeFixtures(t), env)
	t.Cleanup(app.Cleanup)
	startBots(t, env)
	h := testutil.Router(t, app)

	huge := strings.Repeat("é", 5<<20) // 10 MiB of text
	for _, target := range badTargets() {
		t.Run(target.name, func(t *testing.T) {
			for _, b := range badBodies {
				t.Run(b.name, func(t *testing.T) {
					checkNot5xx(t, badSend(h, target, tokens[target.role], b.contentType, b.body))
				})
			}
			t.Run("10 MiB", func(t *testing.T) {
				body, err := json.Marshal(map[string]any{target.field: huge, "update_id": 1})
				if err != nil {
					t.Fatal(err)
				}
				path := target.path
				if target.method == http.MethodGet { // a GET carries it in the query string
					path += "?" + target.field + "=" + huge
					body = nil
				}
				res := badSend(h, badTarget{method: target.method, path: path, header: target.header}, tokens[target.role], "application/json", body)
				checkNot5xx(t, res)
				if res.Code < 400 {
					t.Fatalf("a 10 MiB %s was accepted: %d", target.field, res.Code)
				}
			})
		})
	}

	// Over PocketBase's own limit (32 MiB), a body is refused before any handler runs.
	rpc := badTargets()[1]
	res := badSend(h, rpc, tokens[viewer], "application/json", bytes.Repeat([]byte(" "), 33<<20))
	checkNot5xx(t, res)
	if res.Code != http.StatusRequestEntityTooLarge {
		t.Fatalf("33 MiB body: %d, want 413", res.Code)
	}
}

// oddTexts are names and texts people type: markup, entities, right-to-left and
// direction marks, emoji sequences, zero-width characters, quotes.
var oddTexts = []string{
	"<b>bold</b> & <i>x</i>",
	`</a><a href="tg://x">Eve</a> &amp; &lt;`,
	"مرحبا بالعالم \u202eevil\u202c \u200f",
	"emoji 🏳️‍🌈👍🏽 \U0001F600",
	"zero\u200bwidth\u200c\u200d\u2060\ufeff",
	`"quotes" 'single' \ back`,
}

// badJSON sends a JSON body (any value, marshaled) and decodes a JSON object answer.
func badJSON(t *testing.T, h http.Handler, method, path, auth string, body any) (int, map[string]any) {
	t.Helper()
	raw, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	res := badSend(h, badTarget{method: method, path: path}, auth, "application/json", raw)
	checkNot5xx(t, res)
	out := map[string]any{}
	if err := json.Unmarshal(res.Body.Bytes(), &out); err != nil {
		t.Fatalf("%s %s: %d %q is not a JSON object", method, path, res.Code, res.Body.String())
	}
	return res.Code, out
}

// TestNamesAndTextsStoredAsSent saves group and channel titles, a warning_text, an
// admin's name, a config value and a send_message text full of markup and unusual
// Unicode through the REST API: each is stored and returned byte for byte (no
// escaping, trimming or normalising: escaping is the bot's job when it writes HTML).
func TestNamesAndTextsStoredAsSent(t *testing.T) {
	opts, tokens := fixtureOptions(t, "")
	app := testutil.NewApp(t, opts)
	h := testutil.Router(t, app)
	rec := func(collection, id string) string {
		if id == "" {
			return "/api/collections/" + collection + "/records"
		}
		return "/api/collections/" + collection + "/records/" + id
	}
	for i, s := range oddTexts {
		t.Run(fmt.Sprintf("text %d", i), func(t *testing.T) {
			checks := []struct {
				method, path, role string
				body               map[string]any
				get                func(map[string]any) any
			}{
				{http.MethodPost, rec(c.ProtectedGroups, ""), admin,
					map[string]any{c.FieldGroupID: -100900 - i, c.FieldTitle: s, c.FieldParams: map[string]any{c.ParamWarningText: s}},
					func(m map[string]any) any { return m[c.FieldTitle] }},
				{http.MethodPatch, rec(c.ProtectedGroups, idGroup), admin,
					map[string]any{c.FieldParams: map[string]any{c.ParamWarningText: s}},
					func(m map[string]any) any { p, _ := m[c.FieldParams].(map[string]any); return p[c.ParamWarningText] }},
				{http.MethodPatch, rec(c.EnforcedChannels, idChannel), admin, map[string]any{c.FieldTitle: s},
					func(m map[string]any) any { return m[c.FieldTitle] }},
				{http.MethodPatch, rec(c.AdminUsers, idTarget), owner, map[string]any{c.FieldFullName: s},
					func(m map[string]any) any { return m[c.FieldFullName] }},
				{http.MethodPatch, rec(c.AdminConfig, idConfig), owner, map[string]any{c.FieldValue: s},
					func(m map[string]any) any { return m[c.FieldValue] }},
				{http.MethodPost, rec(c.AdminCommands, ""), admin,
					map[string]any{c.FieldCommandType: "send_message", c.FieldPayload: map[string]any{"group_id": -1001, "text": s}},
					func(m map[string]any) any { p, _ := m[c.FieldPayload].(map[string]any); return p["text"] }},
			}
			for _, ck := range checks {
				code, out := badJSON(t, h, ck.method, ck.path, tokens[ck.role], ck.body)
				if code != http.StatusOK || ck.get(out) != s {
					t.Fatalf("%s %s = %d, stored %q, want %q", ck.method, ck.path, code, ck.get(out), s)
				}
				id, _ := out["id"].(string)
				collection, _ := out["collectionName"].(string)
				code, view := badJSON(t, h, http.MethodGet, rec(collection, id), tokens[ck.role], nil)
				if code != http.StatusOK || ck.get(view) != s {
					t.Fatalf("GET %s/%s = %d, %q, want %q", collection, id, code, ck.get(view), s)
				}
			}
		})
	}
}

// Invalid names and settings through the REST API are refused with a 4xx naming the
// field, never stored: a wrong type, a title over its limit, and a warning_text over the
// 1000 characters a warning may have (/settings and the dashboard say the same).
func TestInvalidNamesAndSettingsRefused(t *testing.T) {
	opts, tokens := fixtureOptions(t, "")
	app := testutil.NewApp(t, opts)
	h := testutil.Router(t, app)
	groups := "/api/collections/" + c.ProtectedGroups + "/records"
	for _, tc := range []struct {
		name, method, path string
		body               map[string]any
		field              string
	}{
		{"group_id not a number", http.MethodPost, groups, map[string]any{c.FieldGroupID: "abc", c.FieldTitle: "x"}, c.FieldGroupID},
		{"title too long", http.MethodPost, groups, map[string]any{c.FieldGroupID: -100800, c.FieldTitle: strings.Repeat("<b>", 1000)}, c.FieldTitle},
		{"warning_text too long on create", http.MethodPost, groups,
			map[string]any{c.FieldGroupID: -100801, c.FieldParams: map[string]any{c.ParamWarningText: strings.Repeat("é", 1001)}}, c.FieldParams},
		{"warning_text too long on update", http.MethodPatch, groups + "/" + idGroup,
			map[string]any{c.FieldParams: map[string]any{c.ParamWarningText: strings.Repeat("{user} ", 600)}}, c.FieldParams},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out := badJSON(t, h, tc.method, tc.path, tokens[admin], tc.body)
			data, _ := out["data"].(map[string]any)
			if code != http.StatusBadRequest || data[tc.field] == nil {
				t.Fatalf("%d %.300v, want 400 naming %s", code, data, tc.field)
			}
		})
	}
	// Every params key is checked by the one validator (collections.ValidateParams): the
	// 400 names params, the key and the allowed values, and nothing is stored
	// (issue 18: {"action":"explode"} was saved and the bot silently muted).
	for body, want := range map[string]string{
		`{"action":"explode"}`:          "params.action must be one of mute, kick, delete.",
		`{"mode":"loud"}`:               "params.mode must be one of enforce, observe.",
		`{"on_error":"ignore"}`:         "params.on_error must be one of restrict, allow.",
		`{"language":"fr"}`:             "params.language must be one of en, de, es.",
		`{"warning_ttl_seconds":-5}`:    "params.warning_ttl_seconds must be a whole number from 0 to 86400",
		`{"exempt_user_ids":["me"]}`:    "params.exempt_user_ids must hold Telegram user ids",
		`{"join_requests":"sometimes"}`: "params.join_requests must be true or false.",
		`{"volume":11}`:                 "params.volume is not a setting",
	} {
		var params map[string]any
		json.Unmarshal([]byte(body), &params)
		code, out := badJSON(t, h, http.MethodPatch, groups+"/"+idGroup, tokens[admin], map[string]any{c.FieldParams: params})
		data, _ := out["data"].(map[string]any)
		msg, _ := out["message"].(string)
		if code != http.StatusBadRequest || data[c.FieldParams] == nil || !strings.HasPrefix(strings.ToLower(msg), strings.ToLower(want)) { // PocketBase capitalizes messages
			t.Errorf("PATCH params %s: %d %q %.300v, want 400 %q", body, code, msg, data, want)
		}
	}
	if g, _ := app.FindRecordById(c.ProtectedGroups, idGroup); strings.Contains(g.GetString(c.FieldParams), "explode") {
		t.Fatalf("refused params stored: %s", g.GetString(c.FieldParams))
	}
	// A PATCH without params leaves stored params alone, whatever they hold.
	if code, out := badJSON(t, h, http.MethodPatch, groups+"/"+idGroup, tokens[admin], map[string]any{c.FieldTitle: "Renamed"}); code != http.StatusOK {
		t.Fatalf("PATCH title: %d %.300v", code, out)
	}
	// The longest allowed warning_text is stored.
	code, out := badJSON(t, h, http.MethodPatch, groups+"/"+idGroup, tokens[admin],
		map[string]any{c.FieldParams: map[string]any{c.ParamWarningText: strings.Repeat("é", 1000)}})
	if code != http.StatusOK {
		t.Fatalf("1000 characters: %d %.300v", code, out["data"])
	}
}
