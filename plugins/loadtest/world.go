package loadtest

import (
	"context"
	"fmt"
	"time"

	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/tests/telegramtest"
)

// loadBot is one bot of the run: its account on the fake and its record.
type loadBot struct {
	tg    telegramtest.Bot
	recID string
}

// loadGroup is one protected group: its chat, the bot serving it and its channels.
type loadGroup struct {
	chat     telegramtest.Chat
	bot      *loadBot
	channels []telegramtest.Chat // one or two
}

// world is the fake Telegram's side of the run and the matching records.
type world struct {
	tg     *telegramtest.Server
	bots   []*loadBot
	groups []*loadGroup
}

// buildWorld fills the fake (bots, supergroups, channels, each bot an admin where it
// serves) and the app (bot records validated by the fake's getMe and sealed by the
// save hook, protected groups linked to their channels, warnings kept, the rate
// settings of a load run).
func buildWorld(app core.App, tg *telegramtest.Server, cfg Config) (*world, error) {
	w := &world{tg: tg}
	for i := range cfg.Bots {
		w.bots = append(w.bots, &loadBot{tg: tg.AddBot(fmt.Sprintf("load_%d_bot", i))})
	}
	groupRights := telegramtest.Admin(telegramtest.AdminRights{CanRestrictMembers: true, CanDeleteMessages: true, CanInviteUsers: true})
	channelRights := telegramtest.Admin(telegramtest.AdminRights{CanInviteUsers: true})
	var pool []telegramtest.Chat // shared channels (cfg.Channels)
	for j := range cfg.Channels {
		pool = append(pool, tg.AddChannel(fmt.Sprintf("Load channel %d", j), fmt.Sprintf("load_ch_%d", j)))
	}
	for i := range cfg.Groups {
		g := &loadGroup{chat: tg.AddSupergroup(fmt.Sprintf("Load group %d", i)), bot: w.bots[i%len(w.bots)]}
		if err := tg.SetMember(g.chat.ID, g.bot.tg.ID, groupRights); err != nil {
			return nil, err
		}
		for j := range min(1+i%2, max(len(pool), 2)) {
			var ch telegramtest.Chat
			if len(pool) > 0 {
				ch = pool[(i+j)%len(pool)]
			} else {
				ch = tg.AddChannel(fmt.Sprintf("Load channel %d.%d", i, j), fmt.Sprintf("load_ch_%d_%d", i, j))
			}
			if err := tg.SetMember(ch.ID, g.bot.tg.ID, channelRights); err != nil {
				return nil, err
			}
			g.channels = append(g.channels, ch)
		}
		w.groups = append(w.groups, g)
	}
	owner := tg.AddUser("Load Owner")
	err := app.RunInTransaction(func(tx core.App) error {
		if err := setConfig(tx, c.ConfigRatePerBot, loadRatePerBot); err != nil {
			return err
		}
		if err := setConfig(tx, c.ConfigRatePerGroup, loadRatePerGroup); err != nil {
			return err
		}
		o, err := c.NewOwner(tx)
		if err != nil {
			return err
		}
		o.SetUserID(owner.ID)
		o.SetUsername(owner.Username)
		if err := tx.Save(o); err != nil {
			return err
		}
		for _, b := range w.bots {
			if err := saveBot(tx, b, owner.ID); err != nil {
				return err
			}
		}
		channels := map[int64]string{} // enforced_channels record ids by chat id
		for _, g := range w.groups {
			if err := saveGroup(tx, g, o.Id, channels); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load: records: %w", err)
	}
	return w, nil
}

// setConfig stores an admin_config value.
func setConfig(app core.App, key string, value any) error {
	rec, err := app.FindFirstRecordByData(c.AdminConfig, c.FieldKey, key)
	if err != nil {
		return fmt.Errorf("admin_config %s: %w", key, err)
	}
	rec.Set(c.FieldValue, value)
	return app.Save(rec)
}

// saveBot stores a bot with its plain token, which the save hook validates and seals.
func saveBot(app core.App, b *loadBot, ownerID int64) error {
	rec, err := c.NewBotInstance(app)
	if err != nil {
		return err
	}
	rec.SetOwnerTelegramID(ownerID)
	rec.SetTokenEncrypted(b.tg.Token)
	rec.SetIsActive(true)
	if err := app.Save(rec); err != nil {
		return fmt.Errorf("bot %s: %w", b.tg.Username, err)
	}
	b.recID = rec.Id
	return nil
}

// saveGroup stores a protected, enabled group served by its bot (warnings kept, so
// the presses find them) and links its channels, storing each channel once (channels:
// record ids by chat id, filled as they are stored).
func saveGroup(app core.App, g *loadGroup, ownerRef string, channels map[int64]string) error {
	rec, err := c.NewProtectedGroup(app)
	if err != nil {
		return err
	}
	keep := 0
	rec.SetGroupID(g.chat.ID)
	rec.SetTitle(g.chat.Title)
	rec.SetOwnerRef(ownerRef)
	rec.SetBotInstanceRef(g.bot.recID)
	rec.SetEnabled(true)
	rec.SetParams(c.GroupParams{WarningTTLSeconds: &keep})
	if err := app.Save(rec); err != nil {
		return err
	}
	for _, ch := range g.channels {
		chRef, ok := channels[ch.ID]
		if !ok {
			var err error
			if chRef, err = saveChannel(app, ch); err != nil {
				return err
			}
			channels[ch.ID] = chRef
		}
		link, err := c.NewGroupChannelLink(app, rec.Id, chRef)
		if err != nil {
			return err
		}
		if err := app.Save(link); err != nil {
			return err
		}
	}
	return nil
}

// saveChannel stores a channel's enforced_channels record and returns its id.
func saveChannel(app core.App, ch telegramtest.Chat) (string, error) {
	rec, err := c.NewEnforcedChannel(app)
	if err != nil {
		return "", err
	}
	rec.SetChannelID(ch.ID)
	rec.SetTitle(ch.Title)
	rec.SetUsername(ch.Username)
	rec.SetInviteLink("https://t.me/" + ch.Username)
	if err := app.Save(rec); err != nil {
		return "", err
	}
	return rec.Id, nil
}

// startBots runs the bot manager and waits until every bot long-polls the fake (its
// first getUpdates set allowed_updates, so chat_member updates reach it).
func (w *world) startBots(a *realApp, timeout time.Duration) error {
	a.svc.Bots.Start(context.Background())
	ok := w.tg.Await(timeout, func() bool {
		for _, b := range w.bots {
			if !w.tg.Polling(b.tg.ID) {
				return false
			}
		}
		return true
	})
	if !ok {
		return fmt.Errorf("load: the bots did not poll within %s", timeout)
	}
	return nil
}
