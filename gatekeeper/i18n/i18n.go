// Package i18n holds the bot's message catalogs (English, complete and the fallback;
// Spanish; German) and picks a text by language.
//
//	text := i18n.T(lang, i18n.WarnJoin, "user", mention, "channels", list, "group", title)
package i18n

import (
	"slices"
	"strings"
)

// Key names one text of the message catalog.
type Key int

// The catalog's texts. Every text is Telegram HTML; the values put into its
// {placeholders} are escaped by the caller or are HTML the engine built.
const (
	WarnJoin Key = iota
	WarnMessage
	WarnLeft
	WarnKick
	WarnDelete
	WarnSenderChat
	WarnSenderChatBanned
	WarnCombined     // several users at once, under a burst (package warnings)
	WarnCombinedKick // the same, kicked
	WarnOthers       // "{users} and {count} others"
	WarnOthersOnly   // "{count} members", when no name fits
	BtnJoin
	BtnJoined
	AnsNotYours
	AnsVerified
	AnsMissing
	AnsFailed
	AnsChecking
	ReqDM
	ReqApproved
	ReqExpired
	AnsReqGone
	NotAdmin
	GroupsOnly
	Usage
	NeedRights
	NotProtected
	Unprotected
	SaveFailed
	CheckFailed
	ChannelAbsent
	CantFind
	NotChannel
	NeedChannelAdmin
	Protected
	NoLongerRequired
	NoChannelLeft
	SettingsTitle
	SettingsHint
	SettingsSaved
	SettingsBadValue
	SettingsBadNumber
	SettingsUnknown
	SettingsBadID
	SettingsTooLong
	SettingsExemptAdded
	SettingsExemptRemoved
	Default
	None
	StatusTitle
	StatusOn
	StatusOff
	StatusNotSetUp
	StatusObserve
	StatusChannels
	StatusChannel
	StatusMembers
	StatusLast24
	StatusBrought
	StatusBroughtItem
	StatusSettings
	HealthOK
	HealthBad
	HealthLine
	HealthFix
	RightAdmin
	RightMember
	RightRestrict
	RightDelete
	RightInvite
	RightSupergroup
	RightGroupLink
	SettingsRequestsUsage
	SettingsRequestsNotAdmin
	NeedSupergroup
	PrivateNoInvite
	PrivateNotYours
	StartPrivate
	StartGroup
	HelpPrivate
	HelpGroup
	AddedHint
	AddedHintAdmin
	BtnAddToGroup
	MenuStart
	MenuHelp
	MenuProtect
	MenuUnprotect
	MenuStatus
	MenuSettings
	numKeys // keep last: the number of keys
)

// NoText is the Key of no text at all (T gives "").
const NoText Key = -1

// catalogs holds every language's texts; English is complete and the fallback.
var catalogs = map[string]map[Key]string{"en": catalogEN, "es": catalogES, "de": catalogDE}

// Languages are the codes /settings language accepts, English first.
func Languages() []string {
	out := make([]string, 0, len(catalogs))
	for code := range catalogs {
		if code != "en" {
			out = append(out, code)
		}
	}
	slices.Sort(out)
	return append([]string{"en"}, out...)
}

// Supported reports whether a language has a catalog.
func Supported(lang string) bool { _, ok := catalogs[lang]; return ok }

// T returns a text in lang (English when lang or the text is missing) with its
// placeholders replaced: args are name, value pairs ("channels", list, …).
func T(lang string, key Key, args ...string) string {
	s, ok := catalogs[lang][key]
	if !ok {
		s = catalogEN[key]
	}
	if len(args) == 0 {
		return s
	}
	return fill(s, args)
}

// fill replaces each {name} of s with its value in args (name, value pairs), left to
// right, values not scanned again: what strings.NewReplacer does, without building
// one per text (a warning is a text per join).
func fill(s string, args []string) string {
	var b strings.Builder
	b.Grow(len(s) + 64)
	for i := 0; i < len(s); {
		if s[i] == '{' {
			if end := strings.IndexByte(s[i+1:], '}'); end >= 0 {
				if v, ok := arg(args, s[i+1:i+1+end]); ok {
					b.WriteString(v)
					i += end + 2
					continue
				}
			}
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

// arg is the value of name in args (name, value pairs; the first pair wins).
func arg(args []string, name string) (string, bool) {
	for i := 0; i+1 < len(args); i += 2 {
		if args[i] == name {
			return args[i+1], true
		}
	}
	return "", false
}

// UserLang picks a catalog for a private chat from the user's Telegram language
// (language_code, e.g. "es-ES"); English when there is none for it.
func UserLang(code string) string {
	code, _, _ = strings.Cut(strings.ToLower(code), "-")
	if Supported(code) {
		return code
	}
	return "en"
}

// DefaultWarning is the warning a member who writes without the channels gets in
// lang when the group has no warning_text, under action (mute, kick or delete; any
// other is mute), with its {user} and {channels} placeholders unreplaced.
func DefaultWarning(lang, action string) string {
	switch action {
	case "kick":
		return T(lang, WarnKick)
	case "delete":
		return T(lang, WarnDelete)
	}
	return T(lang, WarnMessage)
}
