package pb_migrations

import (
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
)

// Migration 1764000070: the groups and channels lists sorted by title read the title
// index (no sort of the whole table); going down drops the indexes.
func TestTitleIndexesMigration(t *testing.T) {
	app := migratedApp(t)
	plan := func(table string) string {
		var rows []struct {
			Detail string `db:"detail"`
		}
		q := "EXPLAIN QUERY PLAN SELECT * FROM `" + table + "` ORDER BY `title` LIMIT 20"
		if err := app.DB().NewQuery(q).All(&rows); err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range rows {
			out = append(out, r.Detail)
		}
		return strings.Join(out, "; ")
	}
	for table, index := range titleIndexes {
		if p := plan(table); !strings.Contains(p, index) || strings.Contains(p, "TEMP B-TREE") {
			t.Errorf("%s by title: plan %q, want a scan of %s", table, p, index)
		}
	}
	if err := downTitleIndexes(app); err != nil {
		t.Fatal(err)
	}
	for _, index := range titleIndexes {
		var n int
		if err := app.DB().NewQuery("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = {:n}").Bind(dbx.Params{"n": index}).Row(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("%s still there after down", index)
		}
	}
}
