package pb_migrations

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	c "github.com/nezuko/nezuko/collections"
)

func init() {
	m.Register(seedConfigDefaults, func(core.App) error { return nil })
}

// seedConfigDefaults inserts each admin_config default whose key is missing; values
// an operator already changed are left alone.
func seedConfigDefaults(app core.App) error {
	for _, d := range c.ConfigDefaults {
		_, err := app.FindFirstRecordByFilter(c.AdminConfig, c.FieldKey+" = {:key}", dbx.Params{"key": d.Key})
		if err == nil {
			continue
		}
		entry, err := c.NewConfigEntry(app, d.Key, d.Value, d.Description)
		if err != nil {
			return err
		}
		if err := app.Save(entry); err != nil {
			return err
		}
	}
	return nil
}
