package e2e

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/logwriter"
	"github.com/nezuko/nezuko/tests/testutil"
)

// setSelect picks value in the <select> matching sel and fires change (as a user would).
func setSelect(sel, value string) chromedp.Action {
	return chromedp.Evaluate(fmt.Sprintf(`(() => { const e = document.querySelector(%s); e.value = %s; e.dispatchEvent(new Event('change', {bubbles: true})); return true })()`, js(sel), js(value)), nil)
}

// typeInto replaces the value of the input or textarea matching sel and fires input.
func typeInto(sel, value string) chromedp.Action {
	return chromedp.Evaluate(fmt.Sprintf(`(() => { const e = document.querySelector(%s); e.value = %s; e.dispatchEvent(new Event('input', {bubbles: true})); return true })()`, js(sel), js(value)), nil)
}

// jsClick clicks the element matching sel from JavaScript (for visually hidden inputs).
func jsClick(sel string) chromedp.Action {
	return chromedp.Evaluate(fmt.Sprintf(`(() => { document.querySelector(%s).click(); return true })()`, js(sel)), nil)
}

// TestDashboardPages covers the part 2 pages: Groups, Commands, Logs, Channels,
// Settings, Audit and Analytics, each with seeded data, its main action, and a viewer.
func TestDashboardPages(t *testing.T) {
	b := newBrowser(t)
	s := startServer(t, func(s *server) { seedDemo(t, s) })

	group := func(gid int64) *c.ProtectedGroup {
		t.Helper()
		r, err := s.App.FindFirstRecordByData(c.ProtectedGroups, c.FieldGroupID, gid)
		must(t, err)
		return c.Wrap(&c.ProtectedGroup{}, r)
	}

	t.Run("groups: list, toggle protection", func(t *testing.T) {
		ctx := b.page(t)
		emailLogin(t, ctx, s, ownerEmail)
		row := `tr[data-group="-1001003"]`
		run(t, ctx, "list",
			chromedp.Click(`a.nav-item[href="/groups"]`, chromedp.ByQuery),
			waitJS(`document.querySelectorAll('[data-testid=groups-table] tbody tr').length === 3`),
			waitJS(hasText("[data-testid=groups-table]", "1 problem")))
		shot(t, ctx, "groups")
		run(t, ctx, "enable Book Club", jsClick(row+` input[role=switch]`),
			waitJS(fmt.Sprintf(`document.querySelector(%s).checked === true`, js(row+` input[role=switch]`))),
			waitJS(hasText(".toast", "Protection enabled")))
		if !group(-1001003).Enabled() {
			t.Fatal("Book Club is still disabled in the database")
		}
		run(t, ctx, "search", chromedp.SendKeys(`input[type=search]`, "rust", chromedp.ByQuery),
			waitJS(`document.querySelectorAll('[data-testid=groups-table] tbody tr').length === 1`))
	})

	t.Run("groups: health, link a channel, save settings", func(t *testing.T) {
		ctx := b.page(t)
		emailLogin(t, ctx, s, ownerEmail)
		g := group(-1001002)
		run(t, ctx, "detail shows the health problem",
			chromedp.Navigate(s.URL+"/groups/"+g.Id),
			waitJS(hasText("[data-testid=health]", "Signals News")),
			waitJS(hasText("[data-testid=health]", "Make the bot an administrator")))
		run(t, ctx, "link Rust News",
			setSelect(`select[aria-label="Channel to link"]`, mustChannel(t, s, -1002001)),
			clickText("button", "Link channel"),
			waitJS(hasText("[data-testid=linked-channels]", "Rust News")))
		links, err := s.App.FindAllRecords(c.GroupChannelLinks)
		must(t, err)
		if len(links) != 1 || links[0].GetString(c.FieldGroup) != g.Id {
			t.Fatalf("links in the database: %d", len(links))
		}
		run(t, ctx, "the preview starts from the bot's default text, fetched from the server",
			setSelect(`select[name=action]`, "kick"),
			waitJS(hasText("[data-testid=warning-preview]", "Alex was removed from this group: members must join Rust News first.")))
		run(t, ctx, "edit settings with a live preview",
			setSelect(`select[name=mode]`, "observe"),
			chromedp.SendKeys(`textarea[name=warning_text]`, "Hi {user}: join {channels} to talk in {group}", chromedp.ByQuery),
			chromedp.SendKeys(`input[name=exempt]`, "777, 888", chromedp.ByQuery),
			waitJS(hasText("[data-testid=warning-preview]", "Hi Alex: join Rust News to talk in Crypto Signals VIP")))
		shot(t, ctx, "group-detail")
		run(t, ctx, "save", clickText("button", "Save settings"), waitJS(hasText(".toast", "Settings saved")))
		p, err := group(-1001002).Params()
		must(t, err)
		if p.Action != "kick" || p.Mode != "observe" || !strings.Contains(p.WarningText, "{channels}") || len(p.ExemptUserIDs) != 2 || p.ExemptUserIDs[1] != 888 {
			t.Fatalf("saved params = %+v", p)
		}
		run(t, ctx, "unlink", clickText("button", "Unlink"), waitJS(`!document.querySelector('[data-testid=linked-channels]')`))
		links, _ = s.App.FindAllRecords(c.GroupChannelLinks)
		if len(links) != 0 {
			t.Fatalf("still %d links after unlink", len(links))
		}
	})

	t.Run("groups: a viewer sees no write controls", func(t *testing.T) {
		ctx := b.page(t)
		emailLogin(t, ctx, s, viewerEmail)
		run(t, ctx, "list read-only",
			chromedp.Navigate(s.URL+"/groups"),
			waitJS(`document.querySelectorAll('[data-testid=groups-table] tbody tr').length === 3`),
			waitJS(`!document.querySelector('#main input[role=switch]')`))
		run(t, ctx, "detail read-only",
			chromedp.Navigate(s.URL+"/groups/"+group(-1001002).Id),
			waitJS(hasText("[data-testid=health]", "Signals News")),
			waitJS(`!document.querySelector('#main input[role=switch]:not(:disabled)') && ![...document.querySelectorAll('#main button')].some(e => /Save|Link|Unlink|Remove/.test(e.textContent))`))
		shot(t, ctx, "group-detail-viewer")
		g := group(-1001002)
		run(t, ctx, "mark the page", chromedp.Evaluate(`window.__samePage = 'yes'`, nil))
		g.SetHealth(c.GroupHealth{OK: true, CheckedAt: time.Now().UTC().Format(time.RFC3339), Problems: []c.HealthProblem{}})
		must(t, s.App.Save(g))
		run(t, ctx, "health turns green live", waitJS(hasText("[data-testid=health]", "Healthy")+` && window.__samePage === 'yes'`))
	})

	t.Run("commands: issue one and watch it finish live", func(t *testing.T) {
		ctx := b.page(t)
		emailLogin(t, ctx, s, ownerEmail)
		run(t, ctx, "form",
			chromedp.Click(`a.nav-item[href="/commands"]`, chromedp.ByQuery),
			chromedp.WaitVisible(`[data-testid=command-form]`, chromedp.ByQuery),
			setSelect(`select[name=command_type]`, "send_message"),
			chromedp.WaitVisible(`textarea[name=text]`, chromedp.ByQuery),
			chromedp.SendKeys(`input[name=group_id]`, "-1001001", chromedp.ByQuery),
			clickText("button", "Issue command"),
			waitJS(hasText("[data-testid=command-form] .alert", "Text is required")))
		run(t, ctx, "issue clear_cache",
			setSelect(`select[name=command_type]`, "clear_cache"),
			clickText("button", "Issue command"),
			waitJS(hasText("[data-testid=commands-table]", "clear_cache")),
			chromedp.Evaluate(`window.__samePage = 'yes'`, nil))
		done := `[...document.querySelectorAll('[data-testid=commands-table] tbody tr')].some(r => r.textContent.includes('clear_cache') && /completed|failed/.test(r.querySelector('[data-testid=command-status]').textContent)) && window.__samePage === 'yes'`
		run(t, ctx, "status changes live", waitJS(done))
		shot(t, ctx, "commands")
		rows, err := s.App.FindAllRecords(c.AdminCommands)
		must(t, err)
		if len(rows) != 1 || rows[0].GetString(c.FieldCommandType) != "clear_cache" {
			t.Fatalf("admin_commands rows: %d", len(rows))
		}
		st := rows[0].GetString("status")
		if st != "completed" && st != "failed" {
			t.Fatalf("command status in the database = %q", st)
		}
		t.Logf("clear_cache finished as %s (%s)", st, rows[0].GetString("error_message"))
	})

	t.Run("commands: a viewer sees the history only", func(t *testing.T) {
		ctx := b.page(t)
		emailLogin(t, ctx, s, viewerEmail)
		run(t, ctx, "history without the form",
			chromedp.Navigate(s.URL+"/commands"),
			waitJS(hasText("[data-testid=commands-table]", "clear_cache")),
			waitJS(`!document.querySelector('[data-testid=command-form]')`))
	})

	t.Run("logs: filter, live tail, pause and resume", func(t *testing.T) {
		addLog := func(level, msg string) {
			t.Helper()
			s.Svc.Logs.AddAdminLog(logwriter.AdminLog{Level: level, Logger: "e2e", Message: msg, Module: "e2e", At: time.Now().UTC()})
			fctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			must(t, s.Svc.Logs.Flush(fctx))
		}
		addLog(c.LevelInfo, "seeded info line")
		addLog(c.LevelError, "seeded error line")
		ctx := b.page(t)
		emailLogin(t, ctx, s, ownerEmail)
		lines := `[...document.querySelectorAll('[data-testid=log-list] .log-line')]`
		run(t, ctx, "list",
			chromedp.Click(`a.nav-item[href="/logs"]`, chromedp.ByQuery),
			waitJS(hasText("[data-testid=log-list]", "seeded info line")),
			waitJS(hasText("[data-testid=live-state]", "Live")))
		run(t, ctx, "level filter", setSelect(`select[aria-label=Level]`, "ERROR"),
			waitJS(hasText("[data-testid=log-list]", "seeded error line")),
			waitJS(lines+`.every(l => l.dataset.level === 'ERROR')`),
			chromedp.Evaluate(`window.__samePage = 'yes'`, nil))
		addLog(c.LevelInfo, "live info line (filtered out)")
		addLog(c.LevelError, "live error line")
		run(t, ctx, "a new line arrives live", waitJS(hasText("[data-testid=log-list]", "live error line")+` && window.__samePage === 'yes'`),
			waitJS(lines+`.every(l => l.dataset.level === 'ERROR')`))
		shot(t, ctx, "logs")
		run(t, ctx, "pause", clickText("button", "Pause"), waitJS(hasText("#main .badge", "Paused")))
		addLog(c.LevelError, "held while paused")
		run(t, ctx, "held", waitJS(hasText("button", "Resume (1 new)")), waitJS("!"+hasText("[data-testid=log-list]", "held while paused")))
		run(t, ctx, "resume", clickText("button", "Resume"), waitJS(hasText("[data-testid=log-list]", "held while paused")))
		run(t, ctx, "search", setSelect(`select[aria-label=Level]`, ""), chromedp.SendKeys(`input[type=search]`, "seeded", chromedp.ByQuery),
			waitJS(lines+`.length === 2`))
	})

	t.Run("channels: list with groups, edit an invite link", func(t *testing.T) {
		link := newRecord(t, s.App, c.GroupChannelLinks)
		link.Set(c.FieldGroup, group(-1001001).Id)
		link.Set(c.FieldChannel, mustChannel(t, s, -1002001))
		must(t, s.App.Save(link))
		ctx := b.page(t)
		emailLogin(t, ctx, s, ownerEmail)
		row := `tr[data-channel="-1002001"]`
		run(t, ctx, "list",
			chromedp.Click(`a.nav-item[href="/channels"]`, chromedp.ByQuery),
			waitJS(`document.querySelectorAll('[data-testid=channels-table] tbody tr').length === 2`),
			waitJS(hasText(row+" [data-testid=channel-groups]", "Rust Developers")))
		run(t, ctx, "edit the invite link",
			chromedp.Click(row+` button[aria-label^="Edit the invite link"]`, chromedp.ByQuery),
			chromedp.WaitVisible(`dialog input[name=invite_link]`, chromedp.ByQuery),
			chromedp.SendKeys(`dialog input[name=invite_link]`, "https://t.me/+e2eInvite", chromedp.ByQuery),
			clickText("dialog button", "Save"),
			waitJS(hasText(row, "t.me/+e2eInvite")))
		run(t, ctx, "count join requests",
			chromedp.Click(row+` input[aria-label^="Count pending join requests"]`, chromedp.ByQuery),
			waitJS(hasText(row+" [data-testid=channel-requests]", "count")))
		shot(t, ctx, "channels")
		r, err := s.App.FindFirstRecordByData(c.EnforcedChannels, c.FieldChannelID, -1002001)
		must(t, err)
		if r.GetString("invite_link") != "https://t.me/+e2eInvite" {
			t.Fatalf("invite_link = %q", r.GetString("invite_link"))
		}
		if !r.GetBool(c.FieldCountJoinRequests) {
			t.Fatal("count_join_requests not switched on from the Channels page")
		}
		vctx := b.page(t)
		emailLogin(t, vctx, s, viewerEmail)
		run(t, vctx, "viewer: no edit buttons", chromedp.Navigate(s.URL+"/channels"),
			waitJS(hasText("[data-testid=channels-table]", "Rust Developers")),
			waitJS(`!document.querySelector('#main button[aria-label^="Edit"], #main button[aria-label^="Remove"], #main input[aria-label^="Count pending"]')`))
	})

	t.Run("settings: change config, test a webhook, invite an admin", func(t *testing.T) { settingsPage(t, b, s) })

	t.Run("audit: filter and see old and new values", func(t *testing.T) {
		owner, err := s.App.FindAuthRecordByEmail(c.AdminUsers, ownerEmail)
		must(t, err)
		g := group(-1001003)
		if st := s.call(t, http.MethodPatch, "/api/collections/protected_groups/records/"+g.Id, testutil.AuthToken(t, owner),
			map[string]any{"member_count": 4321}, nil); st != 200 {
			t.Fatalf("patch status %d", st)
		}
		ctx := b.page(t)
		emailLogin(t, ctx, s, viewerEmail)
		run(t, ctx, "list",
			chromedp.Click(`a.nav-item[href="/audit"]`, chromedp.ByQuery),
			waitJS(hasText("[data-testid=audit-table]", ownerEmail)))
		run(t, ctx, "filter by resource and actor",
			setSelect(`select[aria-label=Resource]`, "protected_groups"),
			chromedp.SendKeys(`input[type=search]`, "owner@", chromedp.ByQuery),
			waitJS(`(() => { const r = [...document.querySelectorAll('[data-testid=audit-table] tbody tr[data-audit]')]; return r.length > 0 && r.every(x => x.dataset.resource === 'protected_groups') })()`))
		run(t, ctx, "old and new side by side",
			chromedp.Click(`[data-testid=audit-table] tbody tr[data-audit] button`, chromedp.ByQuery),
			waitJS(hasText("[data-testid=audit-diff] .changed", "member_count: 4321")),
			waitJS(hasText("[data-testid=audit-diff] .changed", "member_count: 312")))
		shot(t, ctx, "audit")
	})

	t.Run("analytics: every RPC, period switch, CSV export", func(t *testing.T) {
		owner, err := s.App.FindAuthRecordByEmail(c.AdminUsers, ownerEmail)
		must(t, err)
		var want map[string]any
		if st := s.call(t, http.MethodGet, "/api/rpc/get_verification_trends?p_period=24h", testutil.AuthToken(t, owner), nil, &want); st != 200 {
			t.Fatalf("rpc status %d", st)
		}
		total := fmt.Sprint(want["summary"].(map[string]any)["total_verifications"])
		ctx := b.page(t)
		emailLogin(t, ctx, s, viewerEmail)
		run(t, ctx, "all 16 RPCs drawn (the 15 and the funnel)",
			chromedp.Click(`a.nav-item[href="/analytics"]`, chromedp.ByQuery),
			waitJS(`document.querySelectorAll('[data-rpc][data-loaded=yes]').length === 16`),
			waitJS(`!document.querySelector('#main .alert-error')`),
			waitJS(`!!document.querySelector('#main .chart canvas')`),
			waitJS(hasText("[data-testid=top-groups]", "Rust Developers")))
		shot(t, ctx, "analytics")
		run(t, ctx, "period 24h",
			clickText(`[aria-label=Period] button`, "24h"),
			waitJS(hasText("[data-testid=analytics-trend-summary]", "last 24h")),
			waitJS(fmt.Sprintf(`document.querySelector('[data-testid=analytics-trend-summary]').textContent.startsWith(%s)`, js(total+" checks"))))
		run(t, ctx, "CSV of the top groups",
			chromedp.Evaluate(`(() => { window.__csv = ''; const o = URL.createObjectURL; URL.createObjectURL = (b) => { b.text().then(t => window.__csv = t); return o(b) }; return true })()`, nil),
			chromedp.Click(`button[data-csv=get_top_groups]`, chromedp.ByQuery),
			waitJS(`window.__csv.startsWith('group_id,title,verifications,success_rate') && window.__csv.includes('Rust Developers')`))
		run(t, ctx, "dark", chromedp.Click(`button[aria-label="Dark theme"]`, chromedp.ByQuery), waitJS(`document.documentElement.dataset.theme === 'dark'`))
		shot(t, ctx, "analytics-24h-dark")
	})

	t.Run("every page at phone width, dark", func(t *testing.T) {
		ctx := b.page(t)
		run(t, ctx, "phone viewport", emulation.SetDeviceMetricsOverride(390, 844, 2, true))
		emailLogin(t, ctx, s, ownerEmail)
		run(t, ctx, "dark theme", jsClick(`button[aria-label="Dark theme"]`), waitJS(`document.documentElement.dataset.theme === 'dark'`))
		for _, p := range []struct{ path, ready string }{
			{"/analytics", `document.querySelectorAll('[data-rpc][data-loaded=yes]').length === 16`},
			{"/groups", `!!document.querySelector('[data-testid=groups-table]')`},
			{"/groups/" + group(-1001002).Id, `!!document.querySelector('[data-testid=group-settings]')`},
			{"/channels", `!!document.querySelector('[data-testid=channels-table]')`},
			{"/commands", `!!document.querySelector('[data-testid=command-form]')`},
			{"/logs", `!!document.querySelector('[data-testid=log-list]') || !!document.querySelector('#main .empty')`},
			{"/audit", `!!document.querySelector('[data-testid=audit-table]') || !!document.querySelector('#main .empty')`},
			{"/settings", `!!document.querySelector('[data-testid=config-table]')`},
		} {
			run(t, ctx, "open "+p.path, chromedp.Navigate(s.URL+p.path), waitJS(p.ready))
			var overflow bool
			run(t, ctx, "width "+p.path, chromedp.Evaluate(`document.documentElement.scrollWidth > window.innerWidth + 1`, &overflow))
			name := "phone-dark-" + strings.Split(p.path, "/")[1]
			if strings.Count(p.path, "/") > 1 {
				name += "-detail"
			}
			shot(t, ctx, name)
			if overflow {
				t.Errorf("%s scrolls sideways at 390 px", p.path)
			}
		}
	})

	t.Run("remove a channel and a group", func(t *testing.T) {
		ctx := b.page(t)
		emailLogin(t, ctx, s, ownerEmail)
		row := `tr[data-channel="-1002002"]`
		run(t, ctx, "remove Signals News",
			chromedp.Navigate(s.URL+"/channels"),
			chromedp.WaitVisible(row, chromedp.ByQuery),
			chromedp.Click(row+` button[aria-label^=Remove]`, chromedp.ByQuery),
			chromedp.WaitVisible(`dialog[open]`, chromedp.ByQuery),
			clickText("dialog button", "Remove channel"),
			waitJS(fmt.Sprintf(`!document.querySelector(%s)`, js(row))))
		if _, err := s.App.FindFirstRecordByData(c.EnforcedChannels, c.FieldChannelID, -1002002); err == nil {
			t.Fatal("the channel is still in the database")
		}
		g := group(-1001003)
		run(t, ctx, "remove Book Club",
			chromedp.Navigate(s.URL+"/groups/"+g.Id),
			waitJS(`!!document.querySelector('[data-testid=group-settings]')`),
			clickText("#main button", "Remove group"),
			chromedp.WaitVisible(`dialog[open]`, chromedp.ByQuery),
			clickText("dialog button", "Remove group"),
			waitJS(hasText("h1", "Groups")),
			waitJS(`!!document.querySelector('[data-testid=groups-table]') && !document.querySelector('tr[data-group="-1001003"]')`))
		if _, err := s.App.FindFirstRecordByData(c.ProtectedGroups, c.FieldGroupID, -1001003); err == nil {
			t.Fatal("the group is still in the database")
		}
	})

	t.Run("no console errors", func(t *testing.T) {
		if p := b.Problems(); len(p) > 0 {
			t.Fatalf("%d console errors or exceptions:\n%s", len(p), strings.Join(p, "\n"))
		}
	})
}

func mustChannel(t *testing.T, s *server, id int64) string {
	t.Helper()
	r, err := s.App.FindFirstRecordByData(c.EnforcedChannels, c.FieldChannelID, id)
	must(t, err)
	return r.Id
}
