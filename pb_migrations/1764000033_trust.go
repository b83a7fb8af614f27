package pb_migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	c "github.com/nezuko/nezuko/collections"
)

// Trust settings (issue 18): admin_config's rules that keep the trust keys owner-only,
// PocketBase's rate limiter switched on with rules for every way to guess a credential
// or drive an outbound call, and login_bot_id recorded for installations whose login bot
// was "the oldest active bot".

func init() {
	m.Register(upTrust, func(core.App) error { return nil })
}

// RateLimitRules are the rules the rate limiter starts with (per client IP; PocketBase
// answers 429 past them). Admins see and change them in the admin UI (Settings → Rate
// limiting); this migration sets them only while the limiter is off, so it never
// overrides an operator's own configuration.
var RateLimitRules = []core.RateLimitRule{
	{Label: "*:authWithPassword", MaxRequests: 30, Duration: 60}, // admin_users and _superusers
	{Label: "*:authWithOTP", MaxRequests: 10, Duration: 60},
	{Label: "*:requestOTP", MaxRequests: 5, Duration: 60},
	{Label: "POST /api/auth/telegram", MaxRequests: 30, Duration: 60},
	{Label: "POST /api/functions/manage-bot", MaxRequests: 30, Duration: 60},
	{Label: "POST /api/functions/test-webhook", MaxRequests: 30, Duration: 60},
}

func upTrust(app core.App) error {
	config, err := app.FindCollectionByNameOrId(c.AdminConfig)
	if err != nil {
		return err
	}
	applyRules(config)
	if err := app.Save(config); err != nil {
		return err
	}
	if settings := app.Settings(); enableRateLimits(settings) {
		if err := app.Save(settings); err != nil {
			return err
		}
	}
	return pinLoginBot(app)
}

// enableRateLimits switches the limiter on with RateLimitRules unless it is on already
// (then an operator configured it); it reports whether it changed settings.
func enableRateLimits(settings *core.Settings) bool {
	if settings.RateLimits.Enabled {
		return false
	}
	settings.RateLimits.Enabled = true
	settings.RateLimits.Rules = append([]core.RateLimitRule(nil), RateLimitRules...)
	return true
}

// pinLoginBot records, when login_bot_id is 0, the bot that verified logins until now
// (the oldest active bot), so that no later change of bots moves it.
func pinLoginBot(app core.App) error {
	entry, err := app.FindFirstRecordByData(c.AdminConfig, c.FieldKey, c.ConfigLoginBotID)
	if err != nil {
		return nil // seeded by 1764000001; a removed row is claimed by the next added bot
	}
	var id float64
	if c.Wrap(&c.ConfigEntry{}, entry).Decode(&id) == nil && id != 0 {
		return nil
	}
	bots, err := app.FindRecordsByFilter(c.BotInstances,
		c.FieldIsActive+" = true && "+c.FieldIsDeleted+" = false", c.FieldCreated, 1, 0)
	if err != nil || len(bots) == 0 {
		return err
	}
	entry.Set(c.FieldValue, c.Wrap(&c.BotInstance{}, bots[0]).BotID())
	return app.Save(entry)
}
