package gatekeeper

import (
	"context"

	"github.com/nezuko/nezuko/logwriter"
	"github.com/nezuko/nezuko/telegram"
)

// newClient builds the bot's Telegram client (package telegram): its calls become
// api_call_log rows, its 401s and polls go to the engine's callbacks, and a chat that
// Telegram reports migrated moves its protection (rights re-checked in the
// background: the refused call may be part of a check).
func (e *Engine) newClient() *telegram.Client {
	return telegram.New(telegram.Config{
		BotID: e.cfg.BotID,
		OnCall: func(c telegram.Call) {
			e.cfg.Logs.AddAPICall(logwriter.APICall{Method: c.Method, ChatID: c.ChatID, UserID: c.UserID, BotID: c.BotID,
				Success: c.Success, LatencyMS: c.LatencyMS, ErrorType: c.ErrorType, At: c.At})
		},
		Events:         e.ev,
		Logger:         e.log,
		OnUnauthorized: e.cfg.OnUnauthorized,
		OnPoll:         e.cfg.OnPoll,
		OnMigrate: func(ctx context.Context, chatID, newChatID int64) {
			e.migrateGroup(ctx, chatID, newChatID, false)
		},
		PollTimeout: e.cfg.PollTimeout,
	})
}
