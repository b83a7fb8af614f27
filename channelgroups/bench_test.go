package channelgroups_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/nezuko/nezuko/channelgroups"
	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/tests/testutil"
)

// BenchmarkLookup times one Channels page (20 channels, 5 groups each) at fleet size:
// 20,000 groups linked to 1-3 of 200 channels (~200 groups a channel), as
// TestFleetDashboardBench seeds them.
//
//	go test -run '^$' -bench BenchmarkLookup ./channelgroups/
func BenchmarkLookup(b *testing.B) {
	app := testutil.NewApp(b)
	channels := seedFleet(b, app, 20000, 200)
	ids := channels[:20]
	b.ResetTimer()
	for b.Loop() {
		res, err := channelgroups.Lookup(context.Background(), app, ids, channelgroups.DefaultLimit)
		if err != nil || len(res.Items) != len(ids) || len(res.Items[0].Groups) != channelgroups.DefaultLimit {
			b.Fatalf("%v %+v", err, res)
		}
	}
}

// seedFleet writes groups linked to 1-3 of channels channels straight into the tables
// and returns the channel record ids.
func seedFleet(tb testing.TB, app core.App, groups, channels int) []string {
	tb.Helper()
	now := types.NowDateTime().String()
	ids := make([]string, channels)
	err := app.RunInTransaction(func(tx core.App) error {
		insert := func(table string, row dbx.Params) (string, error) {
			id := core.GenerateDefaultRandomId()
			row["id"], row[c.FieldCreated], row[c.FieldUpdated] = id, now, now
			_, err := tx.DB().Insert(table, row).Execute()
			return id, err
		}
		for i := range ids {
			id, err := insert(c.EnforcedChannels, dbx.Params{c.FieldChannelID: -1008000000001 - int64(i), c.FieldTitle: fmt.Sprintf("Channel %03d", i)})
			if err != nil {
				return err
			}
			ids[i] = id
		}
		for i := range groups {
			id, err := insert(c.ProtectedGroups, dbx.Params{c.FieldGroupID: -1009000000001 - int64(i), c.FieldTitle: fmt.Sprintf("Group %05d", (i*7919)%groups)})
			if err != nil {
				return err
			}
			for k := range 1 + i%3 {
				if _, err := insert(c.GroupChannelLinks, dbx.Params{c.FieldGroup: id, c.FieldChannel: ids[(i+k*7)%channels]}); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return ids
}
