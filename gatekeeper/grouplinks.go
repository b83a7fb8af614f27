package gatekeeper

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
	"golang.org/x/sync/singleflight"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper/rights"
	"github.com/nezuko/nezuko/gatekeeper/store"
	"github.com/nezuko/nezuko/telegram"
)

// maxLinkName is the longest invite link name Telegram keeps ("name: Invite link
// name; 0-32 characters"; TDLib cuts longer ones, MAX_INVITE_LINK_TITLE_LENGTH).
const maxLinkName = 32

// groupLinks remembers the invite link the bot made for each (group, channel) pair,
// stored in bot_invite_links: the group's warnings lead into the channel through it,
// and a join through it is counted for the group — through a replaced one too (kept
// with revoked_at set).
type groupLinks struct {
	db *store.Store

	mu      sync.Mutex // guards pairs, byURL, refused
	pairs   map[[2]int64]*linkState
	byURL   map[string]int64       // link → group
	refused map[[2]int64]time.Time // pairs Telegram refused a link for, and when
	flight  singleflight.Group
}

// linkRetryAfter is how long a warning does not ask again for a link Telegram
// refused (the bot may not invite users there); the maintenance asks anyway.
const linkRetryAfter = 15 * time.Minute

// refusedLately reports whether Telegram refused the pair a link within linkRetryAfter.
func (l *groupLinks) refusedLately(groupID, channelID int64, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	at, ok := l.refused[[2]int64{groupID, channelID}]
	return ok && now.Sub(at) < linkRetryAfter
}

// setRefused records (or, with a zero time, clears) a refusal.
func (l *groupLinks) setRefused(groupID, channelID int64, at time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.refused == nil {
		l.refused = map[[2]int64]time.Time{}
	}
	if at.IsZero() {
		delete(l.refused, [2]int64{groupID, channelID})
		return
	}
	l.refused[[2]int64{groupID, channelID}] = at
}

// linkState is one pair's link as the engine knows it.
type linkState struct {
	url      string
	requests bool // creates join requests
	broken   bool // stopped working and could not be recreated
}

// linkName is the name of a group's link: the group's title, cut to 32 characters on
// a character boundary (the id when the title is empty).
func linkName(g *groupInfo) string {
	name := strings.TrimSpace(g.Title)
	if name == "" {
		name = strconv.FormatInt(g.ID, 10)
	}
	if r := []rune(name); len(r) > maxLinkName {
		name = strings.TrimSpace(string(r[:maxLinkName]))
	}
	return name
}

// stored returns the pair's link (memory, else bot_invite_links); nil when none.
func (l *groupLinks) stored(groupID, channelID int64) (*linkState, error) {
	k := [2]int64{groupID, channelID}
	l.mu.Lock()
	st, ok := l.pairs[k]
	l.mu.Unlock()
	if ok {
		return st, nil
	}
	bl, err := l.db.InviteLink(groupID, channelID)
	if err != nil || bl == nil {
		return nil, err
	}
	st = &linkState{url: bl.URL, requests: bl.Requests}
	l.remember(groupID, channelID, st)
	return st, nil
}

func (l *groupLinks) remember(groupID, channelID int64, st *linkState) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.pairs == nil {
		l.pairs, l.byURL = map[[2]int64]*linkState{}, map[string]int64{}
	}
	l.pairs[[2]int64{groupID, channelID}] = st
	l.byURL[st.url] = groupID
}

// markBroken notes that a link stopped working and could not be recreated: warnings
// fall back to the channel's own link until it is.
func (l *groupLinks) markBroken(st *linkState) {
	l.mu.Lock()
	defer l.mu.Unlock()
	st.broken = true
}

// isBroken reads linkState.broken.
func (l *groupLinks) isBroken(st *linkState) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return st.broken
}

// groupOf returns the group whose link this is, current or replaced (NoGroup when it
// is none of this bot's links).
func (l *groupLinks) groupOf(channelID int64, url string) int64 {
	l.mu.Lock()
	g, ok := l.byURL[url]
	l.mu.Unlock()
	if ok {
		return g
	}
	if g, ok := l.db.LinkGroup(channelID, url); ok {
		return g
	}
	return c.NoGroup
}

// withGroupLinks returns the channels with the group's own links filled in (made
// once per pair, on first need), for a warning's buttons.
func (e *Engine) withGroupLinks(ctx context.Context, g *groupInfo, chans []channelInfo) []channelInfo {
	out := make([]channelInfo, len(chans))
	for i, ch := range chans {
		out[i] = ch
		out[i].GroupLink = e.groupLink(ctx, g, ch)
	}
	return out
}

// groupLink is the pair's working link, made when there is none (or it creates join
// requests while the channel no longer counts them, or the other way round); "" when
// Telegram refused.
func (e *Engine) groupLink(ctx context.Context, g *groupInfo, ch channelInfo) string {
	st, err := e.links.stored(g.ID, ch.ID)
	if err != nil {
		e.log.Warn("invite link not read", "group_id", g.ID, "channel_id", ch.ID, "error", err)
		return ""
	}
	if st != nil && st.requests == ch.CountRequests {
		if e.links.isBroken(st) {
			return ""
		}
		return st.url
	}
	if e.links.refusedLately(g.ID, ch.ID, e.now()) {
		return ""
	}
	url, err := e.makeLink(ctx, g, ch, st)
	if err != nil {
		e.log.Info("group invite link not created; the warning uses the channel's own link",
			"group_id", g.ID, "channel_id", ch.ID, "error", e.client.Redact(err))
		return ""
	}
	return url
}

