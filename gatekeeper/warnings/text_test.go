package warnings_test

import (
	"testing"

	"github.com/go-telegram/bot/models"

	"github.com/nezuko/nezuko/gatekeeper/i18n"
	"github.com/nezuko/nezuko/gatekeeper/store"
	"github.com/nezuko/nezuko/gatekeeper/warnings"
)

// One user's warning: the catalog's text in the group's language, or the group's own
// template with every value escaped (the template too).
func TestSingleWarningText(t *testing.T) {
	u := &models.User{ID: 42, FirstName: "Ann <3"}
	missing := []store.Channel{{ID: -100, Username: "news"}, {ID: -200, Title: "R&D"}}
	mention := `<a href="tg://user?id=42">Ann &lt;3</a>`
	f := warnings.FactsOf(u, missing, "en", "", "A & B", true)
	want := i18n.T("en", i18n.WarnJoin, "user", mention, "channels", "@news, R&amp;D", "group", "A &amp; B")
	if got := warnings.Text(f, i18n.WarnJoin); got != want {
		t.Fatalf("catalog text = %q, want %q", got, want)
	}
	de := i18n.T("de", i18n.WarnKick, "user", mention, "channels", "@news, R&amp;D", "group", "G")
	if got := warnings.Text(warnings.FactsOf(u, missing, "de", "", "G", false), i18n.WarnKick); got != de || de == want {
		t.Fatalf("German text = %q, want %q", got, de)
	}
	f.Template = "<i>{user}</i>: join {channels} for {group}"
	want = "&lt;i&gt;" + mention + "&lt;/i&gt;: join @news, R&amp;D for A &amp; B"
	if got := warnings.Text(f, i18n.WarnJoin); got != want {
		t.Fatalf("template text = %q, want %q", got, want)
	}
	if got := warnings.DisplayName(&models.User{ID: 1}); got != "there" {
		t.Fatalf("a user without a name is called %q", got)
	}
	if got := warnings.ChannelList(missing); got != "@news, R&D" {
		t.Fatalf("channel list = %q", got)
	}
}
