package gatekeeper

import (
	"context"

	"github.com/go-telegram/bot"

	"github.com/nezuko/nezuko/gatekeeper/menus"
	"github.com/nezuko/nezuko/telegram"
)

// setMenus sets the bot's command menus (package menus) once per engine. A failure
// is logged and retried at the next maintenance.
func (e *Engine) setMenus(ctx context.Context) {
	if e.menusSet.Load() {
		return
	}
	b, err := e.api()
	if err != nil {
		return
	}
	for _, m := range menus.All() {
		if _, err := b.SetMyCommands(telegram.WithCall(ctx, 0, 0), &bot.SetMyCommandsParams{
			Commands: m.Commands, Scope: m.Scope, LanguageCode: m.LanguageCode}); err != nil {
			e.log.Warn("command menu not set", "language", m.Lang, "error", e.client.Redact(err))
			return
		}
	}
	e.menusSet.Store(true)
}
