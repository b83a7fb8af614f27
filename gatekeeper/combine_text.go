package gatekeeper

import (
	"html"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/go-telegram/bot/models"

	"github.com/nezuko/nezuko/gatekeeper/i18n"
)

// render is a combined warning's text and buttons, and the users it names: the
// newest not named yet first, then the newest named already, at most maxNamed
// within namedChars, listed in the order they came; the others are counted ("and
// 950 others"). The text follows the newest user's group settings (language,
// warning_text with {user} as the list). The caller holds w.mu.
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
	for n := maxNamed; ; n /= 2 {
		named := pickNamed(b.members, n)
		text := combinedText(g, b.button, named, len(b.members)-len(named), missing)
		if visibleLen(text) <= maxVisible || n == 0 {
			return text, markup, named
		}
	}
}

// pickNamed chooses the users a combined warning names (see render), in arrival order.
func pickNamed(members []*warning, n int) []*warning {
	var picked []*warning
	chars := 0
	take := func(unnamed bool) {
		for i := len(members) - 1; i >= 0 && len(picked) < n; i-- {
			m := members[i]
			if m.named == unnamed {
				continue
			}
			if l := utf16Len(m.facts.name) + 2; chars+l <= namedChars {
				picked, chars = append(picked, m), chars+l
			}
		}
	}
	take(true)
	take(false)
	slices.SortFunc(picked, func(a, c *warning) int {
		return slices.Index(members, a) - slices.Index(members, c)
	})
	return picked
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

var htmlTag = regexp.MustCompile(`<[^>]*>`)

// visibleLen is the length Telegram counts of an HTML text the engine built: tags
// removed, entities decoded, in UTF-16 code units.
func visibleLen(s string) int {
	return utf16Len(html.UnescapeString(htmlTag.ReplaceAllString(s, "")))
}

// utf16Len counts UTF-16 code units, Telegram's unit of text length.
func utf16Len(s string) int { return len(utf16.Encode([]rune(s))) }
