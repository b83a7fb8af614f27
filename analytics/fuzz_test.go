package analytics_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/nezuko/nezuko/analytics"
	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/tests/testutil"
)

// FuzzRPCRoute sends arbitrary query strings and bodies to GET and POST
// /api/rpc/{name} for each of the 15 functions (and an unknown name) as a viewer: the
// answer is a 200 with JSON or a 4xx with a message, never a 5xx.
func FuzzRPCRoute(f *testing.F) {
	names := append(analytics.Functions(), "no_such_function")
	app := testutil.NewApp(f)
	insertVerifications(f, app, vrow{7, -1001, c.Verified, 40, true, time.Now().Add(-time.Hour)},
		vrow{8, -1001, c.Restricted, 90, false, time.Now().Add(-30 * time.Hour)})
	insertAPICalls(f, app, time.Now().Add(-2*time.Hour), "getChatMember", "restrictChatMember")
	insertGroup(f, app, -1001, "Fans <b>&amp;</b>", true)
	auth := testutil.AdminToken(f, app, c.RoleViewer)
	h := testutil.Router(f, app)

	for i := range names {
		n := uint8(i)
		f.Add(n, false, "", []byte(nil))
		f.Add(n, false, "p_period=7d&p_granularity=hour&p_limit=5", []byte(nil))
		f.Add(n, true, "", []byte(`{"p_period":"90d","p_granularity":"day","p_limit":100}`))
	}
	for _, s := range []struct {
		query string
		body  string
	}{
		{"p_period=1y", ""}, {"p_period=%ff%fe", ""}, {"p_period=24h&p_period=7d", ""},
		{"p_limit=1e3", ""}, {"p_limit=9223372036854775808", ""}, {"p_limit=-0", ""}, {"p_limit=%00", ""},
		{"p_granularity=week;p_limit=3", ""}, {"%zz=1&&=&p_limit", ""},
		{"", `{"p_limit":1.5}`}, {"", `{"p_limit":1e400}`}, {"", `{"p_limit":-9007199254740993}`},
		{"", `{"p_limit":"12"}`}, {"", `{"p_limit":[1]}`}, {"", `{"p_limit":{"a":1}}`}, {"", `{"p_limit":true}`},
		{"", `{"p_period":null,"p_granularity":null,"p_limit":null}`}, {"", `{"p_period":["7d"]}`},
		{"", `{"p_period":" 30d "}`}, {"", `{"p_period":"\u0000"}`}, {"", `{"p_period":"7d\ud800"}`},
		{"", `[1,2,3]`}, {"", `"text"`}, {"", `null`}, {"", `{`}, {"", `{"a":1}{"b":2}`}, {"", "\xff\xfe"},
		{"p_limit=5", `{"p_limit":500}`}, {"", `{"P_LIMIT":0,"p_limit":2}`},
	} {
		for _, n := range []uint8{5, 9, uint8(len(names) - 1)} {
			f.Add(n, s.body != "", s.query, []byte(s.body))
		}
	}

	f.Fuzz(func(t *testing.T, pick uint8, post bool, query string, body []byte) {
		name := names[int(pick)%len(names)]
		method := http.MethodGet
		if post {
			method = http.MethodPost
		}
		req := httptest.NewRequest(method, "/api/rpc/"+name, bytes.NewReader(body))
		req.URL.RawQuery = query
		if post {
			req.Header.Set("Content-Type", "application/json")
		} else {
			req.Body, req.ContentLength = http.NoBody, 0
		}
		req.Header.Set("Authorization", auth)
		res := httptest.NewRecorder()
		h.ServeHTTP(res, req)
		testutil.CheckAnswer(t, res)
		if name == "no_such_function" && res.Code != http.StatusNotFound {
			t.Fatalf("unknown function: status %d, want 404", res.Code)
		}
	})
}