// makeLink creates the pair's link (once for concurrent callers) and stores it;
// old, when set, is the link it replaces (revoked when it still works).
func (e *Engine) makeLink(ctx context.Context, g *groupInfo, ch channelInfo, old *linkState) (string, error) {
	key := strconv.FormatInt(g.ID, 10) + ":" + strconv.FormatInt(ch.ID, 10)
	v, err, _ := e.links.flight.Do(key, func() (any, error) {
		if cur, _ := e.links.stored(g.ID, ch.ID); cur != nil && cur != old && cur.requests == ch.CountRequests && !e.links.isBroken(cur) {
			return cur.url, nil // made meanwhile
		}
		b, err := e.api()
		if err != nil {
			return "", err
		}
		link, err := b.CreateChatInviteLink(telegram.WithCall(ctx, ch.ID, 0), &bot.CreateChatInviteLinkParams{
			ChatID: ch.ID, Name: linkName(g), CreatesJoinRequest: ch.CountRequests})
		if err != nil {
			if old != nil && old.requests == ch.CountRequests {
				e.links.markBroken(old)
			}
			if errors.Is(err, bot.ErrorBadRequest) || errors.Is(err, bot.ErrorForbidden) {
				e.links.setRefused(g.ID, ch.ID, e.now())
			}
			return "", err
		}
		e.links.setRefused(g.ID, ch.ID, time.Time{})
		if old != nil && !e.links.isBroken(old) && old.requests != ch.CountRequests {
			// The kind changed: the old link would bypass (or demand) approval.
			if _, err := b.RevokeChatInviteLink(telegram.WithCall(ctx, ch.ID, 0), &bot.RevokeChatInviteLinkParams{
				ChatID: ch.ID, InviteLink: old.url}); err != nil {
				e.log.Debug("old invite link not revoked", "channel_id", ch.ID, "error", err)
			}
		}
		st := &linkState{url: link.InviteLink, requests: link.CreatesJoinRequest}
		e.links.remember(g.ID, ch.ID, st)
		e.store.SaveInviteLink(g.ID, ch.ID, store.InviteLink{URL: st.url, Requests: st.requests}, e.now())
		return st.url, nil
	})
	if err != nil {
		return "", err
	}
	return v.(string), nil
}

// linkProblem keeps the pair's link working, for the rights check: a stored link is
// probed with editChatInviteLink (which answers is_revoked, or fails for a revoked
// link) and recreated when it stopped working; a missing one is made. It returns the
// right to name in health when that failed ("" = fine): can_invite_users when
// Telegram says the bot may not manage links, else rights.GroupLink. A public channel
// where the bot never had a link and may not make one is no problem: its warnings
// lead to t.me/username, and its joins count as "other".
func (e *Engine) linkProblem(ctx context.Context, g *groupInfo, ch channelInfo) string {
	st, err := e.links.stored(g.ID, ch.ID)
	if err != nil {
		return ""
	}
	if st != nil && st.requests == ch.CountRequests && !e.links.isBroken(st) {
		b, err := e.api()
		if err != nil {
			return ""
		}
		got, err := b.EditChatInviteLink(telegram.WithCall(ctx, ch.ID, 0), &bot.EditChatInviteLinkParams{ChatID: ch.ID,
			InviteLink: st.url, Name: linkName(g), CreatesJoinRequest: st.requests})
		switch {
		case err == nil && !got.IsRevoked:
			return ""
		case err != nil && !errors.Is(err, bot.ErrorBadRequest) && !errors.Is(err, bot.ErrorForbidden):
			return "" // Telegram unreachable: look again next time
		}
		e.log.Info("group invite link stopped working; making a new one", "group_id", g.ID, "channel_id", ch.ID)
	}
	if _, err := e.makeLink(ctx, g, ch, st); err != nil {
		if st == nil && ch.Username != "" {
			return ""
		}
		e.log.Warn("group invite link not recreated", "group_id", g.ID, "channel_id", ch.ID, "error", e.client.Redact(err))
		if rightsRefusal(err) {
			return rights.Invite
		}
		return rights.GroupLink
	}
	return ""
}

// rightsRefusal reports a refusal for missing admin rights.
func rightsRefusal(err error) bool {
	s := strings.ToLower(err.Error())
	return errors.Is(err, bot.ErrorForbidden) || strings.Contains(s, "not enough rights") ||
		strings.Contains(s, "chat_admin_required") || strings.Contains(s, "administrator rights")
}

// recordJoin appends a channel_joins row: the group whose link the user came by
// (NoGroup = other: no link, or one this bot did not make — Telegram shows a bot
// only its own links in full).
func (e *Engine) recordJoin(channelID, userID int64, link *models.ChatInviteLink, via string) {
	group, url := c.NoGroup, ""
	if link != nil {
		url = link.InviteLink
		if link.Creator.ID == e.cfg.BotID {
			group = e.links.groupOf(channelID, url)
		}
	}
	e.store.RecordChannelJoin(channelID, userID, group, via, url, e.now())
}
