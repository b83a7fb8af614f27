package tgauth_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nezuko/nezuko/tests/testutil"
	"github.com/nezuko/nezuko/tgauth"
)

// FuzzTelegramLogin posts arbitrary bodies to /api/auth/telegram (one login bot, one
// linked active admin): the answer is 200 {token, record} of that admin, 400 for a body
// that is not a flat JSON object, or 401 with the one generic message; never a 5xx.
func FuzzTelegramLogin(f *testing.F) {
	tg := testutil.NewGetMeServer(f, bots)
	app := testutil.NewApp(f, testutil.Options{APIURL: tg.URL})
	testutil.RateLimitsOff(f, app)
	addBot(f, app, tokenA)
	addAdmin(f, app, tgUser, true)
	h := testutil.Router(f, app)

	now := time.Now()
	good := payload(tokenA, tgUser, now.Add(-time.Minute))
	ts := strconv.FormatInt(now.Unix(), 10)
	for _, s := range []string{
		good,
		payload(tokenB, tgUser, now.Add(-time.Minute)),
		payload(tokenA, tgUser, now.Add(-25*time.Hour)),
		payload(tokenA, tgUser, now.Add(48*time.Hour)),
		payload(tokenA, tgUser+1, now),
		strings.Replace(good, `"first_name":"Ada"`, `"first_name":"<b>Ada</b> \u202e"`, 1),
		strings.Replace(good, `"hash":"`, `"hash":"00`, 1),
		strings.Replace(good, `"hash":"`, `"hash":"`+strings.Repeat("ff", 2000), 1),
		strings.Replace(good, `{`, `{"hash":"x",`, 1),
		strings.Replace(good, `"auth_date":`+ts, `"auth_date":"`+ts+`"`, 1),
		`{"id":777000111,"auth_date":` + ts + `,"hash":""}`,
		`{"id":"777000111","auth_date":"1e10","hash":"abc"}`,
		`{"id":-1,"auth_date":-9223372036854775808,"hash":"abc"}`,
		`{"id":1e400,"auth_date":18446744073709551616,"hash":"abc"}`,
		`{"id":7.5,"auth_date":0.5,"hash":"abc"}`,
		`{"id":true,"auth_date":null,"hash":false}`,
		`{"id":{"a":1},"hash":"x"}`, `{"id":[1],"hash":"x"}`,
		`{"id":1,"first_name":"\ud800","hash":"x","auth_date":` + ts + `}`,
		`{"a\u0000b":"c","hash":"x"}`, `{"":"","hash":""}`,
		`{}`, `[]`, `null`, `"x"`, `1`, `{`, ``, `id=1&hash=2`, "\xff\xfe", `{"id":1}{"id":2}`,
		`{"username":"` + strings.Repeat("a", 17<<10) + `"}`,
	} {
		f.Add([]byte(s))
	}

	f.Fuzz(func(t *testing.T, body []byte) {
		req := httptest.NewRequest(http.MethodPost, tgauth.LoginPath, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		res := httptest.NewRecorder()
		h.ServeHTTP(res, req)
		out := res.Body.Bytes()
		switch res.Code {
		case http.StatusOK:
			var ok struct {
				Token  string         `json:"token"`
				Record map[string]any `json:"record"`
			}
			if err := json.Unmarshal(out, &ok); err != nil || ok.Token == "" || ok.Record["telegram_id"] != float64(tgUser) {
				t.Fatalf("200 body %q is not {token, record} of the linked admin", out)
			}
		case http.StatusBadRequest, http.StatusUnauthorized:
			var e struct {
				Status  int            `json:"status"`
				Message string         `json:"message"`
				Data    map[string]any `json:"data"`
			}
			if err := json.Unmarshal(out, &e); err != nil || e.Status != res.Code || e.Message == "" || e.Data == nil {
				t.Fatalf("status %d, error body %q is not {status, message, data}", res.Code, out)
			}
			if res.Code == http.StatusUnauthorized && !strings.HasPrefix(e.Message, "Telegram login failed") {
				t.Fatalf("401 message %q is not the generic one", e.Message)
			}
		default:
			t.Fatalf("status %d: %s", res.Code, out)
		}
	})
}
