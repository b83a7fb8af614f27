package i18n

import (
	"slices"
	"strings"
	"testing"
)

// Every catalog has every text (moved from gatekeeper's TestLanguageSwitch).
func TestEveryLanguageHasEveryText(t *testing.T) {
	for lang, cat := range catalogs {
		for k := Key(0); k < numKeys; k++ {
			if _, ok := cat[k]; !ok {
				t.Errorf("%s lacks key %d", lang, k)
			}
		}
	}
	if got := Languages(); !slices.Equal(got, []string{"en", "de", "es"}) {
		t.Fatalf("Languages() = %v", got)
	}
}

// T falls back to English, replaces placeholders, and NoText is empty.
func TestTextsByLanguage(t *testing.T) {
	if got := T("xx", BtnJoin, "channel", "@news"); got != "Join @news" {
		t.Fatalf("unknown language: %q", got)
	}
	if got := T("de", BtnJoined); got != catalogDE[BtnJoined] || got == catalogEN[BtnJoined] {
		t.Fatalf("German button = %q", got)
	}
	if T("en", NoText) != "" {
		t.Fatal("NoText has a text")
	}
	for code, want := range map[string]string{"es-ES": "es", "DE": "de", "fr": "en", "": "en"} {
		if got := UserLang(code); got != want {
			t.Errorf("UserLang(%q) = %q, want %q", code, got, want)
		}
	}
}

// DefaultWarning is the text a writing member gets under each action.
func TestDefaultWarning(t *testing.T) {
	for action, key := range map[string]Key{"mute": WarnMessage, "kick": WarnKick, "delete": WarnDelete, "": WarnMessage} {
		for _, lang := range Languages() {
			got := DefaultWarning(lang, action)
			if got != catalogs[lang][key] || !strings.Contains(got, "{channels}") {
				t.Errorf("DefaultWarning(%s, %q) = %q", lang, action, got)
			}
		}
	}
}
