package gatekeeper

import (
	"context"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// onCallback handles the "I have joined" buttons: a join request's (in a private
// chat), or a warning's, which only the warned user may use; a fresh check unmutes
// them and deletes the warning, or lists what is still missing.
func (e *Engine) onCallback(ctx context.Context, q *models.CallbackQuery) {
	if groupID, ok := parseRequestData(q.Data); ok {
		e.onRequestButton(ctx, q, groupID)
		return
	}
	warned, ok := parseVerifyData(q.Data)
	if !ok {
		return
	}
	msg := q.Message.Message
	if msg == nil {
		e.answer(ctx, q, tr("en", kAnsFailed), true)
		return
	}
	g, err := e.store.group(msg.Chat.ID)
	if err != nil {
		e.log.Error("group not read", "group_id", msg.Chat.ID, "error", err)
		e.answer(ctx, q, tr("en", kAnsFailed), true)
		return
	}
	if g != nil && !g.Mine {
		return // another bot serves the group now
	}
	lang := policyOf(g).Language
	if q.From.ID != warned {
		e.answer(ctx, q, tr(lang, kAnsNotYours), true)
		return
	}
	if g.enforced() {
		v := e.check(ctx, g, warned, true)
		if len(v.missing) > 0 {
			e.answer(ctx, q, tr(lang, kAnsMissing, "channels", missingList(v.missing)), true)
			return
		}
	}
	// Only the bot's own mute is lifted: one a person set stays (gap G19).
	if _, err := e.liftOwn(ctx, msg.Chat.ID, warned); err != nil {
		e.log.Warn("member not unmuted", "group_id", msg.Chat.ID, "user_id", warned, "error", err)
		e.answer(ctx, q, tr(lang, kAnsFailed), true)
		return
	}
	e.warnings.remove(ctx, msg.Chat.ID, warned, msg.ID)
	e.answer(ctx, q, tr(lang, kAnsVerified), false)
}

// answer answers a callback query.
func (e *Engine) answer(ctx context.Context, q *models.CallbackQuery, text string, alert bool) {
	b, err := e.api()
	if err != nil {
		return
	}
	if _, err := b.AnswerCallbackQuery(withCall(ctx, 0, q.From.ID), &bot.AnswerCallbackQueryParams{
		CallbackQueryID: q.ID, Text: text, ShowAlert: alert}); err != nil {
		e.log.Debug("callback not answered", "error", err)
	}
}
