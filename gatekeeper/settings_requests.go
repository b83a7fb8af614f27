package gatekeeper

import (
	"context"
	"strconv"
	"strings"

	"github.com/go-telegram/bot/models"

	"github.com/nezuko/nezuko/gatekeeper/i18n"
	"github.com/nezuko/nezuko/gatekeeper/rights"
	"github.com/nezuko/nezuko/gatekeeper/warnings"
)

// requestsKey is the /settings key of enforced_channels.count_join_requests:
// "/settings requests @channel on|off".
const requestsKey = "requests"

// requestsValue shows, per channel, whether its pending join requests count.
func requestsValue(g *groupInfo) string {
	parts := make([]string, len(g.Channels))
	for i, ch := range g.Channels {
		parts[i] = esc(warnings.ChannelName(ch)) + " <code>" + onOff(ch.CountRequests) + "</code>"
	}
	return strings.Join(parts, ", ")
}

// requestsChannel finds one of the group's channels by @username, username or chat id.
func requestsChannel(g *groupInfo, ref string) (channelInfo, bool) {
	ref = strings.TrimPrefix(strings.TrimSpace(ref), "@")
	id, idErr := strconv.ParseInt(ref, 10, 64)
	for _, ch := range g.Channels {
		if (ch.Username != "" && strings.EqualFold(ch.Username, ref)) || (idErr == nil && ch.ID == id) {
			return ch, true
		}
	}
	return channelInfo{}, false
}

// changeRequests handles "/settings requests @channel on|off": whether a pending join
// request to that channel counts as joining it. The setting belongs to the channel
// (every group that requires it), so only an administrator of the channel may change
// it, besides being an admin of the group.
func (e *Engine) changeRequests(ctx context.Context, m *models.Message, g *groupInfo, args []string) {
	names := make([]string, len(g.Channels))
	for i, ch := range g.Channels {
		names[i] = esc(warnings.ChannelName(ch))
	}
	usage := func() { e.say(ctx, m, g, i18n.SettingsRequestsUsage, "channels", strings.Join(names, ", ")) }
	if len(args) != 2 {
		usage()
		return
	}
	ch, ok := requestsChannel(g, args[0])
	if !ok {
		usage()
		return
	}
	var on bool
	switch strings.ToLower(args[1]) {
	case "on", "true", "yes", "1":
		on = true
	case "off", "false", "no", "0":
	default:
		e.say(ctx, m, g, i18n.SettingsBadValue, "key", requestsKey, "values", "on, off")
		return
	}
	if m.From == nil || m.SenderChat != nil {
		e.say(ctx, m, g, i18n.SettingsRequestsNotAdmin, "channel", esc(warnings.ChannelName(ch)))
		return
	}
	if cm, err := e.member(ctx, ch.ID, m.From.ID); err != nil || !rights.IsAdmin(*cm) {
		e.say(ctx, m, g, i18n.SettingsRequestsNotAdmin, "channel", esc(warnings.ChannelName(ch)))
		return
	}
	if err := e.store.SetCountJoinRequests(ch.RecordID, on); err != nil {
		e.log.Error("channel setting not saved", "channel_id", ch.ID, "error", err)
		e.say(ctx, m, g, i18n.SaveFailed)
		return
	}
	e.store.ForgetAll()
	e.sayText(ctx, m, g.Policy, i18n.T(g.Policy.Language, i18n.SettingsSaved, "key", requestsKey+" "+esc(warnings.ChannelName(ch)), "value", onOff(on)))
	if fresh, err := e.store.Group(g.ID); err == nil && fresh != nil {
		e.checkHealth(ctx, fresh) // the link is remade as a join-request link (or back); the right is checked
	}
}
