package gatekeeper

import (
	"context"
	"fmt"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/nezuko/nezuko/gatekeeper/i18n"
	"github.com/nezuko/nezuko/gatekeeper/joinrequests"
	"github.com/nezuko/nezuko/gatekeeper/warnings"
	"github.com/nezuko/nezuko/telegram"
)

// callbackWait is how long a button press waits for its outcome before its callback
// query is answered with "Checking…" and the outcome follows. Telegram shows a
// spinner until the answer and refuses answers some 15 s after the press ("query is
// too old and response timeout expired or query ID is invalid"), while the lookups,
// restrict and deletes behind the outcome may each take up to the Telegram client's
// call timeout (20 s) with retries.
const callbackWait = time.Second

// pressResult is the outcome of a button press.
type pressResult struct {
	text  string // the callback answer; "" = none
	alert bool
	// tell, when the answer was already "Checking…", is where the outcome is said
	// instead (a short message to the presser); 0 = the outcome shows by itself (the
	// warning disappears, the request message is edited) or is not worth a message.
	tell   int64
	thread int // forum topic of tell
	ttl    time.Duration
}

// onCallback answers every callback query within callbackWait (or as soon as its
// outcome is known): with the outcome when it is ready by then, else with "Checking…"
// and the outcome afterwards as a short message in the chat (and topic) of the button.
func (e *Engine) onCallback(ctx context.Context, q *models.CallbackQuery) {
	done := make(chan pressResult, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				e.log.Error("button handler panicked", "panic", fmt.Sprint(r))
				done <- pressResult{text: i18n.T(i18n.UserLang(q.From.LanguageCode), i18n.AnsFailed), alert: true}
			}
		}()
		done <- e.press(ctx, q)
	}()
	t := time.NewTimer(callbackWait)
	defer t.Stop()
	select {
	case r := <-done:
		e.answer(ctx, q, r.text, r.alert)
		return
	case <-t.C:
	}
	e.answer(ctx, q, i18n.T(i18n.UserLang(q.From.LanguageCode), i18n.AnsChecking), false)
	r := <-done
	if r.tell == 0 || r.text == "" {
		return
	}
	e.tellLate(ctx, r, warnings.Mention(&q.From)+": "+esc(r.text))
}

// tellLate sends a press's outcome as a message; in a group it waits for the group's
// message window and is deleted after the group's TTL.
func (e *Engine) tellLate(ctx context.Context, r pressResult, text string) {
	group := r.tell < 0
	if group {
		if err := e.groupRate.Wait(ctx, r.tell); err != nil {
			return
		}
	}
	id, err := e.sendIn(ctx, r.tell, r.thread, 0, text, nil)
	if err != nil {
		e.log.Warn("outcome of a button not sent", "chat_id", r.tell, "error", err)
		return
	}
	if group {
		e.deleteAfter(r.tell, id, r.ttl, nil)
	}
}

// press handles a button: a join request's "I have joined" (in a private chat), or a
// warning's, which only the warned user may use — on a combined warning, only a user
// it is for; a fresh check unmutes them and deletes the warning (takes them off the
// combined one), or lists what is still missing.
func (e *Engine) press(ctx context.Context, q *models.CallbackQuery) pressResult {
	if groupID, ok := joinrequests.ParseButtonData(q.Data); ok {
		return e.onRequestButton(ctx, q, groupID)
	}
	warned, ok := warnings.ParseVerifyData(q.Data)
	batchID, combined := warnings.ParseCombinedData(q.Data)
	if !ok && !combined {
		return pressResult{} // not ours: answered empty, so the spinner stops
	}
	msg := q.Message.Message
	if msg == nil {
		return pressResult{text: i18n.T("en", i18n.AnsFailed), alert: true}
	}
	g, err := e.store.Group(msg.Chat.ID)
	if err != nil {
		e.log.Error("group not read", "group_id", msg.Chat.ID, "error", err)
		return pressResult{text: i18n.T("en", i18n.AnsFailed), alert: true}
	}
	if g != nil && !g.Mine {
		return pressResult{} // another bot serves the group now
	}
	pol := policyOf(g)
	lang := pol.Language
	if combined {
		warned = e.combinedFor(msg.Chat.ID, batchID, q.From.ID)
	}
	if q.From.ID != warned {
		return pressResult{text: i18n.T(lang, i18n.AnsNotYours), alert: true}
	}
	late := pressResult{tell: msg.Chat.ID, thread: threadOf(msg), ttl: e.ttl(pol), alert: true}
	if g.Enforced() {
		v := e.check(ctx, g, warned, true)
		if len(v.missing) > 0 {
			late.text = i18n.T(lang, i18n.AnsMissing, "channels", warnings.ChannelList(v.missing))
			return late
		}
	}
	// Only the bot's own mute is lifted: one a person set stays (gap G19).
	if _, err := e.liftOwn(ctx, msg.Chat.ID, warned); err != nil {
		e.log.Warn("member not unmuted", "group_id", msg.Chat.ID, "user_id", warned, "error", err)
		late.text = i18n.T(lang, i18n.AnsFailed)
		return late
	}
	if combined {
		e.warnings.Remove(ctx, msg.Chat.ID, warned, 0) // the others on it still need it
	} else {
		e.warnings.Remove(ctx, msg.Chat.ID, warned, msg.ID)
	}
	return pressResult{text: i18n.T(lang, i18n.AnsVerified)} // the warning's disappearance says it when late
}

// combinedFor returns the presser of a combined warning's button when it is for
// them (0 otherwise): they are on it; or, for a combined warning the engine no
// longer knows (sent before a restart), the bot holds its own mute on them.
func (e *Engine) combinedFor(groupID, batchID, presser int64) int64 {
	known, named := e.warnings.Named(groupID, batchID, presser)
	if named || (!known && e.ownsMute(groupID, presser)) {
		return presser
	}
	return 0
}

// answer answers a callback query.
func (e *Engine) answer(ctx context.Context, q *models.CallbackQuery, text string, alert bool) {
	b, err := e.api()
	if err != nil {
		return
	}
	if _, err := b.AnswerCallbackQuery(telegram.WithCall(ctx, 0, q.From.ID), &bot.AnswerCallbackQueryParams{
		CallbackQueryID: q.ID, Text: text, ShowAlert: alert}); err != nil {
		e.log.Debug("callback not answered", "error", err)
	}
}
