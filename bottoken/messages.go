package bottoken

import (
	"errors"

	"github.com/nezuko/nezuko/telegram"
)

// What a user is told about a token that failed validation, the same on every path that
// takes one: a bot_instances save (400), manage-bot (400, or 502 when Telegram is
// unreachable) and BOT_TOKEN at start-up.
const (
	MsgMalformed   = "Not a bot token (expected digits, a colon and the secret, as BotFather gives it)."
	MsgRefused     = "Telegram refused this bot token."
	MsgUnreachable = "Telegram could not be reached to validate this bot token; try again."
)

// Validation error codes of the same three cases (PocketBase's data.{field}.code).
const (
	CodeMalformed   = "validation_malformed_token"
	CodeRefused     = "validation_token_refused"
	CodeUnreachable = "validation_telegram_unreachable"
)

// Explain returns the code and message for an error of telegram.Identify: malformed,
// unreachable, or else refused. It never contains the token.
func Explain(err error) (code, msg string) {
	switch {
	case errors.Is(err, telegram.ErrMalformedToken):
		return CodeMalformed, MsgMalformed
	case errors.Is(err, telegram.ErrUnreachable):
		return CodeUnreachable, MsgUnreachable
	}
	return CodeRefused, MsgRefused
}
