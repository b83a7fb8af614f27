// Package menus lists the bot's command menus, in every catalog language.
//
// They are the commands Telegram offers in private chats and in groups, described
// in each language of package gatekeeper/i18n. Private chats get /start and /help;
// groups the admin commands /protect, /unprotect, /status and /settings, and /help.
// English is the default menu of every language without its own (language_code "").
// The engine sets them once with setMyCommands:
//
//	for _, m := range menus.All() {
//		b.SetMyCommands(ctx, &bot.SetMyCommandsParams{Commands: m.Commands, Scope: m.Scope,
//			LanguageCode: m.LanguageCode})
//	}
package menus

import (
	"github.com/go-telegram/bot/models"

	"github.com/nezuko/nezuko/gatekeeper/i18n"
)

// Menu is the commands of one scope in one language.
type Menu struct {
	Lang         string // the catalog language
	LanguageCode string // setMyCommands' language_code: "" for English, the default
	Scope        models.BotCommandScope
	Commands     []models.BotCommand
}

// All is every menu: per catalog language, the private one, then the group one.
func All() []Menu {
	var out []Menu
	for _, lang := range i18n.Languages() {
		cmd := func(name string, key i18n.Key) models.BotCommand {
			return models.BotCommand{Command: name, Description: i18n.T(lang, key)}
		}
		code := lang
		if lang == "en" {
			code = "" // the default for every language without its own menu
		}
		out = append(out,
			Menu{Lang: lang, LanguageCode: code, Scope: &models.BotCommandScopeAllPrivateChats{},
				Commands: []models.BotCommand{cmd("start", i18n.MenuStart), cmd("help", i18n.MenuHelp)}},
			Menu{Lang: lang, LanguageCode: code, Scope: &models.BotCommandScopeAllGroupChats{},
				Commands: []models.BotCommand{cmd("protect", i18n.MenuProtect), cmd("unprotect", i18n.MenuUnprotect),
					cmd("status", i18n.MenuStatus), cmd("settings", i18n.MenuSettings), cmd("help", i18n.MenuHelp)}})
	}
	return out
}
