package demo

import (
	"database/sql"
	"errors"
	"fmt"

	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/tests/telegramtest"
)

// Demo accounts printed at start-up (the demo listens on loopback only).
const (
	SuperuserEmail = "demo@nezuko.local"
	AdminEmail     = "owner@nezuko.local"
	Password       = "nezuko-demo"
	botToken       = "7000000001:AAdemoDemoDemoDemoDemoDemoDemoDemo1"
)

// World is what Setup made: the fake Telegram's bot, group and channels, and the
// matching records.
type World struct {
	Bot      telegramtest.Bot
	Owner    telegramtest.User
	Group    telegramtest.Chat
	Channels []telegramtest.Chat
	BotRecID string
}

// Setup fills the fake Telegram (one bot, a supergroup, two channels, the bot an
// admin everywhere; pending join requests count for the second) and the app (the bot's record, the protected group linked to both
// channels, a superuser and an owner admin user). Records that exist are kept.
func Setup(app core.App, tg *telegramtest.Server) (*World, error) {
	bt, err := tg.AddBotToken(botToken, "nezuko_demo_bot")
	if err != nil {
		return nil, err
	}
	w := &World{Bot: bt, Group: tg.AddSupergroup("Nezuko Demo Lounge")}
	w.Owner = tg.Owner(w.Group.ID)
	w.Channels = []telegramtest.Chat{tg.AddChannel("Demo News", "demo_news"), tg.AddChannel("Demo Tech", "demo_tech")}
	rights := telegramtest.AdminRights{CanRestrictMembers: true, CanDeleteMessages: true, CanInviteUsers: true}
	if err := tg.SetMember(w.Group.ID, bt.ID, telegramtest.Admin(rights)); err != nil {
		return nil, err
	}
	for _, ch := range w.Channels {
		if err := tg.SetMember(ch.ID, bt.ID, telegramtest.Admin(telegramtest.AdminRights{CanInviteUsers: true})); err != nil {
			return nil, err
		}
		if err := tg.SetMember(ch.ID, w.Owner.ID, telegramtest.Admin(telegramtest.AdminRights{CanPostMessages: true})); err != nil {
			return nil, err
		}
	}
	if err := w.saveRecords(app); err != nil {
		return nil, err
	}
	if err := setConfig(app, c.ConfigRatePerGroup, groupRate); err != nil {
		return nil, err
	}
	return w, ensureAccounts(app)
}

// groupRate is the demo's rate_per_group_per_minute: the fake Telegram has no flood
// limits, and simulated users arrive faster than real groups see.
const groupRate = 600

// setConfig stores an admin_config value.
func setConfig(app core.App, key string, value any) error {
	rec, err := app.FindFirstRecordByData(c.AdminConfig, c.FieldKey, key)
	if err != nil {
		return fmt.Errorf("admin_config %s: %w", key, err)
	}
	rec.Set(c.FieldValue, value)
	return app.Save(rec)
}

// saveRecords stores the bot (its token validated by the fake's getMe and sealed by
// the save hook), the owner, the group and its channel links.
func (w *World) saveRecords(app core.App) error {
	bot, err := upsert(app, c.BotInstances, c.FieldBotID, w.Bot.ID, c.NewBotInstance)
	if err != nil {
		return err
	}
	bot.SetIdentity(w.Bot.ID, w.Bot.Username, w.Bot.FirstName)
	bot.SetOwnerTelegramID(w.Owner.ID)
	bot.SetTokenEncrypted(w.Bot.Token)
	bot.SetIsActive(true)
	if err := app.Save(bot); err != nil {
		return fmt.Errorf("demo bot: %w", err)
	}
	w.BotRecID = bot.Id
	owner, err := upsert(app, c.Owners, c.FieldUserID, w.Owner.ID, c.NewOwner)
	if err != nil {
		return err
	}
	owner.SetUserID(w.Owner.ID)
	owner.SetUsername(w.Owner.Username)
	if err := app.Save(owner); err != nil {
		return err
	}
	g, err := upsert(app, c.ProtectedGroups, c.FieldGroupID, w.Group.ID, c.NewProtectedGroup)
	if err != nil {
		return err
	}
	g.SetGroupID(w.Group.ID)
	g.SetTitle(w.Group.Title)
	g.SetOwnerRef(owner.Id)
	g.SetBotInstanceRef(bot.Id)
	g.SetEnabled(true)
	ttl := 30
	g.SetParams(c.GroupParams{WarningTTLSeconds: &ttl})
	if err := app.Save(g); err != nil {
		return err
	}
	for i, ch := range w.Channels {
		rec, err := upsert(app, c.EnforcedChannels, c.FieldChannelID, ch.ID, c.NewEnforcedChannel)
		if err != nil {
			return err
		}
		rec.SetChannelID(ch.ID)
		rec.SetTitle(ch.Title)
		rec.SetUsername(ch.Username)
		rec.SetInviteLink("https://t.me/" + ch.Username)
		rec.SetCountJoinRequests(i == 1) // Demo Tech admits by request: a pending request counts
		if err := app.Save(rec); err != nil {
			return err
		}
		if _, err := app.FindFirstRecordByFilter(c.GroupChannelLinks, c.FieldGroup+" = {:g} && "+c.FieldChannel+" = {:c}",
			map[string]any{"g": g.Id, "c": rec.Id}); err == nil {
			continue
		}
		l, err := c.NewGroupChannelLink(app, g.Id, rec.Id)
		if err != nil {
			return err
		}
		if err := app.Save(l); err != nil {
			return err
		}
	}
	return nil
}

// ensureAccounts creates the demo superuser and the owner admin user unless they exist.
func ensureAccounts(app core.App) error {
	if _, err := app.FindAuthRecordByEmail(core.CollectionNameSuperusers, SuperuserEmail); err != nil {
		col, err := app.FindCollectionByNameOrId(core.CollectionNameSuperusers)
		if err != nil {
			return err
		}
		su := core.NewRecord(col)
		su.SetEmail(SuperuserEmail)
		su.SetPassword(Password)
		if err := app.Save(su); err != nil {
			return fmt.Errorf("demo superuser: %w", err)
		}
	}
	if _, err := app.FindAuthRecordByEmail(c.AdminUsers, AdminEmail); err != nil {
		u, err := c.NewAdminUser(app, AdminEmail, Password, c.RoleOwner)
		if err != nil {
			return err
		}
		u.SetFullName("Demo Owner")
		if err := app.Save(u); err != nil {
			return fmt.Errorf("demo admin user: %w", err)
		}
	}
	return nil
}

// upsert loads the record whose field equals value into a new proxy, or makes one.
func upsert[P core.RecordProxy](app core.App, collection, field string, value any, create func(core.App) (P, error)) (P, error) {
	p, err := create(app)
	if err != nil {
		return p, err
	}
	rec, err := app.FindFirstRecordByData(collection, field, value)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return p, nil
	case err != nil:
		return p, err
	}
	p.SetProxyRecord(rec)
	return p, nil
}
