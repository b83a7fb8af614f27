package gatekeeper

import (
	"context"
	"html"
	"strconv"
	"strings"
	"time"

	"github.com/go-telegram/bot"
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
	return &warnings.Facts{Mention: mention(u), Name: displayName(u), Missing: missing,
		Language: g.Policy.Language, Template: g.Policy.WarningText, Title: g.Title, Button: button}
}

// mention is an HTML link to the user.
func mention(u *models.User) string {
	return `<a href="tg://user?id=` + strconv.FormatInt(u.ID, 10) + `">` + html.EscapeString(displayName(u)) + `</a>`
}

// displayName is how a user is named in a mention.
func displayName(u *models.User) string {
	if name := strings.TrimSpace(u.FirstName + " " + u.LastName); name != "" {
		return name
	}
	return "there"
}

// warningText is the HTML text of a warning, in the group's language.
func warningText(g *groups.Group, u *models.User, missing []store.Channel, reason int) string {
	names := make([]string, len(missing))
	for i, ch := range missing {
		names[i] = html.EscapeString(warnings.ChannelName(ch))
	}
	list := strings.Join(names, ", ")
	if t := g.Policy.WarningText; t != "" {
		return strings.NewReplacer("{user}", mention(u), "{channels}", list,
			"{group}", html.EscapeString(g.Title)).Replace(html.EscapeString(t))
	}
	key := i18n.WarnMessage
	switch {
	case g.Policy.Action == groups.ActionKick:
		key = i18n.WarnKick
	case g.Policy.Action == groups.ActionDelete && reason == reasonMessage:
		key = i18n.WarnDelete
	case reason == reasonJoin:
		key = i18n.WarnJoin
	case reason == reasonLeft:
		key = i18n.WarnLeft
	}
	return i18n.T(g.Policy.Language, key, "user", mention(u), "channels", list, "group", html.EscapeString(g.Title))
}

// missingList names the channels still missing, for the button's alert.
func missingList(missing []store.Channel) string {
	names := make([]string, len(missing))
	for i, ch := range missing {
		names[i] = warnings.ChannelName(ch)
	}
	return strings.Join(names, ", ")
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
	p := &bot.EditMessageTextParams{ChatID: chatID, MessageID: msgID, Text: text, ParseMode: models.ParseModeHTML,
		LinkPreviewOptions: &models.LinkPreviewOptions{IsDisabled: bot.True()}}
	if markup != nil {
		p.ReplyMarkup = markup
	}
	_, err = b.EditMessageText(telegram.WithCall(ctx, chatID, 0), p)
	return err
}

func (m messenger) Delete(ctx context.Context, chatID int64, msgID int) {
	m.e.deleteMessage(ctx, chatID, msgID)
}

func (m messenger) DeleteAfter(chatID int64, msgID int, d time.Duration, ok func() bool) string {
	return m.e.deletions.After(chatID, msgID, d, ok)
}

func (m messenger) TimerDone(id string) { m.e.timerDone(id) }
