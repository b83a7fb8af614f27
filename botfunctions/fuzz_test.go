package botfunctions_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/json/jsontext"
	jsonv2 "encoding/json/v2"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	neturl "net/url"
	"strings"
	"sync/atomic"
	"testing"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/tests/telegramtest"
	"github.com/nezuko/nezuko/tests/testutil"
)

// postJSON sends body as JSON to path with the Authorization header auth.
func postJSON(h http.Handler, path, auth string, body []byte) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", auth)
	res := httptest.NewRecorder()
	h.ServeHTTP(res, req)
	return res
}

// FuzzManageBot posts arbitrary bodies to /api/functions/manage-bot as an admin, against
// a fake Telegram that knows one bot: the answer is JSON or a 4xx with a message, never
// a 5xx, and never contains the bot's token.
func FuzzManageBot(f *testing.F) {
	tg := telegramtest.NewServer(f)
	known := tg.AddBot("guard_bot")
	app := testutil.NewApp(f, testutil.Options{APIURL: tg.URL})
	testutil.RateLimitsOff(f, app)
	auth := testutil.AdminToken(f, app, c.RoleAdmin)
	h := testutil.Router(f, app)
	secretPart := known.Token[strings.IndexByte(known.Token, ':')+1:]

	for _, s := range []string{
		`{"action":"verify","token":"` + known.Token + `"}`,
		`{"action":"add","token":"` + known.Token + `"}`,
		`{"action":"add","token":" ` + known.Token + "\\n" + `"}`,
		`{"ACTION":"verify","Token":"` + known.Token + `"}`,
		`{"action":"verify","token":"` + known.Token + `","action":"add"}`,
		`{"action":"verify","token":"999:AAthisTokenDoesNotExistAnywhere00"}`,
		`{"action":"verify","token":"123456:` + strings.Repeat("A", 35) + `"}`,
		`{"action":"verify","token":"12:short"}`, `{"action":"verify","token":"abc:def"}`,
		`{"action":"verify","token":"1:../../getMe?x="}`, `{"action":"verify","token":"1:AA%2F..%2Fx%00"}`,
		`{"action":"verify","token":"١٢٣:ＡＢＣ"}`, `{"action":"verify","token":"123:\u202eAAAA"}`,
		`{"action":"delete","token":"` + known.Token + `"}`, `{"action":"","token":""}`, `{"action":"verify"}`,
		`{"action":["verify"],"token":1}`, `{"action":"verify","token":null}`, `{"action":{"x":1}}`,
		`{"action":"verify","token":"` + strings.Repeat("9", 4000) + `:` + strings.Repeat("A", 4000) + `"}`,
		`[]`, `null`, `"verify"`, `{`, `{"action":"verify"}garbage`, "\xff\xfe{}", ``, `{"action":"v\u0000erify"}`,
	} {
		f.Add([]byte(s))
	}

	f.Fuzz(func(t *testing.T, body []byte) {
		res := postJSON(h, "/api/functions/manage-bot", auth, body)
		testutil.CheckAnswer(t, res)
		if out := res.Body.String(); strings.Contains(out, secretPart) {
			t.Fatalf("the answer contains the bot token: %s", out)
		}
	})
}

