package botmanager

import (
	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
)

// Register builds the Manager of app (opts.App is set to app) and binds what it follows:
// bot_instances changes (Sync), protected groups and channel links (GroupChanged), new
// admin_commands (Kick), superusers' edits of a command's status (OnCommandEdited), and
// the webhook route once the app serves. The bots run between Start and Close.
func Register(app core.App, opts Options) *Manager {
	opts.App = app
	m := New(opts)
	sync := func(e *core.RecordEvent) error {
		m.Sync(e.Record.Id)
		return e.Next()
	}
	app.OnRecordAfterCreateSuccess(c.BotInstances).BindFunc(sync)
	app.OnRecordAfterUpdateSuccess(c.BotInstances).BindFunc(sync)
	app.OnRecordAfterDeleteSuccess(c.BotInstances).BindFunc(sync)
	groupChanged := func(e *core.RecordEvent) error { // params through the API apply at once
		m.GroupChanged(c.Wrap(&c.ProtectedGroup{}, e.Record).GroupID())
		return e.Next()
	}
	app.OnRecordAfterUpdateSuccess(c.ProtectedGroups).BindFunc(groupChanged)
	app.OnRecordAfterDeleteSuccess(c.ProtectedGroups).BindFunc(groupChanged)
	linksChanged := func(e *core.RecordEvent) error {
		m.GroupChanged(0)
		return e.Next()
	}
	app.OnRecordAfterCreateSuccess(c.GroupChannelLinks, c.EnforcedChannels).BindFunc(linksChanged)
	app.OnRecordAfterUpdateSuccess(c.GroupChannelLinks, c.EnforcedChannels).BindFunc(linksChanged)
	app.OnRecordAfterDeleteSuccess(c.GroupChannelLinks, c.EnforcedChannels).BindFunc(linksChanged)
	app.OnRecordAfterCreateSuccess(c.AdminCommands).BindFunc(func(e *core.RecordEvent) error {
		m.Kick()
		return e.Next()
	})
	app.OnRecordAfterUpdateSuccess(c.AdminCommands).BindFunc(m.OnCommandEdited)
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		m.RegisterWebhook(se)
		return se.Next()
	})
	return m
}
