package gatekeeper

import (
	"context"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/nezuko/nezuko/gatekeeper/i18n"
	"github.com/nezuko/nezuko/telegram"
)

// setMenus sets the bot's command menus once per engine: /start and /help in private
// chats, the admin commands in groups, in every catalog language (English as the
// default). A failure is logged and retried at the next maintenance.
func (e *Engine) setMenus(ctx context.Context) {
	if e.menusSet.Load() {
		return
	}
	b, err := e.api()
	if err != nil {
		return
	}
	for _, lang := range i18n.Languages() {
		cmd := func(name string, key i18n.Key) models.BotCommand {
			return models.BotCommand{Command: name, Description: i18n.T(lang, key)}
		}
		code := lang
		if lang == "en" {
			code = "" // the default for every language without its own menu
		}
		menus := []struct {
			scope models.BotCommandScope
			cmds  []models.BotCommand
		}{
			{&models.BotCommandScopeAllPrivateChats{}, []models.BotCommand{cmd("start", i18n.MenuStart), cmd("help", i18n.MenuHelp)}},
			{&models.BotCommandScopeAllGroupChats{}, []models.BotCommand{cmd("protect", i18n.MenuProtect), cmd("unprotect", i18n.MenuUnprotect),
				cmd("status", i18n.MenuStatus), cmd("settings", i18n.MenuSettings), cmd("help", i18n.MenuHelp)}},
		}
		for _, m := range menus {
			if _, err := b.SetMyCommands(telegram.WithCall(ctx, 0, 0), &bot.SetMyCommandsParams{
				Commands: m.cmds, Scope: m.scope, LanguageCode: code}); err != nil {
				e.log.Warn("command menu not set", "language", lang, "error", e.client.Redact(err))
				return
			}
		}
	}
	e.menusSet.Store(true)
}
