package gatekeeper

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper/i18n"
)

// Limits of warning_ttl_seconds and warning_text: collections.ParamRules, the one
// description of group settings that REST and the dashboard check too.
const (
	maxTTLSeconds = c.MaxWarningTTL
	maxTextRunes  = c.MaxWarningText
)

// settingKeys are the keys /settings shows and changes, in its order.
var settingKeys = []string{c.ParamAction, c.ParamMode, c.ParamOnError, c.ParamLanguage, c.ParamWarningTTL,
	c.ParamWarningText, c.ParamExemptUsers, c.ParamJoinRequests}

// exemptKey is the short name of exempt_user_ids in "/settings exempt add ID".
const exemptKey = "exempt"

// onSettings handles "/settings" (show) and "/settings KEY VALUE" (change one), for
// group admins only.
func (e *Engine) onSettings(ctx context.Context, m *models.Message, args []string) {
	g, _, ok := e.adminCommand(ctx, m)
	if !ok {
		return
	}
	if g == nil || !g.Mine {
		e.say(ctx, m, g, i18n.NotProtected)
		return
	}
	if len(args) == 0 {
		e.showSettings(ctx, m, g)
		return
	}
	e.changeSetting(ctx, m, g, args)
}

// showSettings answers with every setting and its value.
func (e *Engine) showSettings(ctx context.Context, m *models.Message, g *groupInfo) {
	p := e.params(g)
	lang := g.Policy.Language
	var sb strings.Builder
	sb.WriteString(i18n.T(lang, i18n.SettingsTitle, "group", esc(g.Title)))
	for _, k := range settingKeys {
		sb.WriteString("\n" + k + ": " + settingValue(lang, p, k, e.settings.Get().WarningTTL.Seconds()))
	}
	if len(g.Channels) > 0 {
		sb.WriteString("\n" + requestsKey + ": " + requestsValue(g))
	}
	sb.WriteString("\n\n" + i18n.T(lang, i18n.SettingsHint))
	e.sayText(ctx, m, g.Policy, sb.String())
}

