package gatekeeper

import (
	"context"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper/groups"
	"github.com/nezuko/nezuko/gatekeeper/i18n"
	"github.com/nezuko/nezuko/gatekeeper/joinrequests"
	"github.com/nezuko/nezuko/gatekeeper/warnings"
	"github.com/nezuko/nezuko/telegram"
)

// onJoinRequest gates a chat_join_request when the group's join_requests is on: a
// member of every channel is approved at once; anyone else gets a private message
// with the join buttons and is approved when they press "I have joined" after
// joining, or declined after 24 h. Observe mode logs the check and leaves the
// request to the admins. Funnel: a gated request writes "checked" (and "warned" when
// channels are missing); the join after its approval writes nothing more.
func (e *Engine) onJoinRequest(ctx context.Context, r *models.ChatJoinRequest) {
	g, err := e.store.Group(r.Chat.ID)
	if err != nil {
		e.log.Error("group not read", "group_id", r.Chat.ID, "error", err)
		return
	}
	if !g.Enforced() || !g.Policy.JoinRequests || r.From.IsBot {
		return
	}
	if g.Policy.IsExempt(r.From.ID) {
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
	e.joinReqs.MarkCounted(g.ID, r.From.ID, e.now())
	if len(v.missing) == 0 {
		e.approve(ctx, g, r.From.ID)
		return
	}
	chatID := r.UserChatID
	if chatID == 0 {
		chatID = r.From.ID
	}
	p := &joinrequests.Request{GroupID: g.ID, UserID: r.From.ID, ChatID: chatID, At: e.now()}
	text := i18n.T(g.Policy.Language, i18n.ReqDM, "user", warnings.Mention(&r.From), "group", esc(g.Title),
		"channels", esc(warnings.ChannelList(v.missing)))
	id, err := e.send(ctx, chatID, r.From.ID, text, warnings.Keyboard(g.Policy.Language, joinrequests.ButtonData(g.ID), e.withGroupLinks(ctx, g, v.missing)))
	if err != nil {
		e.log.Warn("join request message not sent", "group_id", g.ID, "user_id", r.From.ID, "error", err)
	}
	p.MsgID = id
	e.funnelStep(g.ID, r.From.ID, c.GateWarned) // told to join the channels, not muted
	p.TimerID = e.addTimer(c.TimerDeclineRequest, g.ID, r.From.ID, id, p.At.Add(joinrequests.TTL))
	if old := e.joinReqs.Put(p); old != nil {
		e.timerDone(old.TimerID)
	}
}

// onRequestButton handles "I have joined" under a join request's private message.
func (e *Engine) onRequestButton(ctx context.Context, q *models.CallbackQuery, groupID int64) pressResult {
	g, err := e.store.Group(groupID)
	if err != nil || !g.Enforced() {
		return pressResult{text: i18n.T(policyOf(g).Language, i18n.AnsReqGone), alert: true}
	}
	lang := g.Policy.Language
	late := pressResult{alert: true}
	if msg := q.Message.Message; msg != nil {
		late.tell = msg.Chat.ID
	}
	v := e.check(ctx, g, q.From.ID, true)
	if len(v.missing) > 0 {
		late.text = i18n.T(lang, i18n.AnsMissing, "channels", warnings.ChannelList(v.missing))
		return late
	}
	if p := e.joinReqs.Take(groupID, q.From.ID); p != nil {
		e.timerDone(p.TimerID)
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
func (e *Engine) approve(ctx context.Context, g *groups.Group, userID int64) bool {
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
	for _, p := range e.joinReqs.Expired(e.now()) {
		b, err := e.api()
		if err != nil {
			return
		}
		_, err = b.DeclineChatJoinRequest(telegram.WithCall(ctx, p.GroupID, p.UserID), &bot.DeclineChatJoinRequestParams{
			ChatID: p.GroupID, UserID: p.UserID})
		e.timerDone(p.TimerID) // declined, or gone already (an admin decided)
		e.joinReqs.TakeCounted(p.GroupID, p.UserID, e.now())
		if err != nil {
			e.log.Warn("join request not declined", "group_id", p.GroupID, "user_id", p.UserID, "error", e.client.Redact(err))
			continue
		}
		if p.MsgID != 0 {
			g, _ := e.store.Group(p.GroupID)
			title := ""
			if g != nil {
				title = g.Title
			}
			e.edit(ctx, p.ChatID, p.MsgID, i18n.T(policyOf(g).Language, i18n.ReqExpired, "group", esc(title)))
		}
	}
}

// edit replaces a message's text and removes its buttons.
func (e *Engine) edit(ctx context.Context, chatID int64, msgID int, text string) {
	b, err := e.api()
	if err != nil {
		return
	}
	if err := telegram.EditHTML(ctx, b, chatID, msgID, text, nil); err != nil {
		e.log.Debug("message not edited", "chat_id", chatID, "error", err)
	}
}
