package gatekeeper

import (
	"context"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
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
	for _, lang := range Languages() {
		cmd := func(name string, key msgKey) models.BotCommand {
			return models.BotCommand{Command: name, Description: tr(lang, key)}
		}
		code := lang
		if lang == "en" {
			code = "" // the default for every language without its own menu
		}
		menus := []struct {
			scope models.BotCommandScope
			cmds  []models.BotCommand
		}{
			{&models.BotCommandScopeAllPrivateChats{}, []models.BotCommand{cmd("start", kMenuStart), cmd("help", kMenuHelp)}},
			{&models.BotCommandScopeAllGroupChats{}, []models.BotCommand{cmd("protect", kMenuProtect), cmd("unprotect", kMenuUnprotect),
				cmd("status", kMenuStatus), cmd("settings", kMenuSettings), cmd("help", kMenuHelp)}},
		}
		for _, m := range menus {
			if _, err := b.SetMyCommands(withCall(ctx, 0, 0), &bot.SetMyCommandsParams{
				Commands: m.cmds, Scope: m.scope, LanguageCode: code}); err != nil {
				e.log.Warn("command menu not set", "language", lang, "error", e.transport.redactErr(err))
				return
			}
		}
	}
	e.menusSet.Store(true)
}
