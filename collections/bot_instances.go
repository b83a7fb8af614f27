package collections

import (
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// BotInstance is a typed view of a bot_instances record.
type BotInstance struct{ core.BaseRecordProxy }

// NewBotInstance returns an unsaved, active bot_instances record.
func NewBotInstance(app core.App) (*BotInstance, error) {
	b, err := newProxy(app, BotInstances, &BotInstance{})
	if err == nil {
		b.SetIsActive(true)
	}
	return b, err
}

// BotID is the Telegram bot id (the number before ":" in the token).
func (b *BotInstance) BotID() int64 { return b.GetInt64(FieldBotID) }

// SetBotID sets the Telegram bot id.
func (b *BotInstance) SetBotID(id int64) { b.Set(FieldBotID, id) }

// OwnerTelegramID is the Telegram id of the admin who added the bot (0 = unknown).
func (b *BotInstance) OwnerTelegramID() int64 { return b.GetInt64(FieldOwnerTelegramID) }

// SetOwnerTelegramID sets the Telegram id of the admin who added the bot.
func (b *BotInstance) SetOwnerTelegramID(id int64) { b.Set(FieldOwnerTelegramID, id) }

// BotUsername is the bot's username, without "@".
func (b *BotInstance) BotUsername() string { return b.GetString(FieldBotUsername) }

// BotName is the bot's display name (first_name from getMe).
func (b *BotInstance) BotName() string { return b.GetString(FieldBotName) }

// SetIdentity stores what getMe said about the bot.
func (b *BotInstance) SetIdentity(id int64, username, name string) {
	b.Set(FieldBotID, id)
	b.Set(FieldBotUsername, username)
	b.Set(FieldBotName, name)
}

// TokenEncrypted is the stored Fernet ciphertext of the token (or, before the
// save hook ran, the plaintext token a caller supplied).
func (b *BotInstance) TokenEncrypted() string { return b.GetString(FieldTokenEncrypted) }

// SetTokenEncrypted sets the token field: ciphertext, or plaintext that the save hook seals.
func (b *BotInstance) SetTokenEncrypted(v string) { b.Set(FieldTokenEncrypted, v) }

// IsActive reports whether the bot should run.
func (b *BotInstance) IsActive() bool { return b.GetBool(FieldIsActive) }

// SetIsActive sets whether the bot should run.
func (b *BotInstance) SetIsActive(v bool) { b.Set(FieldIsActive, v) }

// IsDeleted reports whether the bot was soft-deleted.
func (b *BotInstance) IsDeleted() bool { return b.GetBool(FieldIsDeleted) }

// SoftDelete marks the bot deleted and inactive as of now.
func (b *BotInstance) SoftDelete(now time.Time) { softDelete(b.Record, now) }

// Revive clears the soft-delete markers and activates the bot again.
func (b *BotInstance) Revive() {
	b.Set(FieldIsDeleted, false)
	b.Set(FieldDeletedAt, "")
	b.SetIsActive(true)
}

// ShouldRun reports whether the bot manager should run this bot.
func (b *BotInstance) ShouldRun() bool { return b.IsActive() && !b.IsDeleted() }

func softDelete(r *core.Record, now time.Time) {
	r.Set(FieldIsDeleted, true)
	r.Set(FieldDeletedAt, now.UTC())
	r.Set(FieldIsActive, false)
}
