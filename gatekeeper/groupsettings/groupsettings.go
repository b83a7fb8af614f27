// Package groupsettings owns the pure part of the /settings chat command.
//
// It reads a group admin's "/settings KEY VALUE…" against the group's params and
// renders them.
// "/settings" alone shows every setting and its value (Card), in the group's language
// (package gatekeeper/i18n). "/settings KEY VALUE" changes one (Parse): action
// mute|kick|delete, mode enforce|observe, on_error restrict|allow, language,
// warning_ttl_seconds (0..collections.MaxWarningTTL, or "default" for admin_config's),
// warning_text (the rest of the message, spacing and case kept; "default" restores the
// catalog's) and join_requests on|off; "/settings exempt add|remove ID" edits
// exempt_user_ids. "/settings requests @channel on|off" sets whether a pending join
// request to that channel counts as joining it (enforced_channels.count_join_requests):
// the setting belongs to the channel, every group that requires it, so the engine lets
// only an administrator of the channel change it, besides being an admin of the group.
// The values allowed are collections.ParamRules', the one description of group
// settings that REST and the dashboard check too; an unset enum shows its first value,
// the default.
//
// Parse saves and sends nothing: it returns the Change to make and the Reply to
// give; the engine checks who may ask, saves (after collections' validation) and
// replies:
//
//	ch := groupsettings.Parse(g, args, m.Text)
//	switch ch.Kind {
//	case groupsettings.Save:
//		save(ch.Params) // collections' validation first
//	case groupsettings.Requests:
//		saveChannel(g.Channels[ch.Channel], ch.On) // an admin of the channel only
//	}
//	reply(ch.Reply.Text())
package groupsettings

import (
	"html"
	"strconv"
	"strings"
	"time"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper/i18n"
)

// Keys of /settings beside the params' own.
const (
	exemptKey   = "exempt"   // short for exempt_user_ids: "/settings exempt add ID"
	requestsKey = "requests" // the channels' count_join_requests: "/settings requests @channel on|off"
)

// keys are the params /settings shows and changes, in its order.
var keys = []string{c.ParamAction, c.ParamMode, c.ParamOnError, c.ParamLanguage, c.ParamWarningTTL,
	c.ParamWarningText, c.ParamExemptUsers, c.ParamJoinRequests}

// Group is what /settings knows of a protected group.
type Group struct {
	Title      string
	Language   string        // the catalog language the group is answered in
	Params     c.GroupParams // protected_groups.params as stored
	Channels   []Channel     // the required channels, in their order
	DefaultTTL time.Duration // admin_config warning_ttl_seconds, for an unset warning_ttl_seconds
}

// Channel is one of the group's required channels.
type Channel struct {
	ID            int64
	Username      string // without @; "" for a private channel
	Name          string // as the group's texts name it (@username or title), not escaped
	CountRequests bool   // a pending join request to it counts as membership
}

// Card is the answer to "/settings": every setting with its value, and how to change one.
func Card(g Group) string {
	var sb strings.Builder
	sb.WriteString(i18n.T(g.Language, i18n.SettingsTitle, "group", esc(g.Title)))
	for _, k := range keys {
		sb.WriteString("\n" + k + ": " + value(g.Language, g.Params, k, g.DefaultTTL))
	}
	if len(g.Channels) > 0 {
		sb.WriteString("\n" + requestsKey + ": " + requestsValue(g.Channels))
	}
	sb.WriteString("\n\n" + i18n.T(g.Language, i18n.SettingsHint))
	return sb.String()
}

// Summary is the settings part of /status: action, mode, on_error and language with
// their values, as HTML.
func Summary(lang string, p c.GroupParams) string {
	set := make([]string, 0, 4)
	for _, k := range []string{c.ParamAction, c.ParamMode, c.ParamOnError, c.ParamLanguage} {
		set = append(set, k+" "+value(lang, p, k, 0))
	}
	return strings.Join(set, " · ")
}

// value is one setting's value as HTML; an unset one shows its default.
func value(lang string, p c.GroupParams, key string, defaultTTL time.Duration) string {
	if v, values := enum(&p, key); v != nil {
		if *v == "" {
			return code(values[0])
		}
		return code(*v)
	}
	switch key {
	case c.ParamWarningTTL:
		if p.WarningTTLSeconds == nil {
			return code(strconv.Itoa(int(defaultTTL.Seconds()))) + " (" + i18n.T(lang, i18n.Default) + ")"
		}
		return code(strconv.Itoa(*p.WarningTTLSeconds))
	case c.ParamWarningText:
		if p.WarningText == "" {
			return i18n.T(lang, i18n.Default)
		}
		return "<i>" + esc(p.WarningText) + "</i>"
	case c.ParamExemptUsers:
		if len(p.ExemptUserIDs) == 0 {
			return i18n.T(lang, i18n.None)
		}
		ids := make([]string, len(p.ExemptUserIDs))
		for i, id := range p.ExemptUserIDs {
			ids[i] = code(strconv.FormatInt(id, 10))
		}
		return strings.Join(ids, ", ")
	case c.ParamJoinRequests:
		return code(onOff(p.JoinRequests))
	}
	return ""
}

// requestsValue shows, per channel, whether its pending join requests count.
func requestsValue(chs []Channel) string {
	parts := make([]string, len(chs))
	for i, ch := range chs {
		parts[i] = esc(ch.Name) + " " + code(onOff(ch.CountRequests))
	}
	return strings.Join(parts, ", ")
}

func code(v string) string { return "<code>" + esc(v) + "</code>" }

func esc(s string) string { return html.EscapeString(s) }

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}
