package gatekeeper

import (
	"context"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper/groups"
	"github.com/nezuko/nezuko/gatekeeper/invitelinks"
	"github.com/nezuko/nezuko/gatekeeper/rights"
	"github.com/nezuko/nezuko/gatekeeper/store"
	"github.com/nezuko/nezuko/telegram"
)

// withGroupLinks returns the channels with the group's own links filled in (made
// once per pair, on first need), for a warning's buttons.
func (e *Engine) withGroupLinks(ctx context.Context, g *groups.Group, chans []store.Channel) []store.Channel {
	out := make([]store.Channel, len(chans))
	for i, ch := range chans {
		out[i] = ch
		out[i].GroupLink = e.groupLink(ctx, g, ch)
	}
	return out
}

// groupLink is the pair's working link, made when there is none (or it creates join
// requests while the channel no longer counts them, or the other way round); "" when
// Telegram refused.
func (e *Engine) groupLink(ctx context.Context, g *groups.Group, ch store.Channel) string {
	st, err := e.links.Stored(g.ID, ch.ID)
	if err != nil {
		e.log.Warn("invite link not read", "group_id", g.ID, "channel_id", ch.ID, "error", err)
		return ""
	}
	if st.Fits(ch.CountRequests) {
		if st.Broken() {
			return ""
		}
		return st.URL
	}
	if e.links.RefusedLately(g.ID, ch.ID, e.now()) {
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
func (e *Engine) makeLink(ctx context.Context, g *groups.Group, ch store.Channel, old *invitelinks.Link) (string, error) {
	return e.links.Do(g.ID, ch.ID, func() (string, error) {
		if cur, _ := e.links.Stored(g.ID, ch.ID); cur != old && cur.Works(ch.CountRequests) {
			return cur.URL, nil // made meanwhile
		}
		b, err := e.api()
		if err != nil {
			return "", err
		}
		link, err := b.CreateChatInviteLink(telegram.WithCall(ctx, ch.ID, 0), &bot.CreateChatInviteLinkParams{
			ChatID: ch.ID, Name: invitelinks.Name(g.Title, g.ID), CreatesJoinRequest: ch.CountRequests})
		if err != nil {
			e.links.Failed(g.ID, ch.ID, old, ch.CountRequests, err, e.now())
			return "", err
		}
		e.links.ClearRefused(g.ID, ch.ID)
		if old != nil && !old.Broken() && old.Requests != ch.CountRequests {
			// The kind changed: the old link would bypass (or demand) approval.
			if _, err := b.RevokeChatInviteLink(telegram.WithCall(ctx, ch.ID, 0), &bot.RevokeChatInviteLinkParams{
				ChatID: ch.ID, InviteLink: old.URL}); err != nil {
				e.log.Debug("old invite link not revoked", "channel_id", ch.ID, "error", err)
			}
		}
		return e.links.Save(g.ID, ch.ID, link.InviteLink, link.CreatesJoinRequest, e.now()).URL, nil
	})
}

// linkProblem keeps the pair's link working, for the rights check: a stored link is
// probed with editChatInviteLink (which answers is_revoked, or fails for a revoked
// link) and recreated when it stopped working; a missing one is made. It returns the
// right to name in health when that failed ("" = fine): can_invite_users when
// Telegram says the bot may not manage links, else rights.GroupLink. A public channel
// where the bot never had a link and may not make one is no problem: its warnings
// lead to t.me/username, and its joins count as "other".
func (e *Engine) linkProblem(ctx context.Context, g *groups.Group, ch store.Channel) string {
	st, err := e.links.Stored(g.ID, ch.ID)
	if err != nil {
		return ""
	}
	if st.Works(ch.CountRequests) {
		b, err := e.api()
		if err != nil {
			return ""
		}
		got, err := b.EditChatInviteLink(telegram.WithCall(ctx, ch.ID, 0), &bot.EditChatInviteLinkParams{ChatID: ch.ID,
			InviteLink: st.URL, Name: invitelinks.Name(g.Title, g.ID), CreatesJoinRequest: st.Requests})
		switch {
		case err == nil && !got.IsRevoked:
			return ""
		case err != nil && !invitelinks.Refusal(err):
			return "" // Telegram unreachable: look again next time
		}
		e.log.Info("group invite link stopped working; making a new one", "group_id", g.ID, "channel_id", ch.ID)
	}
	if _, err := e.makeLink(ctx, g, ch, st); err != nil {
		if st == nil && ch.Username != "" {
			return ""
		}
		e.log.Warn("group invite link not recreated", "group_id", g.ID, "channel_id", ch.ID, "error", e.client.Redact(err))
		if invitelinks.RightsRefusal(err) {
			return rights.Invite
		}
		return rights.GroupLink
	}
	return ""
}

// recordJoin appends a channel_joins row: the group whose link the user came by
// (NoGroup = other: no link, or one this bot did not make — Telegram shows a bot
// only its own links in full).
func (e *Engine) recordJoin(channelID, userID int64, link *models.ChatInviteLink, via string) {
	group, url := c.NoGroup, ""
	if link != nil {
		url = link.InviteLink
		if link.Creator.ID == e.cfg.BotID {
			group = e.links.GroupOf(channelID, url)
		}
	}
	e.store.RecordChannelJoin(channelID, userID, group, via, url, e.now())
}
