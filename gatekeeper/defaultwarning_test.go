package gatekeeper_test

import (
	"strings"
	"testing"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper/i18n"
	"github.com/nezuko/nezuko/tests/telegramtest"
)

// i18n.DefaultWarning (what the dashboard previews for a group without warning_text) is
// the text the bot sends when a non-member writes, for every action, in the group's
// language.
func TestDefaultWarningTextIsWhatTheBotSends(t *testing.T) {
	w := newWorld(t)
	news := w.channel("News", "news")
	groups := map[string]telegramtest.Chat{}
	for _, action := range c.ParamActions {
		g := w.supergroup("Fans " + action)
		w.protect(w.botRec, true, g, news)
		w.setParams(g, func(p *c.GroupParams) { p.Action = action; p.Language = "de" })
		groups[action] = g
	}
	w.start(false)
	for action, g := range groups {
		u := w.tg.AddUser("Mallory")
		w.member(u, g)
		mustV[telegramtest.Message](t)(w.tg.Send(g.ID, u, "hello"))
		w.pump()
		w.tg.WaitFor(t, wait, func() bool { return len(w.warnings(g.ID)) == 1 })
		want := strings.NewReplacer("{user}", "Mallory", "{channels}", "@news", "{group}", g.Title).
			Replace(i18n.DefaultWarning("de", action))
		if got := w.warnings(g.ID)[0].Text; got != want {
			t.Errorf("%s: warning = %q, want %q", action, got, want)
		}
	}
	if en, de := i18n.DefaultWarning("en", "kick"), i18n.DefaultWarning("de", "kick"); en == de {
		t.Errorf("German kick text is the English one: %q", de)
	}
	if got, want := i18n.DefaultWarning("xx", "mute"), i18n.DefaultWarning("en", "mute"); got != want {
		t.Errorf("unknown language = %q, want English %q", got, want)
	}
}