// settingValue is one setting's value as HTML.
func settingValue(lang string, p c.GroupParams, key string, defaultTTL float64) string {
	code := func(v string) string { return "<code>" + esc(v) + "</code>" }
	or := func(v, def string) string {
		if v == "" {
			return code(def)
		}
		return code(v)
	}
	switch key {
	case c.ParamAction:
		return or(p.Action, ActionMute)
	case c.ParamMode:
		return or(p.Mode, ModeEnforce)
	case c.ParamOnError:
		return or(p.OnError, OnErrorRestrict)
	case c.ParamLanguage:
		return or(p.Language, "en")
	case c.ParamWarningTTL:
		if p.WarningTTLSeconds == nil {
			return code(strconv.Itoa(int(defaultTTL))) + " (" + i18n.T(lang, i18n.Default) + ")"
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

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

// changeSetting validates and stores one setting, then answers what was saved.
func (e *Engine) changeSetting(ctx context.Context, m *models.Message, g *groupInfo, args []string) {
	lang := g.Policy.Language
	key := strings.ToLower(args[0])
	val := ""
	if len(args) > 1 {
		val = strings.ToLower(args[1])
	}
	p := e.params(g)
	oneOf := func(dst *string, values ...string) bool {
		if !slices.Contains(values, val) {
			e.say(ctx, m, g, i18n.SettingsBadValue, "key", esc(key), "values", strings.Join(values, ", "))
			return false
		}
		*dst = val
		return true
	}
	shown := val
	switch key {
	case c.ParamAction:
		if !oneOf(&p.Action, c.ParamActions...) {
			return
		}
	case c.ParamMode:
		if !oneOf(&p.Mode, c.ParamModes...) {
			return
		}
	case c.ParamOnError:
		if !oneOf(&p.OnError, c.ParamOnErrors...) {
			return
		}
	case c.ParamLanguage:
		if !oneOf(&p.Language, c.ParamLanguages...) {
			return
		}
		lang = val
	case c.ParamWarningTTL:
		if val == "default" {
			p.WarningTTLSeconds = nil
			break
		}
		n, err := strconv.Atoi(val)
		if err != nil || n < 0 || n > maxTTLSeconds {
			e.say(ctx, m, g, i18n.SettingsBadNumber, "key", esc(key), "min", "0", "max", strconv.Itoa(maxTTLSeconds))
			return
		}
		p.WarningTTLSeconds = &n
	case c.ParamWarningText:
		text := rawRest(m.Text, 2)
		if utf8.RuneCountInString(text) > maxTextRunes {
			e.say(ctx, m, g, i18n.SettingsTooLong, "key", esc(key), "max", strconv.Itoa(maxTextRunes))
			return
		}
		if strings.EqualFold(text, "default") || text == "" {
			text = ""
			shown = i18n.T(lang, i18n.Default)
		} else {
			shown = text
		}
		p.WarningText = text
	case c.ParamJoinRequests:
		switch val {
		case "on", "true", "yes", "1":
			p.JoinRequests = true
		case "off", "false", "no", "0":
			p.JoinRequests = false
		default:
			e.say(ctx, m, g, i18n.SettingsBadValue, "key", esc(key), "values", "on, off")
			return
		}
		shown = onOff(p.JoinRequests)
	case exemptKey, c.ParamExemptUsers:
		e.changeExempt(ctx, m, g, p, args[1:])
		return
	case requestsKey:
		e.changeRequests(ctx, m, g, args[1:])
		return
	default:
		e.say(ctx, m, g, i18n.SettingsUnknown, "key", esc(key), "keys", strings.Join(append(settingKeys[:len(settingKeys):len(settingKeys)], exemptKey, requestsKey), ", "))
		return
	}
	if !e.saveParams(ctx, m, g, p) {
		return
	}
	e.sayText(ctx, m, g.Policy, i18n.T(lang, i18n.SettingsSaved, "key", esc(key), "value", esc(shown)))
	if key == c.ParamJoinRequests { // join requests need one more right
		if fresh, err := e.store.group(g.ID); err == nil && fresh != nil {
			e.checkHealth(ctx, fresh)
		}
	}
}

// changeExempt handles "/settings exempt add|remove ID".
func (e *Engine) changeExempt(ctx context.Context, m *models.Message, g *groupInfo, p c.GroupParams, args []string) {
	if len(args) != 2 {
		e.say(ctx, m, g, i18n.SettingsBadID)
		return
	}
	id, err := strconv.ParseInt(args[1], 10, 64)
	op := strings.ToLower(args[0])
	if err != nil || id <= 0 || (op != "add" && op != "remove") {
		e.say(ctx, m, g, i18n.SettingsBadID)
		return
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
	if e.saveParams(ctx, m, g, p) {
		e.say(ctx, m, g, key, "id", strconv.FormatInt(id, 10))
	}
}

// params reads the group's current params (defaults when unreadable).
func (e *Engine) params(g *groupInfo) c.GroupParams {
	pg, err := e.store.GroupRecord(g.RecordID)
	if err != nil {
		return c.GroupParams{}
	}
	p, _ := pg.Params()
	return p
}

// saveParams stores the group's params after the same check REST writes get
// (collections.ValidateParams); false (after answering) when it failed.
func (e *Engine) saveParams(ctx context.Context, m *models.Message, g *groupInfo, p c.GroupParams) bool {
	err := p.Validate()
	if err == nil {
		err = e.store.UpdateGroup(g.RecordID, func(pg *c.ProtectedGroup) { pg.SetParams(p) })
	}
	if err != nil {
		e.log.Error("settings not saved", "group_id", g.ID, "error", err)
		e.say(ctx, m, g, i18n.SaveFailed)
		return false
	}
	e.store.forget(g.ID)
	return true
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
