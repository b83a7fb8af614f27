package gatekeeper

import (
	"context"

	"github.com/go-telegram/bot/models"
)

// onPrivate answers /start and /help in a private chat (in the user's language when
// the catalog has it), and tells group-only commands where they work.
func (e *Engine) onPrivate(ctx context.Context, m *models.Message) {
	cmd, _, ok := e.command(m.Text)
	if !ok || m.From == nil {
		return
	}
	lang := userLang(m.From.LanguageCode)
	var text string
	var markup *models.InlineKeyboardMarkup
	switch cmd {
	case "start":
		text = tr(lang, kStartPrivate, "user", esc(firstName(m.From)))
		if e.cfg.Username != "" { // Telegram's "add to group" deep link
			markup = &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{{
				Text: tr(lang, kBtnAddToGroup), URL: "https://t.me/" + e.cfg.Username + "?startgroup=true"}}}}
		}
	case "help":
		text = tr(lang, kHelpPrivate)
	case "protect", "unprotect", "status", "settings":
		text = tr(lang, kGroupsOnly)
	default:
		return
	}
	if _, err := e.send(ctx, m.Chat.ID, m.From.ID, text, markup); err != nil {
		e.log.Warn("reply not sent", "chat_id", m.Chat.ID, "error", err)
	}
}

// onGroupHelp answers /start and /help in a group, shortly, in the group's language.
func (e *Engine) onGroupHelp(ctx context.Context, m *models.Message, cmd string) {
	g, err := e.store.group(m.Chat.ID)
	if err != nil {
		g = nil
	}
	if g != nil && !g.Mine && !e.addressedToMe(m.Text) {
		return
	}
	e.onGroupMessage(ctx, m) // a command is a message too: enforced like any other
	if cmd == "start" {
		e.say(ctx, m, g, kStartGroup)
		return
	}
	e.say(ctx, m, g, kHelpGroup)
}

// firstName is how a user is greeted.
func firstName(u *models.User) string {
	if u == nil || u.FirstName == "" {
		return "there"
	}
	return u.FirstName
}
