package groupsettings

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper/i18n"
)

// Kind is what the engine does with a Change.
type Kind int

// Kinds of Change.
const (
	// Refuse: answer Reply; nothing changes.
	Refuse Kind = iota
	// Save: store Params, then answer Reply.
	Save
	// Requests: if the sender administers Channels[Channel], set its
	// count_join_requests to On, then answer Reply.
	Requests
)

// Change is one "/settings KEY VALUE…" read against a group.
type Change struct {
	Kind    Kind
	Params  c.GroupParams // Save: the group's params with the change made
	Channel int           // Requests: the channel's index in Group.Channels
	On      bool          // Requests: whether its pending join requests count
	Reply   Reply         // Refuse: why; else what to answer once saved
	Recheck bool          // the bot's rights are checked again once saved (join requests need one more)
}

// Reply is an answer from the message catalog, its arguments HTML-escaped already.
type Reply struct {
	Lang string
	Key  i18n.Key
	Args []string
}

// Text is the reply as HTML.
func (r Reply) Text() string { return i18n.T(r.Lang, r.Key, r.Args...) }

// Parse reads "/settings KEY VALUE…" (args: the words after the command, at least
// one; text: the whole message, for warning_text's spacing and case) against the
// group. A saved change is answered in the group's language, a new language's in
// that language.
func Parse(g Group, args []string, text string) Change {
	key := strings.ToLower(args[0])
	val := ""
	if len(args) > 1 {
		val = strings.ToLower(args[1])
	}
	refuse := func(k i18n.Key, args ...string) Change {
		return Change{Kind: Refuse, Reply: Reply{Lang: g.Language, Key: k, Args: args}}
	}
	p := g.Params
	p.ExemptUserIDs = slices.Clone(p.ExemptUserIDs)
	lang, shown := g.Language, val
	switch dst, values := enum(&p, key); {
	case dst != nil:
		if !slices.Contains(values, val) {
			return refuse(i18n.SettingsBadValue, "key", esc(key), "values", strings.Join(values, ", "))
		}
		*dst = val
		if key == c.ParamLanguage {
			lang = val
		}
	case key == c.ParamWarningTTL:
		if val == "default" {
			p.WarningTTLSeconds = nil
			break
		}
		n, err := strconv.Atoi(val)
		if err != nil || n < 0 || n > c.MaxWarningTTL {
			return refuse(i18n.SettingsBadNumber, "key", esc(key), "min", "0", "max", strconv.Itoa(c.MaxWarningTTL))
		}
		p.WarningTTLSeconds = &n
	case key == c.ParamWarningText:
		rest := rawRest(text, 2)
		if utf8.RuneCountInString(rest) > c.MaxWarningText {
			return refuse(i18n.SettingsTooLong, "key", esc(key), "max", strconv.Itoa(c.MaxWarningText))
		}
		if strings.EqualFold(rest, "default") || rest == "" {
			rest = ""
			shown = i18n.T(lang, i18n.Default)
		} else {
			shown = rest
		}
		p.WarningText = rest
	case key == c.ParamJoinRequests:
		on, valid := parseOnOff(val)
		if !valid {
			return refuse(i18n.SettingsBadValue, "key", esc(key), "values", "on, off")
		}
		p.JoinRequests, shown = on, onOff(on)
	case key == exemptKey, key == c.ParamExemptUsers:
		return exempt(g, p, args[1:])
	case key == requestsKey:
		return requests(g, args[1:])
	default:
		all := append(slices.Clone(keys), exemptKey, requestsKey)
		return refuse(i18n.SettingsUnknown, "key", esc(key), "keys", strings.Join(all, ", "))
	}
	return Change{Kind: Save, Params: p, Recheck: key == c.ParamJoinRequests,
		Reply: Reply{Lang: lang, Key: i18n.SettingsSaved, Args: []string{"key", esc(key), "value", esc(shown)}}}
}

