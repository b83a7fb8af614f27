package warnings

import (
	"slices"
	"strconv"
	"strings"

	"github.com/go-telegram/bot/models"

	"github.com/nezuko/nezuko/gatekeeper/combine"
	"github.com/nezuko/nezuko/gatekeeper/i18n"
	"github.com/nezuko/nezuko/gatekeeper/store"
)

// Facts is what a warning is about, kept so that warnings can be combined into one
// message under a burst: the user, the channels they miss, and the group as the
// warning was decided (its language, warning_text template and title).
type Facts struct {
	Mention  string          // HTML mention of the user
	Name     string          // the mention's visible text
	Missing  []store.Channel // the channels they miss
	Language string          // the group's language
	Template string          // the group's warning_text ({user} {channels} {group}); "" = the catalog's
	Title    string          // the group's title
	Button   bool            // it has an "I have joined" button (the user was not kicked)
}

// render is a combined warning's text and buttons, and the users it names (the
// newest not named yet first, then the newest named already, at most
// combine.MaxNamed within combine.NamedChars, listed in the order they came; the
// others are counted: "and 950 others"). The text follows the newest user's group
// settings (language, warning_text with {user} as the list). The caller holds w.mu.
func (b *batch) render() (string, *models.InlineKeyboardMarkup, []*warning) {
	if len(b.members) == 0 {
		return "", nil, nil
	}
	newest := b.members[len(b.members)-1].facts
	lang := newest.Language
	missing := unionMissing(b.members)
	data := ""
	if b.button {
		data = combinedData(b.id)
	}
	markup := Keyboard(lang, data, missing)
	users := make([]combine.User, len(b.members))
	for i, m := range b.members {
		users[i] = combine.User{Name: m.facts.Name, Named: m.named}
	}
	var named []*warning
	text, _ := combine.Fit(users, func(idx []int) string {
		named = make([]*warning, len(idx))
		for i, k := range idx {
			named[i] = b.members[k]
		}
		return combinedText(newest, b.button, named, len(b.members)-len(named), missing)
	})
	return text, markup, named
}

// combinedText is the HTML of a combined warning naming the users (mentions) and
// counting others, in the group as newest (the newest user's facts) has it.
func combinedText(newest *Facts, button bool, named []*warning, others int, missing []store.Channel) string {
	lang := newest.Language
	names := make([]string, len(named))
	for i, m := range named {
		names[i] = m.facts.Mention
	}
	users := strings.Join(names, ", ")
	if others > 0 {
		users = i18n.T(lang, i18n.WarnOthers, "users", users, "count", strconv.Itoa(others))
		if len(named) == 0 {
			users = i18n.T(lang, i18n.WarnOthersOnly, "count", strconv.Itoa(others))
		}
	}
	key := i18n.WarnCombined
	if !button {
		key = i18n.WarnCombinedKick
	}
	return fill(newest, "users", users, missing, key)
}

// unionMissing is every channel one of the users misses, each once, in the order
// first seen.
func unionMissing(members []*warning) []store.Channel {
	var out []store.Channel
	for _, m := range members {
		for _, ch := range m.facts.Missing {
			if !slices.ContainsFunc(out, func(c store.Channel) bool { return c.ID == ch.ID }) {
				out = append(out, ch)
			}
		}
	}
	return out
}
