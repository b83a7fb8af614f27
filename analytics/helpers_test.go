package analytics_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/nezuko/nezuko/analytics"
	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/tests/testutil"
)

func TestMain(m *testing.M) { testutil.Main(m) }

// vrow is one verification_log row of a test.
type vrow struct {
	user, group int64
	status      string
	latency     float64
	cached      bool
	at          time.Time
}

// insertRows writes rows straight into a table, as the log writer does (no record hooks).
func insertRows(tb testing.TB, app core.App, table string, rows ...dbx.Params) {
	tb.Helper()
	err := app.RunInTransaction(func(tx core.App) error {
		for _, r := range rows {
			if _, err := tx.DB().Insert(table, r).Execute(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatalf("insert into %s: %v", table, err)
	}
}

// dbTime renders t as PocketBase stores dates.
func dbTime(t time.Time) string { return c.DBTime(t) }

func insertVerifications(tb testing.TB, app core.App, rows ...vrow) {
	tb.Helper()
	ps := make([]dbx.Params, len(rows))
	for i, r := range rows {
		cached := 0
		if r.cached {
			cached = 1
		}
		ps[i] = dbx.Params{c.FieldUserID: r.user, c.FieldGroupID: r.group, c.FieldChannelID: -100,
			c.FieldBotInstance: 42, c.FieldStatus: r.status, c.FieldLatencyMS: r.latency,
			c.FieldCached: cached, c.FieldErrorType: "", c.FieldTimestamp: dbTime(r.at)}
	}
	insertRows(tb, app, c.VerificationLog, ps...)
}

func insertAPICalls(tb testing.TB, app core.App, at time.Time, methods ...string) {
	tb.Helper()
	ps := make([]dbx.Params, len(methods))
	for i, m := range methods {
		ps[i] = dbx.Params{c.FieldMethod: m, c.FieldChatID: -1001, c.FieldUserID: 1, c.FieldBotInstance: 42,
			c.FieldSuccess: 1, c.FieldLatencyMS: 12, c.FieldErrorType: "", c.FieldTimestamp: dbTime(at)}
	}
	insertRows(tb, app, c.APICallLog, ps...)
}

func insertGroup(tb testing.TB, app core.App, groupID int64, title string, enabled bool) {
	tb.Helper()
	insertRows(tb, app, c.ProtectedGroups, dbx.Params{c.FieldGroupID: groupID, c.FieldTitle: title,
		c.FieldEnabled: enabled})
}

// call runs one function and returns its JSON.
func call(tb testing.TB, svc *analytics.Service, name string, p analytics.Params) string {
	tb.Helper()
	res, err := svc.Call(context.Background(), name, p)
	if err != nil {
		tb.Fatalf("%s(%v): %v", name, p, err)
	}
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(res); err != nil {
		tb.Fatal(err)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// clock returns a fixed time source.
func clock(t time.Time) analytics.Option { return analytics.WithClock(func() time.Time { return t }) }

// mustTime parses an RFC 3339 time.
func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}
