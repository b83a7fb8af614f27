package e2e

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/logwriter"
)

// TestFunnelCardRenders: with funnel steps logged and channel joins recorded, the
// conversion funnel card shows the stages and the rate on Overview and Analytics, its
// CSV carries the stages, and the Channels page shows what each group's link brought.
func TestFunnelCardRenders(t *testing.T) {
	b := newBrowser(t)
	var f fixture
	s := startServer(t, func(s *server) { f = seedDemo(t, s) })
	app := s.App
	const group, channel = int64(-1001001), int64(-1002001) // Rust Developers, Rust News
	g, err := app.FindFirstRecordByData(c.ProtectedGroups, c.FieldGroupID, group)
	must(t, err)
	ch, err := app.FindFirstRecordByData(c.EnforcedChannels, c.FieldChannelID, channel)
	must(t, err)
	link := newRecord(t, app, c.GroupChannelLinks)
	link.Set(c.FieldGroup, g.Id)
	link.Set(c.FieldChannel, ch.Id)
	must(t, app.Save(link))

	// Users 1–4 join and are checked; 1–3 are muted; 1 and 2 then join the channel by
	// the group's link, and 1 is unmuted: 4 → 3 → 2 → 1, conversion 66.7 %.
	now := time.Now().UTC().Add(-2 * time.Hour)
	step := func(user int64, kind string, at time.Duration) {
		s.Svc.Logs.AddGateEvent(logwriter.GateEvent{BotID: f.Guard.ID, GroupID: group, UserID: user, Kind: kind, At: now.Add(at)})
	}
	for u := int64(1); u <= 4; u++ {
		step(u, c.GateChecked, 0)
		if u <= 3 {
			step(u, c.GateMuted, 0)
		}
	}
	for _, u := range []int64{1, 2} {
		j, err := c.NewChannelJoin(app, f.Guard.ID, channel, u, group, c.JoinViaMember, "", now.Add(5*time.Minute))
		must(t, err)
		must(t, app.Save(j))
	}
	step(1, c.GateUnmuted, 6*time.Minute)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	must(t, s.Svc.Logs.Flush(ctx))

	page := b.page(t)
	emailLogin(t, page, s, viewerEmail)
	stage := func(card, name, n string) string {
		return hasText(cardSel(card)+" [data-stage="+name+"]", n)
	}
	run(t, page, "overview funnel",
		waitJS(`!!document.querySelector('[aria-labelledby=o-funnel-title] [data-rpc=get_conversion_funnel][data-loaded=yes]')`),
		waitJS(stage("o-funnel", "checked", "4")), waitJS(stage("o-funnel", "not_subscribed", "3")),
		waitJS(stage("o-funnel", "subscribed", "2")), waitJS(stage("o-funnel", "unmuted", "1")),
		waitJS(hasText(cardSel("o-funnel")+" [data-testid=funnel-rate]", "66.7%")),
		waitJS(hasText(cardSel("o-funnel"), "Rust Developers: 2")))
	shot(t, page, "funnel-overview")
	run(t, page, "analytics funnel and its CSV",
		chromedp.Click(`a.nav-item[href="/analytics"]`, chromedp.ByQuery),
		waitJS(stage("a-funnel", "not_subscribed", "3")),
		chromedp.Evaluate(`(() => { window.__csv = ''; const o = URL.createObjectURL; URL.createObjectURL = (b) => { b.text().then(t => window.__csv = t); return o(b) }; return true })()`, nil),
		chromedp.Click(cardSel("a-funnel")+` button[data-csv=get_conversion_funnel]`, chromedp.ByQuery),
		waitJS(`window.__csv.startsWith('section,name,date,channel_id,group_id,value,requests') && window.__csv.includes('stage,not_subscribed,,,,3') && window.__csv.includes('rate,conversion_rate,,,,66.67')`))
	run(t, page, "channels: subscribers brought",
		chromedp.Click(`a.nav-item[href="/channels"]`, chromedp.ByQuery),
		waitJS(hasText(`tr[data-channel="-1002001"] [data-testid=brought]`, "2 brought")))
	shot(t, page, "funnel-channels")
}

// cardSel selects the Card whose id is id (its section is labelled by id-title).
func cardSel(id string) string { return "[aria-labelledby=" + id + "-title]" }
