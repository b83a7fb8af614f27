package gatekeeper

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper/i18n"
	"github.com/nezuko/nezuko/gatekeeper/warnings"
	"github.com/nezuko/nezuko/telegram"
)

// requestTTL is how long a gated join request waits for the channels to be joined.
const requestTTL = 24 * time.Hour

// requestPrefix starts the callback data of a join request's "I have joined" button;
// the rest is the group's chat id.
const requestPrefix = "nzj:"

// pendingRequest is a join request waiting for its user to join the channels.
type pendingRequest struct {
	groupID, userID int64
	chatID          int64 // the private chat the bot wrote to (user_chat_id)
	msgID           int   // the bot's message there; 0 if it could not write
	at              time.Time
	timerID         string // its bot_timers row (the 24 h decline), "" if not stored
}

// countedTTL is how long a gated request's funnel steps stand for the join that
// follows its approval (the bot approves within requestTTL, or declines).
const countedTTL = requestTTL + time.Hour

// requests holds the pending join requests of the engine's groups.
type requests struct {
	mu sync.Mutex // guards m and counted
	m  map[memberKey]*pendingRequest
	// counted holds the gated requests whose "checked" funnel step is written, by
	// (group, user), with when: the join that follows their approval writes none, so a
	// join by request is counted once. In memory only: a restart between request and
	// join counts that join twice.
	counted map[memberKey]time.Time
}

func newRequests() *requests {
	return &requests{m: map[memberKey]*pendingRequest{}, counted: map[memberKey]time.Time{}}
}

// markCounted remembers that the user's request to the group was counted at now (and
// forgets the marks older than countedTTL).
func (r *requests) markCounted(groupID, userID int64, now time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for k, at := range r.counted {
		if now.Sub(at) > countedTTL {
			delete(r.counted, k)
		}
	}
	r.counted[warnKey(groupID, userID)] = now
}

// takeCounted reports (and forgets) whether the user's request to the group was
// counted within countedTTL before now.
func (r *requests) takeCounted(groupID, userID int64, now time.Time) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	k := warnKey(groupID, userID)
	at, ok := r.counted[k]
	delete(r.counted, k)
	return ok && now.Sub(at) <= countedTTL
}

// put adds a pending request and returns the one it replaced, if any.
func (r *requests) put(p *pendingRequest) *pendingRequest {
	r.mu.Lock()
	defer r.mu.Unlock()
	k := warnKey(p.groupID, p.userID)
	old := r.m[k]
	r.m[k] = p
	return old
}

// take removes and returns the user's pending request in the group.
func (r *requests) take(groupID, userID int64) *pendingRequest {
	r.mu.Lock()
	defer r.mu.Unlock()
	k := warnKey(groupID, userID)
	p := r.m[k]
	delete(r.m, k)
	return p
}

// expired removes and returns the requests made before cutoff.
func (r *requests) expired(cutoff time.Time) []*pendingRequest {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []*pendingRequest
	for k, p := range r.m {
		if p.at.Before(cutoff) {
			out = append(out, p)
			delete(r.m, k)
		}
	}
	return out
}

func requestData(groupID int64) string { return requestPrefix + strconv.FormatInt(groupID, 10) }

func parseRequestData(data string) (int64, bool) {
	rest, ok := strings.CutPrefix(data, requestPrefix)
	if !ok {
		return 0, false
	}
	id, err := strconv.ParseInt(rest, 10, 64)
	return id, err == nil
}

// onJoinRequest gates a chat_join_request when the group's join_requests is on: a
// member of every channel is approved at once; anyone else gets a private message
// with the join buttons and is approved when they press "I have joined" after
// joining, or declined after 24 h. Observe mode logs the check and leaves the
// request to the admins. Funnel: a gated request writes "checked" (and "warned" when
// channels are missing); the join after its approval writes nothing more.
func (e *Engine) onJoinRequest(ctx context.Context, r *models.ChatJoinRequest) {
	g, err := e.store.group(r.Chat.ID)
	if err != nil {
		e.log.Error("group not read", "group_id", r.Chat.ID, "error", err)
		return
	}
	if !g.enforced() || !g.Policy.JoinRequests || r.From.IsBot {
		return
	}
	if g.Policy.exempt(r.From.ID) {
		e.approve(ctx, g, r.From.ID)
		return
	}
	v := e.check(ctx, g, r.From.ID, false)
	if g.Policy.Observe { // left to the admins: the join, if approved, is counted then
		return
	}
	// The request is the join being checked (funnel): the join after the approval
	// writes no second step (takeCounted in onJoin).
	e.funnelStep(g.ID, r.From.ID, c.GateChecked)
	e.joinReqs.markCounted(g.ID, r.From.ID, e.now())
	if len(v.missing) == 0 {
		e.approve(ctx, g, r.From.ID)
		return
	}
	chatID := r.UserChatID
	if chatID == 0 {
		chatID = r.From.ID
	}
	p := &pendingRequest{groupID: g.ID, userID: r.From.ID, chatID: chatID, at: e.now()}
	text := i18n.T(g.Policy.Language, i18n.ReqDM, "user", mention(&r.From), "group", esc(g.Title),
		"channels", esc(missingList(v.missing)))
	id, err := e.send(ctx, chatID, r.From.ID, text, warnings.Keyboard(g.Policy.Language, requestData(g.ID), e.withGroupLinks(ctx, g, v.missing)))
	if err != nil {
		e.log.Warn("join request message not sent", "group_id", g.ID, "user_id", r.From.ID, "error", err)
	}
	p.msgID = id
	e.funnelStep(g.ID, r.From.ID, c.GateWarned) // told to join the channels, not muted
	p.timerID = e.addTimer(c.TimerDeclineRequest, g.ID, r.From.ID, id, p.at.Add(requestTTL))
	if old := e.joinReqs.put(p); old != nil {
		e.timerDone(old.timerID)
	}
}

