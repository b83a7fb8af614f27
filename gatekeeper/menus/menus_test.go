package menus_test

import (
	"slices"
	"testing"

	"github.com/go-telegram/bot/models"

	"github.com/nezuko/nezuko/gatekeeper/i18n"
	"github.com/nezuko/nezuko/gatekeeper/menus"
)

// Every catalog language has a private and a group menu, English as the default
// (language_code ""), each command described in its language.
func TestAll(t *testing.T) {
	all := menus.All()
	if len(all) != 2*len(i18n.Languages()) {
		t.Fatalf("%d menus for %d languages", len(all), len(i18n.Languages()))
	}
	for i, m := range all {
		lang := i18n.Languages()[i/2]
		if m.Lang != lang || (lang == "en") != (m.LanguageCode == "") || (lang != "en" && m.LanguageCode != lang) {
			t.Errorf("menu %d: Lang %q LanguageCode %q, want %s", i, m.Lang, m.LanguageCode, lang)
		}
		var names []string
		for _, c := range m.Commands {
			names = append(names, c.Command)
			if c.Description == "" {
				t.Errorf("%s /%s has no description", lang, c.Command)
			}
		}
		want, private := []string{"protect", "unprotect", "status", "settings", "help"}, i%2 == 0
		if private {
			want = []string{"start", "help"}
		}
		_, isPrivate := m.Scope.(*models.BotCommandScopeAllPrivateChats)
		_, isGroup := m.Scope.(*models.BotCommandScopeAllGroupChats)
		if !slices.Equal(names, want) || isPrivate != private || isGroup == private {
			t.Errorf("%s menu %d: scope %T, commands %v", lang, i, m.Scope, names)
		}
	}
	if d := all[1].Commands[3].Description; d != i18n.T("en", i18n.MenuSettings) {
		t.Errorf("/settings in English = %q", d)
	}
}
