package gatekeeper

import (
	"html"
	"slices"
	"strconv"
	"strings"

	"github.com/go-telegram/bot/models"

	"github.com/nezuko/nezuko/gatekeeper/combine"
	"github.com/nezuko/nezuko/gatekeeper/i18n"
)

// render is a combined warning's text and buttons, and the users it names (the
// newest not named yet first, then the newest named already, at most
// combine.MaxNamed within combine.NamedChars, listed in the order they came; the
// others are counted: "and 950 others"). The text follows the newest user's group
// settings (language, warning_text with {user} as the list). The caller holds w.mu.
func (b *batch) render() (string, *models.InlineKeyboardMarkup, []*warning) {
	if len(b.members) == 0 {
		return "", nil, nil
	}
	g := b.members[len(b.members)-1].facts.g
	lang := g.Policy.Language
	missing := unionMissing(b.members)
	data := ""
	if b.button {
		data = combinedData(b.id)
	}
	markup := warningKeyboard(lang, data, missing)
	users := make([]combine.User, len(b.members))
	for i, m := range b.members {
		users[i] = combine.User{Name: m.facts.name, Named: m.named}
	}
	var named []*warning
	text, _ := combine.Fit(users, func(idx []int) string {
		named = make([]*warning, len(idx))
		for i, k := range idx {
			named[i] = b.members[k]
		}
		return combinedText(g, b.button, named, len(b.members)-len(named), missing)
	})
	return text, markup, named
}

// combinedText is the HTML of a combined warning naming the users (mentions) and
// counting others.
func combinedText(g *groupInfo, button bool, named []*warning, others int, missing []channelInfo) string {
	lang := g.Policy.Language
	names := make([]string, len(named))
	for i, m := range named {
		names[i] = m.facts.mention
	}
	users := strings.Join(names, ", ")
	if others > 0 {
		users = i18n.T(lang, i18n.WarnOthers, "users", users, "count", strconv.Itoa(others))
		if len(named) == 0 {
			users = i18n.T(lang, i18n.WarnOthersOnly, "count", strconv.Itoa(others))
		}
	}
	chans := make([]string, len(missing))
	for i, ch := range missing {
		chans[i] = html.EscapeString(channelName(ch))
	}
	list := strings.Join(chans, ", ")
	if t := g.Policy.WarningText; t != "" {
		return strings.NewReplacer("{user}", users, "{channels}", list,
			"{group}", html.EscapeString(g.Title)).Replace(html.EscapeString(t))
	}
	key := i18n.WarnCombined
	if !button {
		key = i18n.WarnCombinedKick
	}
	return i18n.T(lang, key, "users", users, "channels", list, "group", html.EscapeString(g.Title))
}

// unionMissing is every channel one of the users misses, each once, in the order
// first seen.
func unionMissing(members []*warning) []channelInfo {
	var out []channelInfo
	for _, m := range members {
		for _, ch := range m.facts.missing {
			if !slices.ContainsFunc(out, func(c channelInfo) bool { return c.ID == ch.ID }) {
				out = append(out, ch)
			}
		}
	}
	return out
}
