package gatekeeper

import (
	"context"

	"github.com/go-telegram/bot/models"

	"github.com/nezuko/nezuko/gatekeeper/i18n"
)

// onPrivate answers /start and /help in a private chat (in the user's language when
// the catalog has it), and tells group-only commands where they work.
func (e *Engine) onPrivate(ctx context.Context, m *models.Message) {
	cmd, _, ok := e.command(m.Text)
	if !ok || m.From == nil {
		return
	}
	lang := i18n.UserLang(m.From.LanguageCode)
	var text string
	var markup *models.InlineKeyboardMarkup
	switch cmd {
	case "start":
		text = i18n.T(lang, i18n.StartPrivate, "user", esc(firstName(m.From)))
		if e.cfg.Username != "" { // Telegram's "add to group" deep link
			markup = &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{{
				Text: i18n.T(lang, i18n.BtnAddToGroup), URL: "https://t.me/" + e.cfg.Username + "?startgroup=true"}}}}
		}
	case "help":
		text = i18n.T(lang, i18n.HelpPrivate)
	case "protect", "unprotect", "status", "settings":
		text = i18n.T(lang, i18n.GroupsOnly)
	default:
		return
	}
	if _, err := e.send(ctx, m.Chat.ID, m.From.ID, text, markup); err != nil {
		e.log.Warn("reply not sent", "chat_id", m.Chat.ID, "error", err)
	}
}

// onGroupHelp answers /start and /help in a group, shortly, in the group's language.
func (e *Engine) onGroupHelp(ctx context.Context, m *models.Message, cmd string) {
	g, err := e.store.Group(m.Chat.ID)
	if err != nil {
		g = nil
	}
	if g != nil && !g.Mine && !e.addressedToMe(m.Text) {
		return
	}
	e.onGroupMessage(ctx, m) // a command is a message too: enforced like any other
	if cmd == "start" {
		e.say(ctx, m, g, i18n.StartGroup)
		return
	}
	e.say(ctx, m, g, i18n.HelpGroup)
}

// firstName is how a user is greeted.
func firstName(u *models.User) string {
	if u == nil || u.FirstName == "" {
		return "there"
	}
	return u.FirstName
}
