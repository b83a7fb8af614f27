package gatekeeper

import (
	"context"

	"github.com/go-telegram/bot/models"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper/rights"
)

// requestRecheckBatch is how many overdue pending requests one sweep re-checks.
const requestRecheckBatch = 5

// onChannelJoinRequest handles a chat_join_request to a channel linked to this bot's
// groups: it is recorded in channel_joins (via request, attributed to the group whose
// link it came by) and, when the channel counts pending requests, kept as pending and
// the user's mutes lifted in every linked group where it was all that was missing.
func (e *Engine) onChannelJoinRequest(ctx context.Context, r *models.ChatJoinRequest) {
	if r.From.IsBot {
		return
	}
	gs, err := e.store.OfChannel(r.Chat.ID)
	if err != nil {
		e.log.Error("groups of channel not read", "channel_id", r.Chat.ID, "error", err)
		return
	}
	if len(gs) == 0 {
		return
	}
	e.recordJoin(r.Chat.ID, r.From.ID, r.InviteLink, c.JoinViaRequest)
	counts := false
	for _, g := range gs {
		for _, ch := range g.Channels {
			counts = counts || (ch.ID == r.Chat.ID && ch.CountRequests)
		}
	}
	if !counts {
		return
	}
	link := ""
	if r.InviteLink != nil {
		link = r.InviteLink.InviteLink
	}
	e.chanReqs.Add(r.From.ID, r.Chat.ID, link, e.now())
	e.onChannelJoin(ctx, r.Chat.ID, &r.From)
}

// sweepChannelRequests looks again at the pending requests that no longer count: a
// member now (an approval the bot did not hear of) is fine; anyone else counts as
// missing again and is muted and warned in the linked groups they are in.
func (e *Engine) sweepChannelRequests(ctx context.Context) {
	for _, k := range e.chanReqs.Overdue(requestRecheckBatch, e.now()) {
		if ctx.Err() != nil {
			return
		}
		m, err := e.member(ctx, k.ChannelID, k.UserID)
		if err != nil && !rights.NotAMember(err) {
			e.log.Debug("member not read for a pending request", "channel_id", k.ChannelID, "user_id", k.UserID, "error", err)
			continue
		}
		e.chanReqs.Drop(k.UserID, k.ChannelID)
		in := err == nil && rights.InChat(*m)
		e.remember(k.UserID, k.ChannelID, in)
		if in {
			continue
		}
		e.log.Info("a join request no longer counts: the user is still not a member", "channel_id", k.ChannelID, "user_id", k.UserID)
		e.enforceAgain(ctx, k.ChannelID, k.UserID)
	}
}

// enforceAgain mutes and warns a user in every group of this bot linked to the
// channel where they are a member and miss a channel (as after leaving it; only
// where the bot has seen them, as there).
func (e *Engine) enforceAgain(ctx context.Context, channelID, userID int64) {
	gs, err := e.groupsSeenIn(channelID, userID)
	if err != nil {
		e.log.Error("groups of channel not read", "channel_id", channelID, "error", err)
		return
	}
	for _, g := range gs {
		if g.Policy.IsExempt(userID) {
			continue
		}
		m, err := e.member(ctx, g.ID, userID)
		if err != nil || !rights.InChat(*m) || rights.IsAdmin(*m) {
			continue
		}
		u := rights.User(*m)
		if u == nil || u.IsBot {
			continue
		}
		if v := e.check(ctx, g, userID, true); len(v.missing) > 0 {
			e.act(ctx, g, u, v.missing, reasonMessage, 0, m)
		}
	}
}
