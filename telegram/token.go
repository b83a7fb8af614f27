package telegram

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/go-telegram/bot"
)

// DefaultAPIURL is Telegram's public Bot API.
const DefaultAPIURL = "https://api.telegram.org"

// IdentifyTimeout bounds a getMe made to validate a token.
const IdentifyTimeout = 10 * time.Second

var tokenPattern = regexp.MustCompile(`^[0-9]{1,20}:[A-Za-z0-9_-]{20,100}$`)

// Errors of Identify; messages never contain the token.
var (
	ErrMalformedToken = errors.New("a bot token looks like 123456789:AA… (digits, a colon, then at least 20 letters, digits, _ or -)")
	ErrRefused        = errors.New("Telegram refused this bot token")
	ErrUnreachable    = errors.New("Telegram Bot API could not be reached")
)

// Identity is what getMe says about a bot.
type Identity struct {
	ID                      int64  `json:"bot_id"`
	Username                string `json:"username"`
	FirstName               string `json:"first_name"`
	CanJoinGroups           bool   `json:"can_join_groups"`
	CanReadAllGroupMessages bool   `json:"can_read_all_group_messages"`
}

// ValidToken reports whether s has the shape of a bot token.
func ValidToken(s string) bool { return tokenPattern.MatchString(s) }

// BotIDOf returns the bot id encoded in a well-formed token (0 if malformed).
func BotIDOf(token string) int64 {
	if !ValidToken(token) {
		return 0
	}
	id, _ := strconv.ParseInt(token[:strings.IndexByte(token, ':')], 10, 64)
	return id
}

// APIURL returns the configured Bot API base URL (TELEGRAM_API_URL), without a trailing slash.
func APIURL(env string) string {
	env = strings.TrimRight(strings.TrimSpace(env), "/")
	if env == "" {
		return DefaultAPIURL
	}
	return env
}

// Identify validates token with getMe against apiURL. It fails with ErrMalformedToken,
// ErrRefused (Telegram said no) or ErrUnreachable (no usable answer).
func Identify(ctx context.Context, apiURL, token string) (Identity, error) {
	if !ValidToken(token) {
		return Identity{}, ErrMalformedToken
	}
	ctx, cancel := context.WithTimeout(ctx, IdentifyTimeout)
	defer cancel()
	b, err := bot.New(token,
		bot.WithServerURL(apiURL),
		bot.WithSkipGetMe(),
		bot.WithHTTPClient(IdentifyTimeout, &http.Client{Timeout: IdentifyTimeout}),
		bot.WithErrorsHandler(func(error) {}),
	)
	if err != nil {
		return Identity{}, ErrMalformedToken
	}
	me, err := b.GetMe(ctx)
	if err != nil {
		if errors.Is(err, bot.ErrorUnauthorized) || errors.Is(err, bot.ErrorNotFound) {
			return Identity{}, ErrRefused
		}
		return Identity{}, ErrUnreachable
	}
	if !me.IsBot || me.ID == 0 || me.ID != BotIDOf(token) {
		return Identity{}, ErrRefused
	}
	return Identity{
		ID: me.ID, Username: me.Username, FirstName: me.FirstName,
		CanJoinGroups: me.CanJoinGroups, CanReadAllGroupMessages: me.CanReadAllGroupMessages,
	}, nil
}
