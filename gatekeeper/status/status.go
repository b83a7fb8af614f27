// Package status words the /status answer of a protected group.
//
// The answer names the group's state, channels, counts, settings and rights health,
// in the group's language (package gatekeeper/i18n). The engine gathers the facts
// (Report: the rights health checked afresh, the counts from the store and
// Config.Stats) and answers group admins with Text:
//
//	text := status.Text(lang, status.Report{Title: g.Title, Enabled: g.Enabled, …})
package status

import (
	"html"
	"strconv"
	"strings"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper/i18n"
	"github.com/nezuko/nezuko/gatekeeper/rights"
)

// Report is what /status shows of one group.
type Report struct {
	Title      string
	Enabled    bool      // protection is on
	Observe    bool      // mode observe: decisions are logged, not acted on
	Channels   []Channel // the required channels, in their order; none: not set up
	Members    int       // the group's member count; negative when unknown
	Verified   int       // distinct users verified in the last 24 h
	Restricted int       // distinct users restricted in the last 24 h
	Errors     int       // distinct users whose lookup failed in the last 24 h
	Settings   string    // the main settings as HTML (groupsettings.Summary)
	Health     c.GroupHealth
}

// Channel is one of the group's required channels with its counts.
type Channel struct {
	Name        string // as the group's texts name it (@username or title), not escaped
	Subscribers int    // its subscriber count
	Brought     int    // users who joined it as members through the group's invite links in the last 7 days
}

// Text is the /status answer as HTML.
func Text(lang string, r Report) string {
	var sb strings.Builder
	line := func(s string) { sb.WriteString("\n" + s) }
	sb.WriteString(i18n.T(lang, i18n.StatusTitle, "group", esc(r.Title)))
	switch {
	case len(r.Channels) == 0:
		line(i18n.T(lang, i18n.StatusNotSetUp))
	case r.Enabled:
		line(i18n.T(lang, i18n.StatusOn))
	default:
		line(i18n.T(lang, i18n.StatusOff))
	}
	if r.Observe {
		line(i18n.T(lang, i18n.StatusObserve))
	}
	if len(r.Channels) > 0 {
		line(i18n.T(lang, i18n.StatusChannels))
		for _, ch := range r.Channels {
			line(i18n.T(lang, i18n.StatusChannel, "channel", esc(ch.Name), "count", strconv.Itoa(ch.Subscribers)))
		}
	}
	if r.Members >= 0 {
		line(i18n.T(lang, i18n.StatusMembers, "count", strconv.Itoa(r.Members)))
	}
	line(i18n.T(lang, i18n.StatusLast24, "verified", strconv.Itoa(r.Verified),
		"restricted", strconv.Itoa(r.Restricted), "errors", strconv.Itoa(r.Errors)))
	if len(r.Channels) > 0 {
		items := make([]string, len(r.Channels))
		for i, ch := range r.Channels {
			items[i] = i18n.T(lang, i18n.StatusBroughtItem, "count", strconv.Itoa(ch.Brought), "channel", esc(ch.Name))
		}
		line(i18n.T(lang, i18n.StatusBrought, "list", strings.Join(items, ", ")))
	}
	line(i18n.T(lang, i18n.StatusSettings, "settings", r.Settings))
	line(health(lang, r.Health))
	return sb.String()
}

// health is the rights health part of /status: all well, or each chat with the
// rights the bot lacks there and how to fix it.
func health(lang string, h c.GroupHealth) string {
	if h.OK || len(h.Problems) == 0 {
		return i18n.T(lang, i18n.HealthOK)
	}
	var sb strings.Builder
	sb.WriteString(i18n.T(lang, i18n.HealthBad))
	for _, p := range h.Problems {
		names := make([]string, len(p.Missing))
		for i, r := range p.Missing {
			names[i] = rightName(lang, r)
		}
		sb.WriteString("\n" + i18n.T(lang, i18n.HealthLine, "chat", esc(p.Title), "missing", strings.Join(names, ", ")))
	}
	sb.WriteString("\n" + i18n.T(lang, i18n.HealthFix))
	return sb.String()
}

// rightNames are the catalog's words for the rights package rights names.
var rightNames = map[string]i18n.Key{
	rights.Admin: i18n.RightAdmin, rights.Member: i18n.RightMember, rights.Restrict: i18n.RightRestrict,
	rights.Delete: i18n.RightDelete, rights.Invite: i18n.RightInvite, rights.Supergroup: i18n.RightSupergroup,
	rights.GroupLink: i18n.RightGroupLink,
}

// rightName is a missing right in words (an unknown one as it is, escaped).
func rightName(lang, right string) string {
	if k, ok := rightNames[right]; ok {
		return i18n.T(lang, k)
	}
	return esc(right)
}

func esc(s string) string { return html.EscapeString(s) }
