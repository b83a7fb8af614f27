package tgauth

import "testing"

// The Login Widget is offered only for bots of Telegram's own API: a fake's bot (the
// demo, tests) would make telegram.org's script fail with "Failed to load".
func TestWidgetWorksOnlyWithTelegramsAPI(t *testing.T) {
	for url, want := range map[string]bool{
		"":                          true,
		"https://api.telegram.org":  true,
		"https://API.Telegram.org/": true,
		"http://127.0.0.1:38211":    false,
		"http://localhost:8081":     false,
		"::bad":                     false,
	} {
		if got := widgetWorks(url); got != want {
			t.Errorf("widgetWorks(%q) = %v, want %v", url, got, want)
		}
	}
}
