package groupsettings_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper/groupsettings"
	"github.com/nezuko/nezuko/gatekeeper/i18n"
)

// group is a group with two channels, one of them private, and the given params.
func group(p c.GroupParams) groupsettings.Group {
	return groupsettings.Group{Title: "Cats & Dogs", Language: "en", Params: p, DefaultTTL: 60 * time.Second,
		Channels: []groupsettings.Channel{{ID: -100, Username: "news", Name: "@news", CountRequests: true},
			{ID: -200, Name: "Secret <club>"}}}
}

func ptr(n int) *int { return &n }

// Card shows every setting (unset ones as their defaults, admin_config's TTL
// included), each channel's requests setting and the hint, escaped.
func TestCard(t *testing.T) {
	got := groupsettings.Card(group(c.GroupParams{}))
	want := "<b>Settings of Cats &amp; Dogs</b>" +
		"\naction: <code>mute</code>\nmode: <code>enforce</code>\non_error: <code>restrict</code>\nlanguage: <code>en</code>" +
		"\nwarning_ttl_seconds: <code>60</code> (default)\nwarning_text: default\nexempt_user_ids: none\njoin_requests: <code>off</code>" +
		"\nrequests: @news <code>on</code>, Secret &lt;club&gt; <code>off</code>" +
		"\n\n" + i18n.T("en", i18n.SettingsHint)
	if got != want {
		t.Fatalf("Card =\n%s\nwant\n%s", got, want)
	}

	g := group(c.GroupParams{Action: "kick", Mode: "observe", OnError: "allow", Language: "de", WarningTTLSeconds: ptr(0),
		WarningText: "Hi <{user}>", ExemptUserIDs: []int64{7, 8}, JoinRequests: true})
	g.Language, g.Channels = "de", nil
	got = groupsettings.Card(g)
	for _, line := range []string{"\naction: <code>kick</code>\n", "\nmode: <code>observe</code>\n", "\non_error: <code>allow</code>\n",
		"\nlanguage: <code>de</code>\n", "\nwarning_ttl_seconds: <code>0</code>\n", "\nwarning_text: <i>Hi &lt;{user}&gt;</i>\n",
		"\nexempt_user_ids: <code>7</code>, <code>8</code>\n", "\njoin_requests: <code>on</code>\n\n"} {
		if !strings.Contains(got, line) {
			t.Errorf("Card lacks %q:\n%s", line, got)
		}
	}
	if strings.Contains(got, "\nrequests: ") {
		t.Errorf("a group without channels shows requests:\n%s", got)
	}
}

// Summary is /status's line: the four enum settings, defaults for unset ones.
func TestSummary(t *testing.T) {
	got := groupsettings.Summary("en", c.GroupParams{Mode: "observe", WarningTTLSeconds: ptr(5)})
	want := "action <code>mute</code> · mode <code>observe</code> · on_error <code>restrict</code> · language <code>en</code>"
	if got != want {
		t.Fatalf("Summary = %q, want %q", got, want)
	}
}

