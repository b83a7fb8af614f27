package gatekeeper

import (
	"context"
	"strconv"
	"sync"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper/groups"
	"github.com/nezuko/nezuko/gatekeeper/rights"
	"github.com/nezuko/nezuko/gatekeeper/store"
	"github.com/nezuko/nezuko/logwriter"
	"github.com/nezuko/nezuko/telegram"
)

// outcome is the result of one (user, channel) check.
type outcome struct {
	ch      store.Channel
	member  bool
	cached  bool
	errType string // "" unless the lookup failed
}

// missing reports whether the outcome means the user lacks the channel under policy.
func (o outcome) missing(p groups.Policy) bool {
	if o.errType != "" && !o.member {
		return !p.AllowOnError
	}
	return !o.member
}

// verdict is the result of checking a user against every channel of a group.
type verdict struct {
	outcomes []outcome
	missing  []store.Channel
}

// check looks the user up in every linked channel of the group (fresh: bypassing the
// cache) and writes one verification_log row per channel.
func (e *Engine) check(ctx context.Context, g *groups.Group, userID int64, fresh bool) verdict {
	v := verdict{outcomes: make([]outcome, len(g.Channels))}
	if len(g.Channels) == 1 {
		v.outcomes[0] = e.checkOne(ctx, g.ID, userID, g.Channels[0], fresh)
	} else {
		var wg sync.WaitGroup
		for i, ch := range g.Channels {
			wg.Add(1)
			go func() {
				defer wg.Done()
				v.outcomes[i] = e.checkOne(ctx, g.ID, userID, ch, fresh)
			}()
		}
		wg.Wait()
	}
	for _, o := range v.outcomes {
		if o.missing(g.Policy) {
			v.missing = append(v.missing, o.ch)
		}
	}
	return v
}

// checkOne checks one channel and logs the row.
func (e *Engine) checkOne(ctx context.Context, groupID, userID int64, ch store.Channel, fresh bool) outcome {
	start := time.Now()
	member, cached, err := e.lookup(ctx, userID, ch.ID, fresh)
	o := outcome{ch: ch, member: member, cached: cached}
	status := c.Restricted
	switch {
	case err != nil:
		o.errType = telegram.ErrorType(err)
		status = c.VerifyErr
	case member:
		status = c.Verified
	case ch.CountRequests && e.chanReqs.Counts(userID, ch.ID, e.now()):
		// A pending join request counts: verified, told apart from a member.
		o.member, o.errType, status = true, c.VerifiedPendingRequest, c.Verified
	}
	e.ev.Decision(status)
	e.cfg.Logs.AddVerification(logwriter.Verification{
		UserID: userID, GroupID: groupID, ChannelID: ch.ID, BotID: e.cfg.BotID, Status: status,
		LatencyMS: ms(time.Since(start)), Cached: cached, ErrorType: o.errType, At: time.Now(),
	})
	return o
}

// lookup answers whether the user is in the channel: from the cache unless fresh,
// else by getChatMember (shared by concurrent lookups of the same pair).
func (e *Engine) lookup(ctx context.Context, userID, channelID int64, fresh bool) (member, cached bool, err error) {
	if fresh {
		e.members.Invalidate(userID, channelID)
	} else {
		if m, ok := e.members.Get(userID, channelID, time.Now()); ok {
			e.ev.CacheLookup(true)
			return m, true, nil
		}
		e.ev.CacheLookup(false)
	}
	key := strconv.FormatInt(userID, 10) + ":" + strconv.FormatInt(channelID, 10)
	if fresh {
		key += ":fresh"
	}
	val, err, _ := e.members.Flight.Do(key, func() (any, error) {
		b, err := e.api()
		if err != nil {
			return false, err
		}
		m, err := b.GetChatMember(telegram.WithCall(ctx, channelID, userID), &bot.GetChatMemberParams{ChatID: channelID, UserID: userID})
		in := false
		switch {
		case rights.NotAMember(err): // an answer, not a failed lookup
		case err != nil:
			return false, err
		default:
			in = rights.InChat(*m)
		}
		e.remember(userID, channelID, in)
		return in, nil
	})
	if err != nil {
		return false, false, err
	}
	return val.(bool), false, nil
}

// remember caches a membership with the configured TTL.
func (e *Engine) remember(userID, channelID int64, member bool) {
	s := e.settings.Get()
	ttl := s.NegativeTTL
	if member {
		ttl = s.PositiveTTL
	}
	e.members.Put(userID, channelID, member, ttl, time.Now())
}

// exemptSender reports whether the sender of a group message not sent on behalf of a
// chat (those are onSenderChat's) is never checked: bots, Telegram's service account,
// and users on the group's exempt list.
func exemptSender(g *groups.Group, m *models.Message) bool {
	switch {
	case m.From == nil, m.From.IsBot, m.IsAutomaticForward, m.From.ID == telegramServiceID:
		return true
	}
	return g.Policy.IsExempt(m.From.ID)
}

// telegramServiceID is the "Telegram" account automatic forwards come from.
const telegramServiceID = 777000