// onRequestButton handles "I have joined" under a join request's private message.
func (e *Engine) onRequestButton(ctx context.Context, q *models.CallbackQuery, groupID int64) pressResult {
	g, err := e.store.group(groupID)
	if err != nil || !g.enforced() {
		return pressResult{text: i18n.T(policyOf(g).Language, i18n.AnsReqGone), alert: true}
	}
	lang := g.Policy.Language
	late := pressResult{alert: true}
	if msg := q.Message.Message; msg != nil {
		late.tell = msg.Chat.ID
	}
	v := e.check(ctx, g, q.From.ID, true)
	if len(v.missing) > 0 {
		late.text = i18n.T(lang, i18n.AnsMissing, "channels", missingList(v.missing))
		return late
	}
	if p := e.joinReqs.take(groupID, q.From.ID); p != nil {
		e.timerDone(p.timerID)
	}
	if !e.approve(ctx, g, q.From.ID) {
		late.text = i18n.T(lang, i18n.AnsReqGone)
		return late
	}
	if msg := q.Message.Message; msg != nil { // the edit says it when late
		e.edit(ctx, msg.Chat.ID, msg.ID, i18n.T(lang, i18n.ReqApproved, "group", esc(g.Title)))
	}
	return pressResult{text: i18n.T(lang, i18n.AnsVerified)}
}

// approve approves the user's join request; false when Telegram refused.
func (e *Engine) approve(ctx context.Context, g *groupInfo, userID int64) bool {
	b, err := e.api()
	if err != nil {
		return false
	}
	if _, err := b.ApproveChatJoinRequest(telegram.WithCall(ctx, g.ID, userID), &bot.ApproveChatJoinRequestParams{
		ChatID: g.ID, UserID: userID}); err != nil {
		e.log.Warn("join request not approved", "group_id", g.ID, "user_id", userID, "error", e.client.Redact(err))
		return false
	}
	return true
}

// sweepRequests declines the requests older than 24 h and tells their users.
func (e *Engine) sweepRequests(ctx context.Context) {
	for _, p := range e.joinReqs.expired(e.now().Add(-requestTTL)) {
		b, err := e.api()
		if err != nil {
			return
		}
		_, err = b.DeclineChatJoinRequest(telegram.WithCall(ctx, p.groupID, p.userID), &bot.DeclineChatJoinRequestParams{
			ChatID: p.groupID, UserID: p.userID})
		e.timerDone(p.timerID) // declined, or gone already (an admin decided)
		e.joinReqs.takeCounted(p.groupID, p.userID, e.now())
		if err != nil {
			e.log.Warn("join request not declined", "group_id", p.groupID, "user_id", p.userID, "error", e.client.Redact(err))
			continue
		}
		if p.msgID != 0 {
			g, _ := e.store.group(p.groupID)
			title := ""
			if g != nil {
				title = g.Title
			}
			e.edit(ctx, p.chatID, p.msgID, i18n.T(policyOf(g).Language, i18n.ReqExpired, "group", esc(title)))
		}
	}
}

// edit replaces a message's text and removes its buttons.
func (e *Engine) edit(ctx context.Context, chatID int64, msgID int, text string) {
	b, err := e.api()
	if err != nil {
		return
	}
	if _, err := b.EditMessageText(telegram.WithCall(ctx, chatID, 0), &bot.EditMessageTextParams{ChatID: chatID, MessageID: msgID,
		Text: text, ParseMode: models.ParseModeHTML}); err != nil {
		e.log.Debug("message not edited", "chat_id", chatID, "error", err)
	}
}
