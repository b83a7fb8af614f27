package analytics

import (
	"context"
	"slices"
	"sort"
	"time"

	"github.com/pocketbase/dbx"
	"golang.org/x/sync/errgroup"

	c "github.com/nezuko/nezuko/collections"
)

// FunnelName is the conversion funnel RPC (issue 20), beside the original 15.
const FunnelName = "get_conversion_funnel"

// funnelStages are the funnel's four stages over a window.
type funnelStages struct {
	Checked       int64 `json:"checked"`        // joins checked
	NotSubscribed int64 `json:"not_subscribed"` // users muted or warned for missing channels
	Subscribed    int64 `json:"subscribed"`     // of those, who joined a channel afterwards
	Unmuted       int64 `json:"unmuted"`        // of those, who the bot unmuted
}

// funnelDelay is the time from block to subscription.
type funnelDelay struct {
	Samples       int64 `json:"samples"`
	MedianSeconds Num   `json:"median_seconds"`
	P90Seconds    Num   `json:"p90_seconds"`
}

// funnelGain is the channel joins of one channel, one group or one bucket.
type funnelGain struct {
	Date        string `json:"date,omitempty"`
	ChannelID   *int64 `json:"channel_id,omitempty"`
	GroupID     *int64 `json:"group_id,omitempty"`
	Title       string `json:"title,omitempty"`
	Username    string `json:"username,omitempty"`
	Subscribers int64  `json:"subscribers"` // joined as members
	Requests    int64  `json:"requests"`    // asked to join (join requests)
}

// funnelResult is the answer of get_conversion_funnel.
type funnelResult struct {
	Period          string       `json:"period"`
	GroupID         *int64       `json:"group_id"`
	Stages          funnelStages `json:"stages"`
	ConversionRate  Num          `json:"conversion_rate"`
	TimeToSubscribe funnelDelay  `json:"time_to_subscribe"`
	Gained          funnelGain   `json:"gained"`
	PerChannel      []funnelGain `json:"per_channel"`
	PerGroup        []funnelGain `json:"per_group"`
	Series          []funnelGain `json:"series"`
}

// conversionFunnel answers get_conversion_funnel: joins checked in the window; users
// muted or warned in it and, of those, who subscribed afterwards and who were unmuted;
// the conversion rate (subscribed / not subscribed); median and p90 of the time from
// block to subscription; channel joins per channel, per group whose link brought them
// (0 = other) and per bucket (hours for 24h, else days). With p_group_id, only that
// group's funnel and the joins its link brought.
func (s *Service) conversionFunnel(ctx context.Context, a args) (any, error) {
	res := funnelResult{Period: a.period, PerChannel: []funnelGain{}, PerGroup: []funnelGain{}, Series: []funnelGain{}}
	if a.group != 0 {
		g := a.group
		res.GroupID = &g
	}
	db := s.app.DB()
	w, err := funnelWindowOf(ctx, db, a.from(), a.group)
	if err != nil {
		return nil, err
	}
	// The three reads are independent: run side by side on the pool's connections
	// (SQLite WAL readers do not block each other), the joins with their names.
	var hist histogram
	var joins []joinCount
	var nm names
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) { res.Stages, err = funnelStagesOf(gctx, db, w); return err })
	g.Go(func() (err error) { hist, err = funnelDelays(gctx, db, w); return err })
	g.Go(func() (err error) {
		if joins, err = funnelJoins(gctx, db, w, a.unit); err == nil {
			nm, err = chatNames(gctx, db, joins)
		}
		return err
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}
	res.ConversionRate = rate(res.Stages.Subscribed, res.Stages.NotSubscribed)
	res.TimeToSubscribe = funnelDelay{Samples: hist.n, MedianSeconds: hist.percentileCont(50), P90Seconds: hist.percentileCont(90)}
	res.Gained, res.PerChannel, res.PerGroup, res.Series = foldJoins(joins, a.unit, nm)
	return res, nil
}

// chatName is a chat's title and username.
type chatName struct{ title, username string }

// names are the titles of groups and channels by Telegram id.
type names struct{ groups, channels map[int64]chatName }

