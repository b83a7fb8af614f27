package pb_migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	c "github.com/nezuko/nezuko/collections"
)

// The dashboard lists groups and channels by title, 20 a page (issue 22): an index on
// title lets a page read its 20 rows in order instead of sorting every group (at
// 20,000 groups the sort took 150-300 ms a page).

func init() {
	m.Register(upTitleIndexes, downTitleIndexes)
}

// titleIndexes names the index on title of each collection listed by title.
var titleIndexes = map[string]string{
	c.ProtectedGroups:  "idx_protected_groups_title",
	c.EnforcedChannels: "idx_enforced_channels_title",
}

func upTitleIndexes(app core.App) error {
	for name, index := range titleIndexes {
		col, err := app.FindCollectionByNameOrId(name)
		if err != nil {
			return err
		}
		col.RemoveIndex(index)
		col.AddIndex(index, false, "`"+c.FieldTitle+"`", "")
		if err := app.Save(col); err != nil {
			return err
		}
	}
	return nil
}

func downTitleIndexes(app core.App) error {
	for name, index := range titleIndexes {
		col, err := app.FindCollectionByNameOrId(name)
		if err != nil {
			continue
		}
		col.RemoveIndex(index)
		if err := app.Save(col); err != nil {
			return err
		}
	}
	return nil
}
