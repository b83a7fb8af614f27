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

// TestFillReplacesLikeAReplacer: T's placeholders are replaced as strings.NewReplacer
// would: left to right, unknown names and stray braces kept, values not scanned again.
func TestFillReplacesLikeAReplacer(t *testing.T) {
	args := []string{"user", "{group}", "group", "Café ☕", "n", ""}
	for _, s := range []string{
		"{user} joined {group}", "{{group}}", "{a{group}", "{missing} {group", "}{n}{", "", "no placeholders",
		"{group}{group}{user}",
	} {
		pairs := make([]string, len(args))
		for i := 0; i+1 < len(args); i += 2 {
			pairs[i], pairs[i+1] = "{"+args[i]+"}", args[i+1]
		}
		if got, want := fill(s, args), strings.NewReplacer(pairs...).Replace(s); got != want {
			t.Errorf("fill(%q) = %q, want %q", s, got, want)
		}
	}
}
