package config

import (
	"strings"
	"testing"

	"github.com/nezuko/nezuko/bottoken"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestFromEnvDefaultsAndErrors(t *testing.T) {
	cfg, err := FromEnv(env(nil))
	if err != nil || cfg.APIURL != "https://api.telegram.org" || cfg.WebhookURL != "" {
		t.Fatalf("defaults: %+v, %v", cfg, err)
	}
	cfg, err = FromEnv(env(map[string]string{"TELEGRAM_API_URL": " http://127.0.0.1:9/ ", "WEBHOOK_URL": "https://bots.example.com/",
		"WEBHOOK_SECRET": "abc_DEF-1", "ENCRYPTION_KEY": "kI28YnYPMnzRrr712i4L2tq-59H61rWP4qb62j7CCGs="}))
	if err != nil || cfg.APIURL != "http://127.0.0.1:9" || cfg.WebhookURL != "https://bots.example.com" {
		t.Fatalf("set: %+v, %v", cfg, err)
	}
	for _, tc := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"WEBHOOK_URL": "https://bots.example.com"}, "WEBHOOK_SECRET"},
		{map[string]string{"WEBHOOK_URL": "ftp://x"}, "WEBHOOK_URL"},
		// Telegram's setWebhook takes only https on ports 443, 80, 88 and 8443.
		{map[string]string{"WEBHOOK_URL": "http://bots.example.com", "WEBHOOK_SECRET": "s"}, "https://"},
		{map[string]string{"WEBHOOK_URL": "https://bots.example.com:8090", "WEBHOOK_SECRET": "s"}, "port 8090"},
		{map[string]string{"WEBHOOK_SECRET": "has space"}, "WEBHOOK_SECRET"},
		{map[string]string{"TELEGRAM_API_URL": "api.telegram.org"}, "TELEGRAM_API_URL"},
		{map[string]string{"ENCRYPTION_KEY": "too-short-secret"}, "ENCRYPTION_KEY"},
		{map[string]string{"BOT_TOKEN": "12345:short-secret-token"}, "BOT_TOKEN: " + bottoken.MsgMalformed},
	} {
		_, err := FromEnv(env(tc.env))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: err = %v, want mention of %s", tc.env, err, tc.want)
		}
		for _, v := range tc.env {
			if len(v) > 8 && err != nil && strings.Contains(err.Error(), v) && !strings.HasPrefix(v, "http") && !strings.HasPrefix(v, "ftp") && v != "api.telegram.org" {
				t.Errorf("the value %q leaked into the error", v)
			}
		}
	}
}

// The webhook ports Telegram accepts pass; with a self-hosted Bot API server
// (--local mode allows it) http and any port pass too.
func TestWebhookURLRules(t *testing.T) {
	for _, env := range []map[string]string{
		{"WEBHOOK_URL": "https://bots.example.com:8443/tg"},
		{"WEBHOOK_URL": "https://bots.example.com:88"},
		{"WEBHOOK_URL": "https://bots.example.com"},
		{"WEBHOOK_URL": "http://127.0.0.1:8090", "TELEGRAM_API_URL": "http://127.0.0.1:8081"},
	} {
		env["WEBHOOK_SECRET"] = "s3cret"
		if _, err := FromEnv(func(k string) string { return env[k] }); err != nil {
			t.Errorf("%v: %v", env, err)
		}
	}
}