// chatNames reads the titles of the groups and channels the joins name (not of every
// group: a fleet has tens of thousands), at most namesPerQuery ids a query.
func chatNames(ctx context.Context, db dbx.Builder, joins []joinCount) (names, error) {
	n := names{groups: map[int64]chatName{}, channels: map[int64]chatName{}}
	groupSet, channelSet := map[int64]bool{}, map[int64]bool{}
	for _, j := range joins {
		groupSet[j.GroupID] = j.GroupID != 0 // 0 is "other": no row
		channelSet[j.ChannelID] = true
	}
	var groupIDs, channelIDs []any
	for id, named := range groupSet {
		if named {
			groupIDs = append(groupIDs, id)
		}
	}
	for id := range channelSet {
		channelIDs = append(channelIDs, id)
	}
	for ids := range slices.Chunk(groupIDs, namesPerQuery) {
		var gs []struct {
			ID    int64  `db:"i"`
			Title string `db:"t"`
		}
		if err := db.Select(quote(c.FieldGroupID)+" AS i", quote(c.FieldTitle)+" AS t").From(c.ProtectedGroups).
			Where(dbx.In(c.FieldGroupID, ids...)).WithContext(ctx).All(&gs); err != nil {
			return n, err
		}
		for _, g := range gs {
			n.groups[g.ID] = chatName{title: g.Title}
		}
	}
	for ids := range slices.Chunk(channelIDs, namesPerQuery) {
		var cs []struct {
			ID       int64  `db:"i"`
			Title    string `db:"t"`
			Username string `db:"u"`
		}
		if err := db.Select(quote(c.FieldChannelID)+" AS i", quote(c.FieldTitle)+" AS t", quote(c.FieldUsername)+" AS u").
			From(c.EnforcedChannels).Where(dbx.In(c.FieldChannelID, ids...)).WithContext(ctx).All(&cs); err != nil {
			return n, err
		}
		for _, ch := range cs {
			n.channels[ch.ID] = chatName{title: ch.Title, username: ch.Username}
		}
	}
	return n, nil
}

// namesPerQuery bounds the ids of one IN list of chatNames.
const namesPerQuery = 500

// OtherTitle is the title of channel joins no group's link brought (group_id 0).
const OtherTitle = "other"

// foldJoins totals the joins, per channel, per group and per (bucket, channel, group).
func foldJoins(joins []joinCount, u unit, n names) (total funnelGain, perChannel, perGroup, series []funnelGain) {
	chans, groups := map[int64]*funnelGain{}, map[int64]*funnelGain{}
	type key struct {
		at      time.Time
		ch, grp int64
	}
	buckets := map[key]*funnelGain{}
	add := func(g *funnelGain, j joinCount) {
		g.Subscribers += j.Members
		g.Requests += j.Requests
	}
	for _, j := range joins {
		add(&total, j)
		if chans[j.ChannelID] == nil {
			id := j.ChannelID
			nm := n.channels[id]
			chans[id] = &funnelGain{ChannelID: &id, Title: nm.title, Username: nm.username}
		}
		add(chans[j.ChannelID], j)
		if groups[j.GroupID] == nil {
			id := j.GroupID
			title := OtherTitle
			if id != c.NoGroup {
				title = n.groups[id].title
			}
			groups[id] = &funnelGain{GroupID: &id, Title: title}
		}
		add(groups[j.GroupID], j)
		k := key{u.floor(j.Hour), j.ChannelID, j.GroupID}
		if buckets[k] == nil {
			ch, grp := j.ChannelID, j.GroupID
			buckets[k] = &funnelGain{Date: u.dateLabel(k.at), ChannelID: &ch, GroupID: &grp}
		}
		add(buckets[k], j)
	}
	byGain := func(m map[int64]*funnelGain) []funnelGain {
		out := make([]funnelGain, 0, len(m))
		for _, g := range m {
			out = append(out, *g)
		}
		sort.Slice(out, func(i, j int) bool {
			a, b := out[i], out[j]
			if a.Subscribers != b.Subscribers {
				return a.Subscribers > b.Subscribers
			}
			if a.Requests != b.Requests {
				return a.Requests > b.Requests
			}
			return idOf(a) < idOf(b)
		})
		return out
	}
	perChannel, perGroup = byGain(chans), byGain(groups)
	series = make([]funnelGain, 0, len(buckets))
	for _, g := range buckets {
		series = append(series, *g)
	}
	sort.Slice(series, func(i, j int) bool {
		a, b := series[i], series[j]
		if a.Date != b.Date {
			return a.Date < b.Date
		}
		if *a.ChannelID != *b.ChannelID {
			return *a.ChannelID < *b.ChannelID
		}
		return *a.GroupID < *b.GroupID
	})
	return total, perChannel, perGroup, series
}

// idOf is the channel or group id of a gain, for ordering.
func idOf(g funnelGain) int64 {
	if g.ChannelID != nil {
		return *g.ChannelID
	}
	if g.GroupID != nil {
		return *g.GroupID
	}
	return 0
}
