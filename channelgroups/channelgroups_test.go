package channelgroups_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/nezuko/nezuko/channelgroups"
	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/tests/testutil"
)

func TestMain(m *testing.M) { testutil.Main(m) }

// Fixture record ids: channel chBig protects bigLinks groups, chOne one, chNone none.
const (
	chBig    = "chbig0000000001"
	chOne    = "chone0000000001"
	chNone   = "chnone000000001"
	bigLinks = 7
)

// groupTitles are the titles of the groups linked to chBig, in creation order (not by
// title; two share a title, which the Telegram id then orders).
var groupTitles = []string{"Zeta", "alpha", "Beta", "Delta", "Beta", "Gamma", "Eta"}

// seed saves the channels, groups and links; the group of chOne is the first of chBig.
func seed(tb testing.TB, app core.App) {
	tb.Helper()
	save := func(col, id string, fields map[string]any) {
		r, err := c.NewRecord(app, col)
		if err != nil {
			tb.Fatal(err)
		}
		r.Id = id
		for k, v := range fields {
			r.Set(k, v)
		}
		if err := app.Save(r); err != nil {
			tb.Fatalf("%s/%s: %v", col, id, err)
		}
	}
	for i, id := range []string{chBig, chOne, chNone} {
		save(c.EnforcedChannels, id, map[string]any{c.FieldChannelID: -2000 - i, c.FieldTitle: "Channel " + id})
	}
	for i, title := range groupTitles {
		gid := fmt.Sprintf("grp%012d", i)
		save(c.ProtectedGroups, gid, map[string]any{c.FieldGroupID: -1000 - i, c.FieldTitle: title})
		save(c.GroupChannelLinks, "", map[string]any{c.FieldGroup: gid, c.FieldChannel: chBig})
		if i == 0 {
			save(c.GroupChannelLinks, "", map[string]any{c.FieldGroup: gid, c.FieldChannel: chOne})
		}
	}
}

// caller makes the Authorization header of one kind of requester on app ("" = anonymous).
func caller(tb testing.TB, app core.App, who string) string {
	tb.Helper()
	switch who {
	case "":
		return ""
	case "superuser":
		return testutil.SuperuserToken(tb, app)
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
		return testutil.AuthToken(tb, u.Record)
	default:
		return testutil.AdminToken(tb, app, who)
	}
}

// route is the request URL for channels (comma-joined) and an optional limit.
func route(channels string, limit string) string {
	q := url.Values{channelgroups.ParamChannels: {channels}}
	if limit != "" {
		q.Set(channelgroups.ParamLimit, limit)
	}
	return channelgroups.Path + "?" + q.Encode()
}

// TestRouteRoles checks every role boundary: who may call the route is who may list the
// links and groups over REST (collections.RuleActiveAdmin, superusers), with the
// status DESIGN.md §2 gives custom routes for everyone else.
func TestRouteRoles(t *testing.T) {
	for _, s := range []struct {
		who    string
		status int
		want   []string
	}{
		{"", 401, []string{`"status":401`, `"message":"Sign in first."`}},
		{"inactive", 403, []string{`"status":403`, `"message":"This admin account is inactive."`}},
		{"deleted", 403, []string{`"status":403`}},
		{c.RoleViewer, 200, []string{`"channel":"` + chBig + `"`, `"total":7`}},
		{c.RoleAdmin, 200, []string{`"total":7`}},
		{c.RoleOwner, 200, []string{`"total":7`}},
		{"superuser", 200, []string{`"total":7`}},
	} {
		name := s.who
		if name == "" {
			name = "anonymous"
		}
		headers := map[string]string{}
		rest := map[string]string{}
		factory := func(tb testing.TB) *tests.TestApp {
			app := testutil.NewScenarioApp(tb)
			seed(tb, app)
			if tok := caller(tb, app, s.who); tok != "" {
				headers["Authorization"] = tok
				rest["Authorization"] = tok
			}
			return app
		}
		sc := tests.ApiScenario{Name: name, Method: http.MethodGet, URL: route(chBig, ""), Headers: headers,
			ExpectedStatus: s.status, ExpectedContent: s.want, TestAppFactory: factory}
		if s.status != 200 {
			sc.NotExpectedContent = []string{`"items"`, `"groups"`}
		}
		sc.Test(t)
		// The same caller listing the links over REST: items exactly when the route answers.
		links := "0"
		if s.status == 200 {
			links = fmt.Sprint(bigLinks + 1)
		}
		(&tests.ApiScenario{Name: name + " REST links", Method: http.MethodGet,
			URL: "/api/collections/" + c.GroupChannelLinks + "/records?perPage=1", Headers: rest,
			ExpectedStatus: 200, ExpectedContent: []string{`"totalItems":` + links}, TestAppFactory: factory}).Test(t)
	}
}

