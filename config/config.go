// Package config reads Nezuko's environment variables (DESIGN.md §1).
//
//	cfg, err := config.FromEnv(os.Getenv)
package config

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/nezuko/nezuko/bottoken"
	"github.com/nezuko/nezuko/secret"
	"github.com/nezuko/nezuko/telegram"
)

// Config is the process configuration taken from the environment.
type Config struct {
	EncryptionKey string // ENCRYPTION_KEY: Fernet key for bot tokens; generated into pb_data when empty
	BotToken      string // BOT_TOKEN: optional standalone bot
	APIURL        string // TELEGRAM_API_URL: Bot API base URL
	MetricsToken  string // METRICS_TOKEN: bearer token allowed to scrape /metrics
	WebhookURL    string // WEBHOOK_URL: public base URL for webhook mode
	WebhookSecret string // WEBHOOK_SECRET: secret_token Telegram sends back in webhook mode
}

// FromEnv reads the configuration with getenv (os.Getenv in production) and rejects
// combinations that cannot work, with a message that says how to fix them.
func FromEnv(getenv func(string) string) (Config, error) {
	cfg := Config{
		EncryptionKey: strings.TrimSpace(getenv("ENCRYPTION_KEY")),
		BotToken:      strings.TrimSpace(getenv("BOT_TOKEN")),
		APIURL:        telegram.APIURL(getenv("TELEGRAM_API_URL")),
		MetricsToken:  strings.TrimSpace(getenv("METRICS_TOKEN")),
		WebhookURL:    strings.TrimRight(strings.TrimSpace(getenv("WEBHOOK_URL")), "/"),
		WebhookSecret: strings.TrimSpace(getenv("WEBHOOK_SECRET")),
	}
	return cfg, cfg.Validate()
}

// Validate reports the first configuration error.
func (c Config) Validate() error {
	if u, err := url.Parse(c.APIURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return errors.New("TELEGRAM_API_URL must be an http(s) URL such as https://api.telegram.org")
	}
	if c.WebhookURL != "" {
		if err := c.checkWebhookURL(); err != nil {
			return err
		}
		if c.WebhookSecret == "" {
			return errors.New("WEBHOOK_URL is set but WEBHOOK_SECRET is not: set WEBHOOK_SECRET (1-256 characters A-Z a-z 0-9 _ -) so webhook calls can be authenticated")
		}
	}
	if c.WebhookSecret != "" && !validSecretToken(c.WebhookSecret) {
		return errors.New("WEBHOOK_SECRET must be 1-256 characters of A-Z a-z 0-9 _ - (Telegram's secret_token rules)")
	}
	if c.EncryptionKey != "" {
		if _, err := secret.NewBox(c.EncryptionKey); err != nil {
			return fmt.Errorf("ENCRYPTION_KEY: %w", err)
		}
	}
	if c.BotToken != "" && !telegram.ValidToken(c.BotToken) {
		return errors.New("BOT_TOKEN: " + bottoken.MsgMalformed)
	}
	return nil
}

// checkWebhookURL refuses a WEBHOOK_URL that Telegram's setWebhook would refuse
// after start-up. Bot API docs (setWebhook): "Ports currently supported for
// webhooks: 443, 80, 88, 8443." and the URL must be HTTPS ("Bad Request: bad
// webhook: An HTTPS URL must be provided for webhook"). A self-hosted Bot API
// server (TELEGRAM_API_URL other than api.telegram.org) started with --local
// also accepts http and any port (telegram-bot-api README), so there only the
// URL's shape is checked.
func (c Config) checkWebhookURL() error {
	u, err := url.Parse(c.WebhookURL)
	if err != nil || u.Scheme != "https" && u.Scheme != "http" || u.Host == "" {
		return errors.New("WEBHOOK_URL must be an https URL such as https://bots.example.com")
	}
	if c.APIURL != telegram.DefaultAPIURL {
		return nil
	}
	if u.Scheme != "https" {
		return errors.New("WEBHOOK_URL must start with https:// — Telegram delivers webhooks only over HTTPS (put a TLS proxy in front of Nezuko)")
	}
	switch u.Port() {
	case "", "443", "80", "88", "8443":
		return nil
	}
	return fmt.Errorf("WEBHOOK_URL uses port %s, but Telegram delivers webhooks only to ports 443, 80, 88 or 8443", u.Port())
}

func validSecretToken(s string) bool {
	if len(s) < 1 || len(s) > 256 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}