// Parse changes one setting, or refuses with the reason, in the group's language.
func TestParse(t *testing.T) {
	saved := func(lang, key, value string) groupsettings.Reply {
		return groupsettings.Reply{Lang: lang, Key: i18n.SettingsSaved, Args: []string{"key", key, "value", value}}
	}
	refused := func(k i18n.Key, args ...string) groupsettings.Change {
		return groupsettings.Change{Kind: groupsettings.Refuse, Reply: groupsettings.Reply{Lang: "en", Key: k, Args: args}}
	}
	save := func(p c.GroupParams, r groupsettings.Reply) groupsettings.Change {
		return groupsettings.Change{Kind: groupsettings.Save, Params: p, Reply: r}
	}
	start := c.GroupParams{ExemptUserIDs: []int64{5}}
	with := func(f func(p *c.GroupParams)) c.GroupParams {
		p := start
		p.ExemptUserIDs = []int64{5}
		f(&p)
		return p
	}
	for _, tc := range []struct {
		text string
		want groupsettings.Change
	}{
		{"/settings mode observe", save(with(func(p *c.GroupParams) { p.Mode = "observe" }), saved("en", "mode", "observe"))},
		{"/settings ACTION Kick", save(with(func(p *c.GroupParams) { p.Action = "kick" }), saved("en", "action", "kick"))},
		{"/settings on_error allow", save(with(func(p *c.GroupParams) { p.OnError = "allow" }), saved("en", "on_error", "allow"))},
		{"/settings language es", save(with(func(p *c.GroupParams) { p.Language = "es" }), saved("es", "language", "es"))},
		{"/settings action explode", refused(i18n.SettingsBadValue, "key", "action", "values", "mute, kick, delete")},
		{"/settings language xx", refused(i18n.SettingsBadValue, "key", "language", "values", "en, de, es")},
		{"/settings mode", refused(i18n.SettingsBadValue, "key", "mode", "values", "enforce, observe")},
		{"/settings warning_ttl_seconds 5", save(with(func(p *c.GroupParams) { p.WarningTTLSeconds = ptr(5) }),
			saved("en", "warning_ttl_seconds", "5"))},
		{"/settings warning_ttl_seconds default", save(start, saved("en", "warning_ttl_seconds", "default"))},
		{"/settings warning_ttl_seconds -3", refused(i18n.SettingsBadNumber, "key", "warning_ttl_seconds", "min", "0", "max", "86400")},
		{"/settings warning_ttl_seconds 86401", refused(i18n.SettingsBadNumber, "key", "warning_ttl_seconds", "min", "0", "max", "86400")},
		{"/settings  warning_text   Hey {user},\n<join> {channels}!", save(with(func(p *c.GroupParams) { p.WarningText = "Hey {user},\n<join> {channels}!" }),
			saved("en", "warning_text", "Hey {user},\n&lt;join&gt; {channels}!"))},
		{"/settings warning_text DEFAULT", save(start, saved("en", "warning_text", "default"))},
		{"/settings warning_text", save(start, saved("en", "warning_text", "default"))},
		{"/settings warning_text " + strings.Repeat("é", 1001), refused(i18n.SettingsTooLong, "key", "warning_text", "max", "1000")},
		{"/settings join_requests yes", groupsettings.Change{Kind: groupsettings.Save, Recheck: true,
			Params: with(func(p *c.GroupParams) { p.JoinRequests = true }), Reply: saved("en", "join_requests", "on")}},
		{"/settings join_requests 0", groupsettings.Change{Kind: groupsettings.Save, Recheck: true, Params: start,
			Reply: saved("en", "join_requests", "off")}},
		{"/settings join_requests maybe", refused(i18n.SettingsBadValue, "key", "join_requests", "values", "on, off")},
		{"/settings exempt add 77", save(with(func(p *c.GroupParams) { p.ExemptUserIDs = []int64{5, 77} }),
			groupsettings.Reply{Lang: "en", Key: i18n.SettingsExemptAdded, Args: []string{"id", "77"}})},
		{"/settings exempt_user_ids ADD 5", save(start, groupsettings.Reply{Lang: "en", Key: i18n.SettingsExemptAdded, Args: []string{"id", "5"}})},
		{"/settings exempt remove 5", save(with(func(p *c.GroupParams) { p.ExemptUserIDs = []int64{} }),
			groupsettings.Reply{Lang: "en", Key: i18n.SettingsExemptRemoved, Args: []string{"id", "5"}})},
		{"/settings exempt add", refused(i18n.SettingsBadID)},
		{"/settings exempt add -4", refused(i18n.SettingsBadID)},
		{"/settings exempt drop 4", refused(i18n.SettingsBadID)},
		{"/settings exempt add 99999999999999999999", refused(i18n.SettingsBadID)},
		{"/settings requests @News on", groupsettings.Change{Kind: groupsettings.Requests, Channel: 0, On: true, Recheck: true,
			Reply: saved("en", "requests @news", "on")}},
		{"/settings requests -200 off", groupsettings.Change{Kind: groupsettings.Requests, Channel: 1, Recheck: true,
			Reply: saved("en", "requests Secret &lt;club&gt;", "off")}},
		{"/settings requests @other on", refused(i18n.SettingsRequestsUsage, "channels", "@news, Secret &lt;club&gt;")},
		{"/settings requests @news", refused(i18n.SettingsRequestsUsage, "channels", "@news, Secret &lt;club&gt;")},
		{"/settings requests @news perhaps", refused(i18n.SettingsBadValue, "key", "requests", "values", "on, off")},
		{"/settings colour <blue>", refused(i18n.SettingsUnknown, "key", "colour", "keys",
			"action, mode, on_error, language, warning_ttl_seconds, warning_text, exempt_user_ids, join_requests, exempt, requests")},
	} {
		t.Run(tc.text, func(t *testing.T) {
			g := group(start)
			got := groupsettings.Parse(g, strings.Fields(tc.text)[1:], tc.text)
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("Parse =\n%+v\nwant\n%+v", got, tc.want)
			}
			if len(g.Params.ExemptUserIDs) != 1 || g.Params.ExemptUserIDs[0] != 5 {
				t.Fatalf("Parse changed the group's params: %v", g.Params.ExemptUserIDs)
			}
		})
	}
}

// A refusal is in the group's language, a saved language change in the new one.
func TestParseReplyLanguage(t *testing.T) {
	g := group(c.GroupParams{Language: "de"})
	g.Language = "de"
	if got := groupsettings.Parse(g, []string{"language", "xx"}, "").Reply.Text(); got != "language muss einer dieser Werte sein: en, de, es." {
		t.Errorf("refusal = %q", got)
	}
	if got := groupsettings.Parse(g, []string{"language", "es"}, "").Reply.Text(); got != "Guardado: language = es" {
		t.Errorf("saved = %q", got)
	}
	if got := groupsettings.Parse(g, []string{"warning_text", "default"}, "/settings warning_text default").Reply.Text(); !strings.HasSuffix(got, "= "+i18n.T("de", i18n.Default)) {
		t.Errorf("warning_text default = %q", got)
	}
}
