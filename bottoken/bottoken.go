// Package bottoken keeps bot_instances.token_encrypted sealed: a plaintext token written
// by any path (Go code, REST, the admin UI) is validated with getMe, which fills the bot's
// identity, and is encrypted before it reaches the database. It also words the token
// errors every path shows (messages.go).
//
//	sealer := &bottoken.Sealer{Box: box, APIURL: apiURL}
//	app.OnRecordCreate(collections.BotInstances).BindFunc(sealer.OnSave)
package bottoken

import (
	"context"
	"fmt"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/secret"
	"github.com/nezuko/nezuko/telegram"
)

// Sealer validates and encrypts bot tokens on save.
type Sealer struct {
	Box    *secret.Box
	APIURL string
}

// OnSave is a model hook for OnRecordCreate and OnRecordUpdate of bot_instances.
func (s *Sealer) OnSave(e *core.RecordEvent) error {
	bot := c.Wrap(&c.BotInstance{}, e.Record)
	tok := bot.TokenEncrypted()
	if orig := e.Record.Original(); orig != nil && !e.Record.IsNew() && orig.GetString(c.FieldTokenEncrypted) == tok {
		return e.Next() // token untouched
	}
	if s.Box.IsSealed(tok) {
		return e.Next()
	}
	if err := s.Seal(e.Context, bot, tok); err != nil {
		return err
	}
	return e.Next()
}

// Seal validates the plaintext token with getMe, stores the bot's identity and the
// ciphertext in bot. Errors are 400 API errors that never contain the token.
func (s *Sealer) Seal(ctx context.Context, bot *c.BotInstance, token string) error {
	if ctx == nil {
		ctx = context.Background()
	}
	me, err := telegram.Identify(ctx, s.APIURL, token)
	if err != nil {
		return tokenError(err)
	}
	return s.Store(bot, token, me)
}

// Store puts an already validated token (sealed) and its getMe identity into bot.
func (s *Sealer) Store(bot *c.BotInstance, token string, me telegram.Identity) error {
	sealed, err := s.Box.Seal(token)
	if err != nil {
		return fmt.Errorf("seal token of bot %d: %w", me.ID, err)
	}
	bot.SetIdentity(me.ID, me.Username, me.FirstName)
	bot.SetTokenEncrypted(sealed)
	return nil
}

// Open returns the plaintext token of a stored bot.
func (s *Sealer) Open(bot *c.BotInstance) (string, error) {
	tok, err := s.Box.Open(bot.TokenEncrypted())
	if err != nil {
		return "", fmt.Errorf("bot %d: token cannot be decrypted with this ENCRYPTION_KEY: %w", bot.BotID(), err)
	}
	return tok, nil
}

func tokenError(err error) error {
	code, msg := Explain(err)
	return apis.NewBadRequestError(msg, validation.Errors{c.FieldTokenEncrypted: validation.NewError(code, msg)})
}
