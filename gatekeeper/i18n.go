package gatekeeper

import (
	"html"
	"slices"
	"strings"
)

// msgKey names one text of the message catalog.
type msgKey int

// The catalog's texts. Every text is Telegram HTML; the values put into its
// {placeholders} are escaped by the caller (esc) or are HTML the engine built.
const (
	kWarnJoin msgKey = iota
	kWarnMessage
	kWarnLeft
	kWarnKick
	kWarnDelete
	kWarnSenderChat
	kWarnSenderChatBanned
	kWarnCombined     // several users at once, under a burst (combine.go)
	kWarnCombinedKick // the same, kicked
	kWarnOthers       // "{users} and {count} others"
	kWarnOthersOnly   // "{count} members", when no name fits
	kBtnJoin
	kBtnJoined
	kAnsNotYours
	kAnsVerified
	kAnsMissing
	kAnsFailed
	kAnsChecking
	kReqDM
	kReqApproved
	kReqExpired
	kAnsReqGone
	kNotAdmin
	kGroupsOnly
	kUsage
	kNeedRights
	kNotProtected
	kUnprotected
	kSaveFailed
	kCheckFailed
	kChannelAbsent
	kCantFind
	kNotChannel
	kNeedChannelAdmin
	kProtected
	kNoLongerRequired
	kNoChannelLeft
	kSettingsTitle
	kSettingsHint
	kSettingsSaved
	kSettingsBadValue
	kSettingsBadNumber
	kSettingsUnknown
	kSettingsBadID
	kSettingsTooLong
	kSettingsExemptAdded
	kSettingsExemptRemoved
	kDefault
	kNone
	kStatusTitle
	kStatusOn
	kStatusOff
	kStatusNotSetUp
	kStatusObserve
	kStatusChannels
	kStatusChannel
	kStatusMembers
	kStatusLast24
	kStatusBrought
	kStatusBroughtItem
	kStatusSettings
	kHealthOK
	kHealthBad
	kHealthLine
	kHealthFix
	kRightAdmin
	kRightMember
	kRightRestrict
	kRightDelete
	kRightInvite
	kRightSupergroup
	kRightGroupLink
	kSettingsRequestsUsage
	kSettingsRequestsNotAdmin
	kNeedSupergroup
	kPrivateNoInvite
	kPrivateNotYours
	kStartPrivate
	kStartGroup
	kHelpPrivate
	kHelpGroup
	kAddedHint
	kAddedHintAdmin
	kBtnAddToGroup
	kMenuStart
	kMenuHelp
	kMenuProtect
	kMenuUnprotect
	kMenuStatus
	kMenuSettings
	numKeys // keep last
)

// noProblem is the msgKey of no text at all.
const noProblem msgKey = -1

// catalogs holds every language's texts; English is complete and the fallback.
var catalogs = map[string]map[msgKey]string{"en": catalogEN, "es": catalogES, "de": catalogDE}

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

// supported reports whether a language has a catalog.
func supported(lang string) bool { _, ok := catalogs[lang]; return ok }

// tr returns a text in lang (English when lang or the text is missing) with its
// placeholders replaced: args are name, value pairs ("channels", list, …).
func tr(lang string, key msgKey, args ...string) string {
	s, ok := catalogs[lang][key]
	if !ok {
		s = catalogEN[key]
	}
	if len(args) == 0 {
		return s
	}
	pairs := make([]string, len(args))
	for i := 0; i+1 < len(args); i += 2 {
		pairs[i], pairs[i+1] = "{"+args[i]+"}", args[i+1]
	}
	return strings.NewReplacer(pairs...).Replace(s)
}

// esc escapes user-supplied text (names, titles, arguments) for Telegram HTML.
func esc(s string) string { return html.EscapeString(s) }

// userLang picks a catalog for a private chat from the user's Telegram language.
func userLang(code string) string {
	code, _, _ = strings.Cut(strings.ToLower(code), "-")
	if supported(code) {
		return code
	}
	return "en"
}
