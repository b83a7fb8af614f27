// Package combine owns the mechanics of combined raid warnings: when a group is under
// a burst, and which users one message names within Telegram's text limits.
//
// Telegram lets a bot send about 20 messages a minute into one group, edits
// included, so under a raid the engine names many users in one message (the batch's
// lifecycle and sending stay with package warnings). A message names at most
// MaxNamed users within NamedChars visible characters, the newest not named yet
// first, and its whole text stays within MaxVisible (Telegram's limit is 4096 UTF-16
// units after entity parsing):
//
//	text, named := combine.Fit(users, func(named []int) string { return render(named) })
package combine

import (
	"html"
	"regexp"
	"slices"
	"unicode/utf16"
)

// BurstMin is the fewest warnings asked for in a minute that make a burst.
const BurstMin = 3

// Burst reports whether a group that asked for asked warnings in the last minute is
// under a burst: more than max(BurstMin, perMinute/2), perMinute being
// rate_per_group_per_minute.
func Burst(asked, perMinute int) bool { return asked > max(BurstMin, perMinute/2) }

// Bounds of a combined warning's list of names. Telegram keeps a message's text to
// 4096 characters after entity parsing (sendMessage: "1-4096 characters after
// entities parsing") and to about 100 entities ("a single message can only support
// up to 100 markdown entities", tdlib/telegram-bot-api#820); each name is a link.
const (
	MaxNamed   = 50   // names (links) per message
	NamedChars = 3000 // visible characters the names may take
	MaxVisible = 4000 // visible characters of the whole text, with a margin
)

// User is one user a combined warning is for.
type User struct {
	Name  string // the visible text of their mention
	Named bool   // a combined warning has named them already
}

// Pick chooses the users a combined warning names: the newest not named yet first,
// then the newest named already, at most n within NamedChars. users are in arrival
// order; so are the indices it returns.
func Pick(users []User, n int) []int {
	var picked []int
	chars := 0
	take := func(unnamed bool) {
		for i := len(users) - 1; i >= 0 && len(picked) < n; i-- {
			if users[i].Named == unnamed {
				continue
			}
			if l := UTF16Len(users[i].Name) + 2; chars+l <= NamedChars {
				picked, chars = append(picked, i), chars+l
			}
		}
	}
	take(true)
	take(false)
	slices.Sort(picked)
	return picked
}

// Fit is the text naming the most users (Pick, from MaxNamed down, halving) whose
// visible length stays within MaxVisible, and the users it names; text builds the
// HTML for the named users (indices into users), counting the others.
func Fit(users []User, text func(named []int) string) (string, []int) {
	for n := MaxNamed; ; n /= 2 {
		named := Pick(users, n)
		s := text(named)
		if VisibleLen(s) <= MaxVisible || n == 0 {
			return s, named
		}
	}
}

var htmlTag = regexp.MustCompile(`<[^>]*>`)

// VisibleLen is the length Telegram counts of an HTML text the engine built: tags
// removed, entities decoded, in UTF-16 code units.
func VisibleLen(s string) int {
	return UTF16Len(html.UnescapeString(htmlTag.ReplaceAllString(s, "")))
}

// UTF16Len counts UTF-16 code units, Telegram's unit of text length.
func UTF16Len(s string) int { return len(utf16.Encode([]rune(s))) }
