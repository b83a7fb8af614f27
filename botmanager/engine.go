package botmanager

import (
	"context"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// Engine is what a running bot needs from the enforcement engine (package gatekeeper);
// one Engine serves one bot.
type Engine interface {
	// BotOptions are the go-telegram/bot options the engine needs (server URL, allowed
	// updates, default handler, HTTP client, initial offset).
	BotOptions() []bot.Option
	// Bind gives the engine the bot it sends through.
	Bind(b *bot.Bot)
	// Handle processes one update (polling dispatches here; the webhook route too).
	Handle(ctx context.Context, b *bot.Bot, u *models.Update)
	// Start runs the engine's background loops (the factory builds, starting nothing).
	Start(ctx context.Context) error
	// Close persists the engine's state (update offset) and drains its queues.
	Close(ctx context.Context) error
	Operations
}

// Operations are the actions admin_commands ask a bot to perform; each returns what was
// done, stored as the command's result.
type Operations interface {
	Mute(ctx context.Context, groupID, userID int64) (map[string]any, error)
	Unmute(ctx context.Context, groupID, userID int64) (map[string]any, error)
	Ban(ctx context.Context, groupID, userID int64) (map[string]any, error)
	Unban(ctx context.Context, groupID, userID int64) (map[string]any, error)
	Recheck(ctx context.Context, groupID, userID int64) (map[string]any, error)
	SendMessage(ctx context.Context, groupID int64, text string) (map[string]any, error)
	LeaveGroup(ctx context.Context, groupID int64) (map[string]any, error)
	SyncMembers(ctx context.Context, groupID int64) (map[string]any, error)
	ClearCache(groupID int64) map[string]any
}

// EngineSpec describes the bot an engine is made for.
type EngineSpec struct {
	BotRecordID string // bot_instances record id
	BotID       int64  // Telegram bot id
	Username    string // without "@"
	// OnPoll must be called with the outcome of every getUpdates call (nil on success):
	// the manager uses it to mark the bot running, detect a revoked token (401) and
	// restart a failing loop (a 429, errors.Is(err, bot.ErrorTooManyRequests), is
	// Telegram pacing the poller and never counts as a failure; a 409,
	// errors.Is(err, bot.ErrorConflict), stops the bot with reason conflict).
	OnPoll func(err error)
}

// EngineFactory makes the engine of one bot.
type EngineFactory func(spec EngineSpec) (Engine, error)
