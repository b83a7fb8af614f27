package gatekeeper

import (
	"context"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/nezuko/nezuko/gatekeeper/groups"
	"github.com/nezuko/nezuko/gatekeeper/i18n"
	"github.com/nezuko/nezuko/gatekeeper/store"
	"github.com/nezuko/nezuko/gatekeeper/warnings"
	"github.com/nezuko/nezuko/telegram"
)

// Why a warning is sent.
const (
	reasonJoin    = iota // a new member
	reasonMessage        // a member wrote without the channels
	reasonLeft           // a member left a channel
)

// warningFacts is what a warning to u is about, for combining it under a burst.
func warningFacts(g *groups.Group, u *models.User, missing []store.Channel, button bool) *warnings.Facts {
	return warnings.FactsOf(u, missing, g.Policy.Language, g.Policy.WarningText, g.Title, button)
}

// warningKey is the catalog text of a warning: why it is sent, under the group's action.
func warningKey(g *groups.Group, reason int) i18n.Key {
	switch {
	case g.Policy.Action == groups.ActionKick:
		return i18n.WarnKick
	case g.Policy.Action == groups.ActionDelete && reason == reasonMessage:
		return i18n.WarnDelete
	case reason == reasonJoin:
		return i18n.WarnJoin
	case reason == reasonLeft:
		return i18n.WarnLeft
	}
	return i18n.WarnMessage
}

// messenger is the warner's warnings.Messenger: the engine's sends, edits and
// timed deletions.
type messenger struct{ e *Engine }

func (m messenger) Send(ctx context.Context, chatID int64, thread int, userID int64, text string, markup *models.InlineKeyboardMarkup) (int, error) {
	return m.e.sendIn(ctx, chatID, thread, userID, text, markup)
}

// Edit replaces the text and buttons of a message of the bot's.
func (m messenger) Edit(ctx context.Context, chatID int64, msgID int, text string, markup *models.InlineKeyboardMarkup) error {
	b, err := m.e.api()
	if err != nil {
		return err
	}
	return telegram.EditHTML(ctx, b, chatID, msgID, text, markup)
}

func (m messenger) Delete(ctx context.Context, chatID int64, msgID int) {
	m.e.deleteMessage(ctx, chatID, msgID)
}

func (m messenger) DeleteAfter(chatID int64, msgID int, d time.Duration, ok func() bool) string {
	return m.e.deletions.After(chatID, msgID, d, ok)
}

func (m messenger) TimerDone(id string) { m.e.timerDone(id) }
