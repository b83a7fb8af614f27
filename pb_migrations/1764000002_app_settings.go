package pb_migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// pocketbaseUsers is the auth collection PocketBase creates by default; Nezuko signs
// admins in through admin_users instead.
const pocketbaseUsers = "users"

func init() {
	m.Register(func(app core.App) error {
		settings := app.Settings()
		if settings.Meta.AppName == "" || settings.Meta.AppName == "Acme" {
			settings.Meta.AppName = "Nezuko"
		}
		// Here as well as in 1764000033 (for installations made before it): one settings
		// save, before the users collection is dropped below, whose background file
		// clean-up reads the settings.
		enableRateLimits(settings)
		if err := app.Save(settings); err != nil {
			return err
		}
		// Drop the unused default users collection, but never one that holds data.
		users, err := app.FindCollectionByNameOrId(pocketbaseUsers)
		if err != nil {
			return nil
		}
		if n, err := app.CountRecords(users); err != nil || n > 0 {
			return err
		}
		return app.Delete(users)
	}, func(core.App) error { return nil })
}