// TestRouteAnswer checks the answer: per channel asked (in the order asked, once) the
// first groups by title then Telegram id, up to the limit, and the number of links.
func TestRouteAnswer(t *testing.T) {
	app := testutil.NewApp(t)
	seed(t, app)
	router := testutil.Router(t, app)
	tok := testutil.AdminToken(t, app, c.RoleViewer)
	get := func(u string) channelgroups.Response {
		t.Helper()
		req := httptest.NewRequest(http.MethodGet, u, nil)
		req.Header.Set("Authorization", tok)
		rec := httptest.NewRecorder()
		router.ServeHTTP(rec, req)
		if rec.Code != 200 {
			t.Fatalf("%s: %d %s", u, rec.Code, rec.Body)
		}
		var res channelgroups.Response
		if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil {
			t.Fatal(err)
		}
		return res
	}
	// The reference: chBig's groups sorted by title, then group_id.
	type ref struct {
		title string
		gid   int64
	}
	var want []ref
	for i, title := range groupTitles {
		want = append(want, ref{title, int64(-1000 - i)})
	}
	sort.Slice(want, func(i, j int) bool {
		if want[i].title != want[j].title {
			return want[i].title < want[j].title
		}
		return want[i].gid < want[j].gid
	})

	res := get(route(strings.Join([]string{chNone, chBig, "unknown000000001", chOne, chBig}, ","), ""))
	if len(res.Items) != 4 {
		t.Fatalf("items = %+v, want 4 (duplicates once)", res.Items)
	}
	for i, id := range []string{chNone, chBig, "unknown000000001", chOne} {
		if res.Items[i].Channel != id {
			t.Errorf("item %d is %q, want %q (the order asked)", i, res.Items[i].Channel, id)
		}
	}
	big := res.Items[1]
	if big.Total != bigLinks || len(big.Groups) != channelgroups.DefaultLimit {
		t.Fatalf("chBig: total %d, %d groups; want %d, %d", big.Total, len(big.Groups), bigLinks, channelgroups.DefaultLimit)
	}
	for i, g := range big.Groups {
		if g.Title != want[i].title || g.GroupID != want[i].gid || g.ID == "" {
			t.Errorf("chBig group %d = %+v, want %+v", i, g, want[i])
		}
	}
	for _, i := range []int{0, 2} {
		if it := res.Items[i]; it.Total != 0 || it.Groups == nil || len(it.Groups) != 0 {
			t.Errorf("%s: %+v, want no groups ([]) and total 0", it.Channel, it)
		}
	}
	if one := res.Items[3]; one.Total != 1 || len(one.Groups) != 1 || one.Groups[0].Title != "Zeta" {
		t.Errorf("chOne: %+v, want Zeta alone", one)
	}
	all := get(route(chBig, "50")).Items[0]
	if len(all.Groups) != bigLinks || all.Total != bigLinks {
		t.Errorf("limit 50: %d groups, total %d; want %d", len(all.Groups), all.Total, bigLinks)
	}
	if two := get(route(chBig, "2")).Items[0]; len(two.Groups) != 2 || two.Groups[1].Title != want[1].title {
		t.Errorf("limit 2: %+v", two)
	}
	// A group deleted takes its links with it (cascade): the count follows.
	g, err := app.FindRecordById(c.ProtectedGroups, "grp000000000000")
	if err != nil {
		t.Fatal(err)
	}
	if err := app.Delete(g); err != nil {
		t.Fatal(err)
	}
	if res := get(route(chBig+","+chOne, "")); res.Items[0].Total != bigLinks-1 || res.Items[1].Total != 0 {
		t.Errorf("after deleting Zeta: %+v", res.Items)
	}
}

// TestRouteBadInput checks that bad parameters get a 400 naming the parameter, never 500.
func TestRouteBadInput(t *testing.T) {
	many := make([]string, channelgroups.MaxChannels+1)
	for i := range many {
		many[i] = fmt.Sprintf("ch%013d", i)
	}
	headers := map[string]string{}
	factory := func(tb testing.TB) *tests.TestApp {
		app := testutil.NewScenarioApp(tb)
		headers["Authorization"] = testutil.AdminToken(tb, app, c.RoleViewer)
		return app
	}
	for _, s := range []struct {
		name, url string
		want      []string
	}{
		{"no channels", channelgroups.Path, []string{`"channels":{"code":"required"`, `"message":"Invalid parameter channels: Give at least one channel record id."`}},
		{"only commas", route(" , ,", ""), []string{`"code":"required"`}},
		{"a quote", route(`abc"def`, ""), []string{`"channels":{"code":"invalid_id"`}},
		{"a filter", route("x' OR 1=1 --", ""), []string{`"code":"invalid_id"`}},
		{"too long an id", route(strings.Repeat("a", 65), ""), []string{`"code":"invalid_id"`}},
		{"too many", route(strings.Join(many, ","), ""), []string{`"channels":{"code":"too_many"`}},
		{"limit zero", route(chBig, "0"), []string{`"limit":{"code":"out_of_range"`}},
		{"limit too big", route(chBig, "51"), []string{`"limit":{"code":"out_of_range"`}},
		{"limit not a number", route(chBig, "five"), []string{`"limit":{"code":"out_of_range"`}},
		{"both", channelgroups.Path + "?limit=-1", []string{`"channels":{"code":"required"`, `"limit":{"code":"out_of_range"`,
			`"message":"Invalid parameter channels: Give at least one channel record id; limit: Must be an integer between 1 and 50."`}},
	} {
		(&tests.ApiScenario{Name: s.name, Method: http.MethodGet, URL: s.url, Headers: headers,
			ExpectedStatus: 400, ExpectedContent: append([]string{`"status":400`}, s.want...), TestAppFactory: factory}).Test(t)
	}
}
