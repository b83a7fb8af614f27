package e2e

import (
	"fmt"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	c "github.com/nezuko/nezuko/collections"
)

// Size of the fleet TestFleetDashboardBench measures (issue 22).
const (
	fleetBots     = 100
	fleetGroups   = 20000
	fleetChannels = 200
)

// fleetWords make the fleet's titles: a search for "Pixel Cooks" finds a share of them.
var (
	fleetAdjectives = []string{"Daily", "Crypto", "Indie", "Open", "Green", "Night", "Retro", "Pixel", "Urban", "Quiet", "Global", "Tiny"}
	fleetNouns      = []string{"Traders", "Book Club", "Devs", "Gardeners", "Gamers", "Runners", "Makers", "Photographers", "Cooks", "Hikers", "Musicians", "Founders"}
)

// fleetTitle is the title of the i-th seeded group (or channel, with suffix " News").
func fleetTitle(i int) string {
	return fmt.Sprintf("%s %s %d", fleetAdjectives[i%len(fleetAdjectives)], fleetNouns[(i/len(fleetAdjectives))%len(fleetNouns)], i)
}

// seedFleet writes fleetBots inactive bots (with their bot_status rows),
// fleetChannels channels and fleetGroups groups, each linked to 1, 2 or 3 channels,
// straight into the tables in one transaction: record hooks would take minutes at
// this size and the dashboard reads only the rows.
func seedFleet(t *testing.T, app core.App) {
	t.Helper()
	now := types.NowDateTime().String()
	err := app.RunInTransaction(func(tx core.App) error {
		db := tx.DB()
		insert := func(table string, row dbx.Params) (string, error) {
			id := core.GenerateDefaultRandomId()
			row["id"], row[c.FieldCreated], row[c.FieldUpdated] = id, now, now
			_, err := db.Insert(table, row).Execute()
			return id, err
		}
		bots := make([]string, fleetBots)
		for i := range bots {
			id, err := insert(c.BotInstances, dbx.Params{
				c.FieldBotID: 8000000001 + i, c.FieldBotUsername: fmt.Sprintf("fleet_%d_bot", i+1),
				c.FieldBotName: fmt.Sprintf("Fleet %d", i+1), c.FieldTokenEncrypted: "inactive-bench-bot", // never started: no token is decrypted
				c.FieldIsActive: false, c.FieldIsDeleted: false,
			})
			if err != nil {
				return err
			}
			bots[i] = id
			if _, err := insert(c.BotStatus, dbx.Params{c.FieldBotInstance: id, c.FieldStatus: c.BotStopped, c.FieldLastHeartbeat: now}); err != nil {
				return err
			}
		}
		channels := make([]string, fleetChannels)
		for i := range channels {
			id, err := insert(c.EnforcedChannels, dbx.Params{
				c.FieldChannelID: -1008000000001 - int64(i), c.FieldTitle: fleetTitle(i) + " News",
				c.FieldUsername: fmt.Sprintf("fleet_channel_%d", i+1), c.FieldSubscriberCount: 500 + i*37,
			})
			if err != nil {
				return err
			}
			channels[i] = id
		}
		for i := range fleetGroups {
			id, err := insert(c.ProtectedGroups, dbx.Params{
				c.FieldGroupID: -1009000000001 - int64(i), c.FieldTitle: fleetTitle(i),
				c.FieldBotInstance: bots[i%fleetBots], c.FieldEnabled: i%9 != 8, c.FieldMemberCount: 50 + i%20000,
			})
			if err != nil {
				return err
			}
			for k := range 1 + i%3 {
				if _, err := insert(c.GroupChannelLinks, dbx.Params{c.FieldGroup: id, c.FieldChannel: channels[(i+k*7)%fleetChannels]}); err != nil {
					return err
				}
			}
		}
		return nil
	})
	must(t, err)
}
