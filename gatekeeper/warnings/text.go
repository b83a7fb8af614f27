package warnings

import (
	"html"
	"strconv"
	"strings"

	"github.com/go-telegram/bot/models"

	"github.com/nezuko/nezuko/gatekeeper/i18n"
	"github.com/nezuko/nezuko/gatekeeper/store"
)

// FactsOf is what a warning to u is about, in a group with that language, warning_text
// template and title; button says it carries an "I have joined" button.
func FactsOf(u *models.User, missing []store.Channel, language, template, title string, button bool) *Facts {
	return &Facts{Mention: Mention(u), Name: DisplayName(u), Missing: missing,
		Language: language, Template: template, Title: title, Button: button}
}

// Text is the HTML of one user's warning: the group's warning_text with {user},
// {channels} and {group} filled in, else the catalog's key (WarnJoin, WarnKick, …,
// the engine's choice) in the group's language.
func Text(f *Facts, key i18n.Key) string {
	return fill(f, "user", f.Mention, f.Missing, key)
}

// fill is a warning's HTML naming users (HTML already) under the catalog argument
// param: the template escaped with its placeholders replaced, else the catalog's key.
func fill(f *Facts, param, users string, missing []store.Channel, key i18n.Key) string {
	names := make([]string, len(missing))
	for i, ch := range missing {
		names[i] = html.EscapeString(ChannelName(ch))
	}
	list, title := strings.Join(names, ", "), html.EscapeString(f.Title)
	if t := f.Template; t != "" {
		return strings.NewReplacer("{user}", users, "{channels}", list, "{group}", title).Replace(html.EscapeString(t))
	}
	return i18n.T(f.Language, key, param, users, "channels", list, "group", title)
}

// Mention is an HTML link to the user, named by DisplayName.
func Mention(u *models.User) string {
	return `<a href="tg://user?id=` + strconv.FormatInt(u.ID, 10) + `">` + html.EscapeString(DisplayName(u)) + `</a>`
}

// DisplayName is how a user is named in a mention ("there" when they have no name).
func DisplayName(u *models.User) string {
	if name := strings.TrimSpace(u.FirstName + " " + u.LastName); name != "" {
		return name
	}
	return "there"
}

// ChannelList names the channels, comma-separated, as plain text (escape it for HTML).
func ChannelList(chs []store.Channel) string {
	names := make([]string, len(chs))
	for i, ch := range chs {
		names[i] = ChannelName(ch)
	}
	return strings.Join(names, ", ")
}
