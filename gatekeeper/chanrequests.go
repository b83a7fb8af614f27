package gatekeeper

import (
	"context"
	"sync"
	"time"

	"github.com/go-telegram/bot/models"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper/rights"
	"github.com/nezuko/nezuko/gatekeeper/store"
)

// requestCountsFor is how long a pending join request to a channel counts as
// membership before the bot looks again. Telegram sends no update when a user
// withdraws a request or an admin declines it in the app, and the Bot API cannot list
// pending requests; so after this long a user who is still not a member
// (getChatMember) counts as missing again. An approval ends it at once (the
// channel's chat_member update), as does leaving.
const requestCountsFor = 24 * time.Hour

// requestRecheckBatch is how many overdue pending requests one sweep re-checks.
const requestRecheckBatch = 5

// channelRequests holds the pending join requests to channels this bot saw: in
// memory (loaded from bot_join_requests on first use) and durably, through the
// engine's write queue.
type channelRequests struct {
	db *store.Store

	once sync.Once
	mu   sync.Mutex // guards m
	m    map[memberKey]time.Time
}

// load reads the stored requests once.
func (r *channelRequests) load(log interface{ Error(string, ...any) }) {
	r.once.Do(func() {
		m := map[memberKey]time.Time{}
		reqs, err := r.db.JoinRequests()
		if err != nil {
			log.Error("pending join requests not read", "error", err)
		}
		for _, q := range reqs {
			m[memberKey{user: q.UserID, channel: q.ChannelID}] = q.At
		}
		r.mu.Lock()
		r.m = m
		r.mu.Unlock()
	})
}

// counts reports whether the user has a pending request to the channel that still
// counts as membership at now.
func (e *Engine) requestCounts(userID, channelID int64) bool {
	r := e.chanReqs
	r.load(e.log)
	r.mu.Lock()
	at, ok := r.m[memberKey{user: userID, channel: channelID}]
	r.mu.Unlock()
	return ok && e.now().Sub(at) < requestCountsFor
}

// addRequest records a pending request (in memory at once, durably in the background).
func (e *Engine) addRequest(userID, channelID int64, link string, at time.Time) {
	r := e.chanReqs
	r.load(e.log)
	r.mu.Lock()
	r.m[memberKey{user: userID, channel: channelID}] = at
	r.mu.Unlock()
	e.store.SaveJoinRequest(userID, channelID, link, at)
}

// dropRequest forgets a pending request; it reports whether there was one.
func (e *Engine) dropRequest(userID, channelID int64) bool {
	r := e.chanReqs
	r.load(e.log)
	k := memberKey{user: userID, channel: channelID}
	r.mu.Lock()
	_, had := r.m[k]
	delete(r.m, k)
	r.mu.Unlock()
	if had {
		e.store.DropJoinRequest(userID, channelID)
	}
	return had
}

// overdue returns up to n requests that no longer count (older than requestCountsFor).
func (e *Engine) overdueRequests(n int) []memberKey {
	r := e.chanReqs
	r.load(e.log)
	cutoff := e.now().Add(-requestCountsFor)
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []memberKey
	for k, at := range r.m {
		if !at.After(cutoff) && len(out) < n {
			out = append(out, k)
		}
	}
	return out
}

// onChannelJoinRequest handles a chat_join_request to a channel linked to this bot's
// groups: it is recorded in channel_joins (via request, attributed to the group whose
// link it came by) and, when the channel counts pending requests, kept as pending and
// the user's mutes lifted in every linked group where it was all that was missing.
func (e *Engine) onChannelJoinRequest(ctx context.Context, r *models.ChatJoinRequest) {
	if r.From.IsBot {
		return
	}
	groups, err := e.store.OfChannel(r.Chat.ID)
	if err != nil {
		e.log.Error("groups of channel not read", "channel_id", r.Chat.ID, "error", err)
		return
	}
	if len(groups) == 0 {
		return
	}
	e.recordJoin(r.Chat.ID, r.From.ID, r.InviteLink, c.JoinViaRequest)
	counts := false
	for _, g := range groups {
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
	e.addRequest(r.From.ID, r.Chat.ID, link, e.now())
	e.onChannelJoin(ctx, r.Chat.ID, &r.From)
}

// sweepChannelRequests looks again at the pending requests that no longer count: a
// member now (an approval the bot did not hear of) is fine; anyone else counts as
// missing again and is muted and warned in the linked groups they are in.
func (e *Engine) sweepChannelRequests(ctx context.Context) {
	for _, k := range e.overdueRequests(requestRecheckBatch) {
		if ctx.Err() != nil {
			return
		}
		m, err := e.member(ctx, k.channel, k.user)
		if err != nil && !rights.NotAMember(err) {
			e.log.Debug("member not read for a pending request", "channel_id", k.channel, "user_id", k.user, "error", err)
			continue
		}
		e.dropRequest(k.user, k.channel)
		in := err == nil && rights.InChat(*m)
		e.remember(k.user, k.channel, in)
		if in {
			continue
		}
		e.log.Info("a join request no longer counts: the user is still not a member", "channel_id", k.channel, "user_id", k.user)
		e.enforceAgain(ctx, k.channel, k.user)
	}
}

// enforceAgain mutes and warns a user in every group of this bot linked to the
// channel where they are a member and miss a channel (as after leaving it).
func (e *Engine) enforceAgain(ctx context.Context, channelID, userID int64) {
	groups, err := e.store.OfChannel(channelID)
	if err != nil {
		e.log.Error("groups of channel not read", "channel_id", channelID, "error", err)
		return
	}
	for _, g := range groups {
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