// enum is the field of p an enum setting sets, with the values it allows (the
// default first); nil for the other keys.
func enum(p *c.GroupParams, key string) (*string, []string) {
	switch key {
	case c.ParamAction:
		return &p.Action, c.ParamActions
	case c.ParamMode:
		return &p.Mode, c.ParamModes
	case c.ParamOnError:
		return &p.OnError, c.ParamOnErrors
	case c.ParamLanguage:
		return &p.Language, c.ParamLanguages
	}
	return nil, nil
}

// exempt reads "/settings exempt add|remove ID" into p.
func exempt(g Group, p c.GroupParams, args []string) Change {
	bad := Change{Kind: Refuse, Reply: Reply{Lang: g.Language, Key: i18n.SettingsBadID}}
	if len(args) != 2 {
		return bad
	}
	id, err := strconv.ParseInt(args[1], 10, 64)
	op := strings.ToLower(args[0])
	if err != nil || id <= 0 || (op != "add" && op != "remove") {
		return bad
	}
	key := i18n.SettingsExemptAdded
	if op == "add" {
		if !slices.Contains(p.ExemptUserIDs, id) {
			p.ExemptUserIDs = append(p.ExemptUserIDs, id)
		}
	} else {
		key = i18n.SettingsExemptRemoved
		p.ExemptUserIDs = slices.DeleteFunc(p.ExemptUserIDs, func(x int64) bool { return x == id })
	}
	return Change{Kind: Save, Params: p, Reply: Reply{Lang: g.Language, Key: key, Args: []string{"id", strconv.FormatInt(id, 10)}}}
}

// requests reads "/settings requests @channel on|off".
func requests(g Group, args []string) Change {
	i := -1
	if len(args) == 2 {
		i = channelIndex(g.Channels, args[0])
	}
	if i < 0 {
		names := make([]string, len(g.Channels))
		for j, ch := range g.Channels {
			names[j] = esc(ch.Name)
		}
		return Change{Kind: Refuse, Reply: Reply{Lang: g.Language, Key: i18n.SettingsRequestsUsage,
			Args: []string{"channels", strings.Join(names, ", ")}}}
	}
	on, valid := parseOnOff(strings.ToLower(args[1]))
	if !valid {
		return Change{Kind: Refuse, Reply: Reply{Lang: g.Language, Key: i18n.SettingsBadValue,
			Args: []string{"key", requestsKey, "values", "on, off"}}}
	}
	return Change{Kind: Requests, Channel: i, On: on, Recheck: true, Reply: Reply{Lang: g.Language, Key: i18n.SettingsSaved,
		Args: []string{"key", requestsKey + " " + esc(g.Channels[i].Name), "value", onOff(on)}}}
}

// channelIndex finds one of the channels by @username, username or chat id; -1 when none.
func channelIndex(chs []Channel, ref string) int {
	ref = strings.TrimPrefix(strings.TrimSpace(ref), "@")
	id, idErr := strconv.ParseInt(ref, 10, 64)
	return slices.IndexFunc(chs, func(ch Channel) bool {
		return (ch.Username != "" && strings.EqualFold(ch.Username, ref)) || (idErr == nil && ch.ID == id)
	})
}

// parseOnOff reads a lower-cased on|off value; valid is false for anything else.
func parseOnOff(v string) (on, valid bool) {
	switch v {
	case "on", "true", "yes", "1":
		return true, true
	case "off", "false", "no", "0":
		return false, true
	}
	return false, false
}

// rawRest is the text after its first n words, spacing and case kept.
func rawRest(text string, n int) string {
	rest := strings.TrimSpace(text)
	for range n {
		i := strings.IndexFunc(rest, isSpace)
		if i < 0 {
			return ""
		}
		rest = strings.TrimLeftFunc(rest[i:], isSpace)
	}
	return rest
}

func isSpace(r rune) bool { return r == ' ' || r == '\n' || r == '\t' || r == '\r' }
