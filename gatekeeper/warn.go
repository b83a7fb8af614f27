package gatekeeper

import (
	"html"
	"strconv"
	"strings"

	"github.com/go-telegram/bot/models"

	"github.com/nezuko/nezuko/gatekeeper/groups"
	"github.com/nezuko/nezuko/gatekeeper/i18n"
)

// verifyPrefix starts the callback data of an "I have joined" button; the rest is the
// id of the warned user, so only they can use it (gap G19).
const verifyPrefix = "nzv:"

// Why a warning is sent.
const (
	reasonJoin    = iota // a new member
	reasonMessage        // a member wrote without the channels
	reasonLeft           // a member left a channel
)

// combinedPrefix starts the callback data of a combined warning's "I have joined";
// the rest is the warning's id. It checks whoever presses it, and acts only for a
// user the warning is for.
const combinedPrefix = "nzb:"

// combinedData is the callback data of a combined warning's button.
func combinedData(id int64) string { return combinedPrefix + strconv.FormatInt(id, 10) }

// parseCombinedData returns the combined warning of a button's data.
func parseCombinedData(data string) (int64, bool) {
	rest, ok := strings.CutPrefix(data, combinedPrefix)
	if !ok {
		return 0, false
	}
	id, err := strconv.ParseInt(rest, 10, 64)
	return id, err == nil
}

// verifyData is the callback data of the warned user's button.
func verifyData(userID int64) string { return verifyPrefix + strconv.FormatInt(userID, 10) }

// parseVerifyData returns the warned user of a button's data.
func parseVerifyData(data string) (int64, bool) {
	rest, ok := strings.CutPrefix(data, verifyPrefix)
	if !ok {
		return 0, false
	}
	id, err := strconv.ParseInt(rest, 10, 64)
	return id, err == nil
}

// channelName is how a channel is named to people: @username, else its title.
func channelName(ch channelInfo) string {
	switch {
	case ch.Username != "":
		return "@" + ch.Username
	case ch.Title != "":
		return ch.Title
	}
	return "the channel"
}

// channelURL is where a join button leads: the bot's own link for the group (a
// join-request link when pending requests count), else the channel's invite link,
// else t.me/username.
func channelURL(ch channelInfo) string {
	switch {
	case ch.GroupLink != "":
		return ch.GroupLink
	case ch.InviteLink != "":
		return ch.InviteLink
	case ch.Username != "":
		return "https://t.me/" + ch.Username
	}
	return ""
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
func warningText(g *groupInfo, u *models.User, missing []channelInfo, reason int) string {
	names := make([]string, len(missing))
	for i, ch := range missing {
		names[i] = html.EscapeString(channelName(ch))
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

// warnFacts is what a warning is about, kept so that warnings can be combined into
// one message under a burst (combine.go).
type warnFacts struct {
	mention string        // HTML mention of the user
	name    string        // the mention's visible text
	missing []channelInfo // the channels they miss
	g       *groupInfo    // the group as the warning was decided (language, template, title)
	button  bool          // it has an "I have joined" button (the user was not kicked)
}

// warningKeyboard has one join button per missing channel and, unless the user was
// removed from the group, the warned user's "I have joined" button (callback data).
func warningKeyboard(lang string, data string, missing []channelInfo) *models.InlineKeyboardMarkup {
	rows := make([][]models.InlineKeyboardButton, 0, len(missing)+1)
	for _, ch := range missing {
		if u := channelURL(ch); u != "" {
			rows = append(rows, []models.InlineKeyboardButton{{Text: i18n.T(lang, i18n.BtnJoin, "channel", channelName(ch)), URL: u}})
		}
	}
	if data != "" {
		rows = append(rows, []models.InlineKeyboardButton{{Text: i18n.T(lang, i18n.BtnJoined), CallbackData: data}})
	}
	return &models.InlineKeyboardMarkup{InlineKeyboard: rows}
}

// missingList names the channels still missing, for the button's alert.
func missingList(missing []channelInfo) string {
	names := make([]string, len(missing))
	for i, ch := range missing {
		names[i] = channelName(ch)
	}
	return strings.Join(names, ", ")
}
