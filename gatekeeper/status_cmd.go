package gatekeeper

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/go-telegram/bot/models"
	"github.com/pocketbase/dbx"

	c "github.com/nezuko/nezuko/collections"
)

// onStatus answers group admins with the group's channels, member counts, settings,
// rights health (checked afresh) and the last 24 hours' decisions.
func (e *Engine) onStatus(ctx context.Context, m *models.Message) {
	g, _, ok := e.adminCommand(ctx, m)
	if !ok {
		return
	}
	if g == nil || !g.Mine {
		e.say(ctx, m, g, kStatusNotSetUp)
		return
	}
	lang := g.Policy.Language
	h := e.checkHealth(ctx, g)
	var sb strings.Builder
	line := func(s string) { sb.WriteString("\n" + s) }
	sb.WriteString(tr(lang, kStatusTitle, "group", esc(g.Title)))
	switch {
	case len(g.Channels) == 0:
		line(tr(lang, kStatusNotSetUp))
	case g.Enabled:
		line(tr(lang, kStatusOn))
	default:
		line(tr(lang, kStatusOff))
	}
	if g.Policy.Observe {
		line(tr(lang, kStatusObserve))
	}
	if len(g.Channels) > 0 {
		line(tr(lang, kStatusChannels))
		for _, ch := range g.Channels {
			line(tr(lang, kStatusChannel, "channel", esc(channelName(ch)), "count", strconv.Itoa(e.subscribers(ch.RecordID))))
		}
	}
	if rec, err := e.cfg.App.FindRecordById(c.ProtectedGroups, g.RecordID); err == nil {
		line(tr(lang, kStatusMembers, "count", strconv.Itoa(c.Wrap(&c.ProtectedGroup{}, rec).MemberCount())))
	}
	counts := e.lastDay(g.ID)
	line(tr(lang, kStatusLast24, "verified", strconv.Itoa(counts[c.Verified]),
		"restricted", strconv.Itoa(counts[c.Restricted]), "errors", strconv.Itoa(counts[c.VerifyErr])))
	if len(g.Channels) > 0 {
		brought := e.broughtLastWeek(g.ID)
		items := make([]string, len(g.Channels))
		for i, ch := range g.Channels {
			items[i] = tr(lang, kStatusBroughtItem, "count", strconv.Itoa(brought[ch.ID]), "channel", esc(channelName(ch)))
		}
		line(tr(lang, kStatusBrought, "list", strings.Join(items, ", ")))
	}
	p := e.params(g)
	var set []string
	for _, k := range []string{c.ParamAction, c.ParamMode, c.ParamOnError, c.ParamLanguage} {
		set = append(set, k+" "+settingValue(lang, p, k, 0))
	}
	line(tr(lang, kStatusSettings, "settings", strings.Join(set, " · ")))
	line(healthText(lang, h))
	e.sayText(ctx, m, g.Policy, sb.String())
}

// subscribers is a channel's last synced subscriber count.
func (e *Engine) subscribers(recordID string) int {
	rec, err := e.cfg.App.FindRecordById(c.EnforcedChannels, recordID)
	if err != nil {
		return 0
	}
	return c.Wrap(&c.EnforcedChannel{}, rec).SubscriberCount()
}

// lastDay counts the distinct users per verification status in the group over the
// last 24 hours (rows still in the log writer's buffer are not counted yet).
func (e *Engine) lastDay(groupID int64) map[string]int {
	var rows []struct {
		Status string `db:"s"`
		N      int    `db:"n"`
	}
	since := c.DBTime(e.now().Add(-24 * time.Hour))
	err := e.cfg.App.DB().Select(c.FieldStatus+" AS s", "COUNT(DISTINCT "+c.FieldUserID+") AS n").
		From(c.VerificationLog).
		Where(dbx.HashExp{c.FieldGroupID: groupID}).
		AndWhere(dbx.NewExp(c.FieldTimestamp+" >= {:since}", dbx.Params{"since": since})).
		GroupBy(c.FieldStatus).All(&rows)
	out := map[string]int{}
	if err != nil {
		e.log.Warn("last day's decisions not counted", "group_id", groupID, "error", err)
		return out
	}
	for _, r := range rows {
		out[r.Status] = r.N
	}
	return out
}

// broughtLastWeek counts, per channel, the users who joined it as members through
// this group's invite link in the last 7 days (channel_joins rows attributed to it).
func (e *Engine) broughtLastWeek(groupID int64) map[int64]int {
	var rows []struct {
		Channel int64 `db:"ch"`
		N       int   `db:"n"`
	}
	since := c.DBTime(e.now().Add(-7 * 24 * time.Hour))
	err := e.cfg.App.DB().Select(c.FieldChannelID+" AS ch", "COUNT(*) AS n").
		From(c.ChannelJoins).
		Where(dbx.HashExp{c.FieldGroupID: groupID, c.FieldVia: c.JoinViaMember}).
		AndWhere(dbx.NewExp(c.FieldTimestamp+" >= {:since}", dbx.Params{"since": since})).
		GroupBy(c.FieldChannelID).All(&rows)
	out := map[int64]int{}
	if err != nil {
		e.log.Warn("subscribers brought not counted", "group_id", groupID, "error", err)
		return out
	}
	for _, r := range rows {
		out[r.Channel] = r.N
	}
	return out
}