// FuzzTestWebhook posts arbitrary bodies to /api/functions/test-webhook as an admin:
// odd schemes, IPv6, unicode hosts and huge strings give a 4xx with a message or a 200
// {success, status, latency_ms}, never a 5xx. Nothing leaves the machine: DNS is
// disabled for the run (names fail to resolve) and an input naming a public IP
// literal, which the route would really call, is skipped.
func FuzzTestWebhook(f *testing.F) {
	var lookups atomic.Int64
	noDNS(f, &lookups)
	app := testutil.NewApp(f)
	testutil.RateLimitsOff(f, app)
	auth := testutil.AdminToken(f, app, c.RoleAdmin)
	h := testutil.Router(f, app)

	for _, s := range []string{
		`{"url":"https://example.com/hook"}`, `{"url":"http://127.0.0.1:8090/api/telegram/webhook/1"}`,
		`{"url":"http://localhost/"}`, `{"url":"http://a.localhost./"}`, `{"url":"http://[::1]:80/"}`,
		`{"url":"http://[::ffff:127.0.0.1]/"}`, `{"url":"http://[fe80::1%25eth0]/"}`, `{"url":"http://169.254.169.254/latest"}`,
		`{"url":"http://[fd00:ec2::254]/"}`, `{"url":"http://0x7f000001/"}`, `{"url":"http://2130706433/"}`,
		`{"url":"http://0177.0.0.1/"}`, `{"url":"http://127.1/"}`, `{"url":"http://10.0.0.1\u0000.example.com/"}`,
		`{"url":"https://bücher.example/ü?q=☃"}`, `{"url":"https://xn--bcher-kva.example/"}`, `{"url":"http://exa mple.com/"}`,
		`{"url":"ftp://example.com/"}`, `{"url":"file:///etc/passwd"}`, `{"url":"javascript:alert(1)"}`,
		`{"url":"gopher://127.0.0.1:25/"}`, `{"url":"//example.com/"}`, `{"url":"http:///nohost"}`, `{"url":"http://:80/"}`,
		`{"url":"http://user:pass@10.0.0.1/"}`, `{"url":"HTTP://LOCALHOST/"}`, `{"url":"  https://example.com  "}`,
		`{"url":"http://[::1"}`, `{"url":"http://%zz/"}`, `{"url":"https://` + strings.Repeat("a", 60000) + `.com/"}`,
		`{"url":"https://` + strings.Repeat("a.", 200) + `com/"}`, `{"URL":"http://10.1.2.3/"}`,
		`{"url":1}`, `{"url":null}`, `{"url":["http://example.com"]}`, `{}`, `[]`, `null`, `{`, ``, "\xff",
		`{"url":"http://example.com","url":"http://127.0.0.1"}`,
	} {
		f.Add([]byte(s))
	}

	f.Fuzz(func(t *testing.T, body []byte) {
		if callsPublicAddress(body) {
			t.Skip("the route would call a public IP address")
		}
		res := postJSON(h, "/api/functions/test-webhook", auth, body)
		testutil.CheckAnswer(t, res)
		if res.Code == http.StatusOK {
			var out struct {
				Success *bool  `json:"success"`
				Status  *int   `json:"status"`
				Latency *int64 `json:"latency_ms"`
			}
			if err := json.Unmarshal(res.Body.Bytes(), &out); err != nil || out.Success == nil || out.Status == nil || out.Latency == nil {
				t.Fatalf("200 body %q is not {success, status, latency_ms}", res.Body.String())
			}
			if *out.Success {
				t.Fatalf("a call succeeded, so something was reached: %s", res.Body.String())
			}
		}
	})
}

// noDNS makes every DNS query of the test binary fail at once (counted in lookups) until
// the test ends: names from /etc/hosts still resolve, to loopback here, which
// test-webhook refuses.
func noDNS(tb testing.TB, lookups *atomic.Int64) {
	tb.Helper()
	r := net.DefaultResolver
	preferGo, dial := r.PreferGo, r.Dial
	r.PreferGo = true
	r.Dial = func(context.Context, string, string) (net.Conn, error) {
		lookups.Add(1)
		return nil, errors.New("no DNS in this test")
	}
	tb.Cleanup(func() { r.PreferGo, r.Dial = preferGo, dial })
}

// callsPublicAddress reports whether the route would connect to body's url: it decodes
// the body as PocketBase's BindBody does and finds an http(s) URL whose host is an IP
// literal outside loopback, private, link-local and unspecified ranges (all of which
// the route refuses before connecting).
func callsPublicAddress(body []byte) bool {
	var req struct {
		URL string `json:"url"`
	}
	if len(body) == 0 {
		return false
	}
	err := jsonv2.UnmarshalDecode(jsontext.NewDecoder(bytes.NewReader(body)), &req, jsonv2.MatchCaseInsensitiveNames(true))
	if err != nil {
		return false
	}
	u, err := neturl.Parse(strings.TrimSpace(req.URL))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" {
		return false
	}
	ip, err := netip.ParseAddr(strings.Trim(u.Hostname(), "[]"))
	if err != nil {
		return false // a name: DNS is off
	}
	ip = ip.Unmap()
	return !(ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsUnspecified())
}
