package gatekeeper

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper/groups"
	"github.com/nezuko/nezuko/gatekeeper/rights"
	"github.com/nezuko/nezuko/gatekeeper/store"
	"github.com/nezuko/nezuko/gatekeeper/warnings"
	"github.com/nezuko/nezuko/telegram"
)

// channelRightsMemo keeps, within one maintenance, what the bot lacks in each channel
// already read (by channel id), so a channel linked to many groups is read once.
type channelRightsMemo map[int64][]string

// checkHealth checks the bot's own rights in the group and its channels (bypassing
// every cache), stores protected_groups.health, logs a WARNING for each new problem
// and an INFO when all are gone, and returns what it stored.
func (e *Engine) checkHealth(ctx context.Context, g *groups.Group) c.GroupHealth {
	return e.checkHealthWith(ctx, g, nil)
}

// checkHealthWith is checkHealth reusing the channel rights in memo and adding those
// it reads (nil: none kept).
func (e *Engine) checkHealthWith(ctx context.Context, g *groups.Group, memo channelRightsMemo) c.GroupHealth {
	e.healthMu.Lock()
	defer e.healthMu.Unlock()
	now := e.now().UTC()
	var problems []c.HealthProblem
	if missing := e.groupRights(ctx, g); len(missing) > 0 {
		title := g.Title
		if title == "" {
			title = strconv.FormatInt(g.ID, 10)
		}
		problems = append(problems, c.HealthProblem{ChatID: g.ID, Title: title, Missing: missing})
	}
	for _, ch := range g.Channels {
		missing, ok := memo[ch.ID]
		if !ok {
			var read bool
			missing, read = e.channelRights(ctx, ch)
			if memo != nil && read {
				memo[ch.ID] = missing
			}
		}
		if len(missing) == 0 {
			if right := e.linkProblem(ctx, g, ch); right != "" {
				missing = []string{right}
			}
		}
		if len(missing) > 0 {
			problems = append(problems, c.HealthProblem{ChatID: ch.ID, Title: warnings.ChannelName(ch), Missing: missing})
		}
	}
	h := c.GroupHealth{OK: len(problems) == 0, CheckedAt: now.Format(time.RFC3339), Problems: problems}
	if h.Problems == nil {
		h.Problems = []c.HealthProblem{}
	}
	err := e.store.UpdateGroup(g.RecordID, func(pg *c.ProtectedGroup) {
		if pg.GroupID() != g.ID {
			return // the group moved to a supergroup meanwhile: this check is stale
		}
		old, _ := pg.Health()
		for _, p := range rights.Carry(old.Problems, h.Problems, h.CheckedAt) {
			e.log.Warn("bot rights missing: "+rights.Describe(p), "group_id", g.ID, "chat_id", p.ChatID,
				"missing", strings.Join(p.Missing, ","))
		}
		if h.OK && len(old.Problems) > 0 {
			e.log.Info("bot rights complete again", "group_id", g.ID, "title", g.Title)
		}
		pg.SetHealth(h)
	})
	if err != nil {
		e.log.Warn("health not saved", "group_id", g.ID, "error", err)
	}
	return h
}

// groupRights lists what the bot lacks in the group: first of all a supergroup.
func (e *Engine) groupRights(ctx context.Context, g *groups.Group) []string {
	m, err := e.myMember(ctx, g.ID)
	if err != nil {
		m = nil
	}
	return rights.InGroup(groups.BasicID(g.ID), m, g.Policy.JoinRequests)
}

// channelRights lists what the bot lacks in a linked channel (rights.InChannel): a
// private channel, or one whose join requests count, is joined by the bot's links.
// read is false when Telegram did not answer (then everything counts as missing).
func (e *Engine) channelRights(ctx context.Context, ch store.Channel) (missing []string, read bool) {
	m, err := e.myMember(ctx, ch.ID)
	if err != nil {
		m = nil
	}
	return rights.InChannel(m, ch.Username == "" || ch.CountRequests), err == nil
}

// myMember reads the bot's own membership in a chat.
func (e *Engine) myMember(ctx context.Context, chatID int64) (*models.ChatMember, error) {
	b, err := e.api()
	if err != nil {
		return nil, err
	}
	return b.GetChatMember(telegram.WithCall(ctx, chatID, e.cfg.BotID), &bot.GetChatMemberParams{ChatID: chatID, UserID: e.cfg.BotID})
}
