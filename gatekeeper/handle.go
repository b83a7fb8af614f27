package gatekeeper

import (
	"context"
	"fmt"
	"runtime/debug"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// Handle handles one update and returns when it is done. Updates already handled (a
// webhook redelivery, an update from before a restart) and updates arriving after
// Close are ignored. The update runs on the engine's context, not ctx: a poller
// stopping does not abort it half-way.
func (e *Engine) Handle(ctx context.Context, b *bot.Bot, u *models.Update) {
	if !e.begin(b, u) {
		return
	}
	e.run(u)
}

// dispatch is the bot's default handler: it registers the update in arrival order
// (the bot runs it synchronously, from an unbuffered updates channel, so an update
// the poller took is registered before the poller stops) and handles it in its own
// goroutine.
func (e *Engine) dispatch(ctx context.Context, b *bot.Bot, u *models.Update) {
	// Wait for a slot even when ctx is done: the poller has taken the update from
	// Telegram, so it must be registered (Close then waits for it).
	e.acquire()
	// Presses come first in their batch (telegram.Client), out of id order on purpose:
	// only the other updates tell whether Telegram restarted the numbering.
	if u != nil && u.CallbackQuery == nil {
		if prev := e.offsets.FromPoll(u.ID); prev != 0 {
			e.log.Info("Telegram restarted the update numbering (it does after a week without updates); following it",
				"update_id", u.ID, "previous_update_id", prev)
		}
	}
	if !e.begin(b, u) {
		e.release()
		return
	}
	go func() {
		defer e.release()
		e.run(u)
	}()
}

// acquire takes a handling slot of the engine, then of the process (Config.Shared).
func (e *Engine) acquire() {
	e.slots <- struct{}{}
	if e.cfg.Shared != nil {
		e.cfg.Shared <- struct{}{}
	}
}

// release gives back what acquire took.
func (e *Engine) release() {
	if e.cfg.Shared != nil {
		<-e.cfg.Shared
	}
	<-e.slots
}

// begin registers an update; false means skip it.
func (e *Engine) begin(b *bot.Bot, u *models.Update) bool {
	if u == nil {
		return false
	}
	if b != nil && e.bot.Load() == nil && e.bot.CompareAndSwap(nil, b) {
		e.restored.Do(e.restoreTimers)
	}
	if !e.enter() {
		return false
	}
	if !e.offsets.Begin(u.ID) {
		e.leave()
		return false
	}
	e.joined.Note(u)
	return true
}

// run handles a registered update and marks it done.
func (e *Engine) run(u *models.Update) {
	defer e.leave()
	defer e.offsets.Finish(u.ID)
	defer func() {
		if r := recover(); r != nil {
			e.log.Error("update handler panicked", "update_id", u.ID, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
		}
	}()
	ctx := e.ctx
	switch {
	case u.Message != nil:
		e.onMessage(ctx, u.Message)
	case u.CallbackQuery != nil:
		e.onCallback(ctx, u.CallbackQuery)
	case u.ChatMember != nil:
		e.onChatMember(ctx, u.ChatMember)
	case u.MyChatMember != nil:
		e.onMyChatMember(ctx, u.MyChatMember)
	case u.ChatJoinRequest != nil && u.ChatJoinRequest.Chat.Type == models.ChatTypeChannel:
		e.onChannelJoinRequest(ctx, u.ChatJoinRequest)
	case u.ChatJoinRequest != nil:
		e.onJoinRequest(ctx, u.ChatJoinRequest)
	}
}
