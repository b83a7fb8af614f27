package analytics_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/tests"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/tests/testutil"
)

// TestRPCRoute covers the HTTP surface: who may call, unknown names, and parameter
// validation for GET (query string) and POST (JSON body).
func TestRPCRoute(t *testing.T) {
	// factory builds a fresh app with one row and every kind of caller, and puts the
	// Authorization header of caller who into headers (read when the request is built).
	factory := func(who string, headers map[string]string) func(testing.TB) *tests.TestApp {
		return func(tb testing.TB) *tests.TestApp {
			app := testutil.NewScenarioApp(tb)
			switch who {
			case "viewer":
				headers["Authorization"] = testutil.AdminToken(tb, app, c.RoleViewer)
			case "super":
				headers["Authorization"] = testutil.SuperuserToken(tb, app)
			case "inactive", "deleted":
				u := testutil.NewAdmin(tb, app, c.RoleOwner)
				if who == "inactive" {
					u.SetIsActive(false)
				} else {
					u.SoftDelete(time.Now())
				}
				if err := app.Save(u); err != nil {
					tb.Fatal(err)
				}
				headers["Authorization"] = testutil.AuthToken(tb, u.Record)
			}
			insertVerifications(tb, app, vrow{7, -1001, c.Verified, 40, true, time.Now().Add(-time.Hour)})
			return app
		}
	}
	const stats = "/api/rpc/get_dashboard_stats"
	const top = "/api/rpc/get_top_groups"
	const funnel = "/api/rpc/get_conversion_funnel"
	type sc struct {
		name, method, url, who, body string
		status                       int
		want                         []string
	}
	for _, s := range []sc{
		{"anonymous", "GET", stats, "", "", 401, []string{`"data":{}`}},
		{"anonymous unknown name", "GET", "/api/rpc/nope", "", "", 401, nil},
		{"anonymous POST", "POST", stats, "", "{}", 401, nil},
		{"inactive admin", "GET", stats, "inactive", "", 403, nil},
		{"deleted admin", "GET", stats, "deleted", "", 403, nil},
		{"inactive admin POST", "POST", stats, "inactive", "{}", 403, nil},
		{"viewer", "GET", stats, "viewer", "", 200, []string{`"verifications_week":1`, `"cache_hit_rate":100.00`}},
		{"superuser", "GET", stats, "super", "", 200, []string{`"verifications_week":1`}},
		{"viewer POST", "POST", top, "viewer", `{"p_limit":5}`, 200, []string{`"group_id":-1001`, `"title":"Unknown Group"`}},
		{"POST without body", "POST", stats, "viewer", "", 200, []string{`"verifications_week":1`}},
		{"unknown name", "GET", "/api/rpc/get_everything", "viewer", "", 404, nil},
		{"unknown name POST", "POST", "/api/rpc/get_everything", "super", "{}", 404, nil},
		{"bad period GET", "GET", "/api/rpc/get_chart_data?p_period=1y", "viewer", "", 400,
			[]string{`"status":400`, `"p_period":{"code":"invalid_period"`, `p_period: Must be one of 24h, 7d, 30d, 90d`}},
		{"bad period POST", "POST", "/api/rpc/get_latency_trend", "viewer", `{"p_period":"1y"}`, 400,
			[]string{`"p_period":{"code":"invalid_period"`}},
		{"period not text POST", "POST", "/api/rpc/get_latency_trend", "viewer", `{"p_period":7}`, 400,
			[]string{`"p_period":{"code":"invalid_period"`}},
		{"wrong case period", "GET", "/api/rpc/get_user_growth?p_period=7D", "viewer", "", 400, []string{`"p_period"`}},
		{"bad granularity", "GET", "/api/rpc/get_verification_trends?p_granularity=month", "viewer", "", 400,
			[]string{`"p_granularity":{"code":"invalid_granularity"`}},
		{"negative limit GET", "GET", top + "?p_limit=-5", "viewer", "", 400,
			[]string{`"p_limit":{"code":"out_of_range","message":"Must be between 1 and 100."}`}},
		{"zero limit GET", "GET", top + "?p_limit=0", "viewer", "", 400, []string{`"out_of_range"`}},
		{"limit 101 GET", "GET", top + "?p_limit=101", "viewer", "", 400, []string{`"out_of_range"`}},
		{"limit 100 GET", "GET", top + "?p_limit=100", "viewer", "", 200, []string{`"verifications":1`}},
		{"non-numeric limit GET", "GET", top + "?p_limit=ten", "viewer", "", 400,
			[]string{`"p_limit":{"code":"invalid_number"`}},
		{"negative limit POST", "POST", top, "viewer", `{"p_limit":-5}`, 400, []string{`"out_of_range"`}},
		{"limit 101 POST", "POST", top, "super", `{"p_limit":101}`, 400, []string{`"out_of_range"`}},
		{"fractional limit POST", "POST", top, "viewer", `{"p_limit":2.5}`, 400, []string{`"invalid_number"`}},
		{"non-numeric limit POST", "POST", top, "viewer", `{"p_limit":"abc"}`, 400, []string{`"invalid_number"`}},
		{"numeric string limit POST", "POST", top, "viewer", `{"p_limit":"3"}`, 200, []string{`"group_id":-1001`}},
		{"two bad params", "GET", "/api/rpc/get_user_growth?p_period=2d&p_granularity=year", "viewer", "", 400,
			[]string{`"p_period":{`, `"p_granularity":{`}},
		{"body wins over query", "POST", "/api/rpc/get_chart_data?p_period=1y", "viewer", `{"p_period":"24h"}`, 200,
			[]string{`"total":1`}},
		{"malformed body", "POST", stats, "viewer", `{"p_period":`, 400, nil},
		{"period ignored where not taken", "GET", stats + "?p_period=1y", "viewer", "", 200, nil},
		{"funnel anonymous", "GET", funnel, "", "", 401, nil},
		{"funnel inactive admin", "GET", funnel, "inactive", "", 403, nil},
		{"funnel viewer", "GET", funnel + "?p_period=30d&p_group_id=-1001", "viewer", "", 200,
			[]string{`"period":"30d"`, `"group_id":-1001`, `"stages":{"checked":0`}},
		{"funnel superuser POST", "POST", funnel, "super", `{"p_period":"24h","p_group_id":-1001}`, 200,
			[]string{`"period":"24h"`, `"group_id":-1001`}},
		{"funnel bad group GET", "GET", funnel + "?p_group_id=abc", "viewer", "", 400,
			[]string{`"status":400`, `"p_group_id":{"code":"invalid_number"`, `p_group_id: Must be an integer`}},
		{"funnel group 0", "GET", funnel + "?p_group_id=0", "viewer", "", 400, []string{`"p_group_id":{"code":"out_of_range"`}},
		{"funnel fractional group POST", "POST", funnel, "viewer", `{"p_group_id":-1.5}`, 400, []string{`"invalid_number"`}},
		{"funnel bad period", "GET", funnel + "?p_period=1y", "viewer", "", 400, []string{`"p_period":{"code":"invalid_period"`}},
	} {
		headers := map[string]string{}
		if s.body != "" {
			headers["Content-Type"] = "application/json"
		}
		scenario := tests.ApiScenario{
			Name: s.name, Method: s.method, URL: s.url, Headers: headers, ExpectedStatus: s.status,
			ExpectedContent: s.want, TestAppFactory: factory(s.who, headers),
		}
		if s.body != "" {
			scenario.Body = strings.NewReader(s.body)
		}
		if len(s.want) == 0 {
			scenario.ExpectedContent = []string{`"status":`}
			if s.status == http.StatusOK {
				scenario.ExpectedContent = []string{`{`}
			}
		}
		scenario.Test(t)
	}
}
