package e2e

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/chromedp/chromedp"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/tests/testutil"
)

// settingsPage is TestDashboardPages' Settings step: an owner changes config, allows
// private webhooks, tests a webhook and invites an admin; the new admin sees masked
// secrets and no user management; a viewer sees everything read-only.
func settingsPage(t *testing.T, b *browser, s *server) {
	secret := newRecord(t, s.App, c.AdminConfig)
	secret.Set("key", "e2e_secret")
	secret.Set("value", "hunter2")
	secret.Set("is_sensitive", true)
	secret.Set("description", "a sensitive value")
	must(t, s.App.Save(secret))
	hits := make(chan struct{}, 4)
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits <- struct{}{}
		w.WriteHeader(http.StatusNoContent)
	}))
	defer hook.Close()

	ctx := b.page(t)
	emailLogin(t, ctx, s, ownerEmail)
	row := `tr[data-key=webhook_test_allow_private]`
	run(t, ctx, "config listed",
		chromedp.Click(`a.nav-item[href="/settings"]`, chromedp.ByQuery),
		waitJS(hasText("[data-testid=config-table]", "cache_positive_ttl_seconds")),
		waitJS(hasText(`tr[data-key=e2e_secret] [data-testid=config-value]`, "hunter2")))
	run(t, ctx, "allow private webhooks",
		chromedp.Click(row+` button`, chromedp.ByQuery),
		chromedp.WaitVisible(`dialog textarea[name=value]`, chromedp.ByQuery),
		typeInto(`dialog textarea[name=value]`, "true"),
		clickText("dialog button", "Save"),
		waitJS(hasText(row+" [data-testid=config-value]", "true")))
	r, err := s.App.FindFirstRecordByData(c.AdminConfig, "key", "webhook_test_allow_private")
	must(t, err)
	if r.GetString("value") != "true" {
		t.Fatalf("webhook_test_allow_private = %s", r.GetString("value"))
	}
	run(t, ctx, "the webhook answers", chromedp.SendKeys(`input[name=webhook_url]`, hook.URL, chromedp.ByQuery), clickText("button", "Test"),
		waitJS(hasText("[data-testid=webhook-result]", "Reachable: HTTP 204")))
	select {
	case <-hits:
	default:
		t.Fatal("the webhook server got no request")
	}
	run(t, ctx, "invite an admin",
		clickText("button", "Invite"),
		chromedp.WaitVisible(`dialog input[name=email]`, chromedp.ByQuery),
		chromedp.SendKeys(`dialog input[name=email]`, "new.admin@nezuko.test", chromedp.ByQuery),
		chromedp.SendKeys(`dialog input[name=full_name]`, "Nina New", chromedp.ByQuery),
		chromedp.SendKeys(`dialog input[name=password]`, testutil.Password, chromedp.ByQuery),
		setSelect(`dialog select[name=role]`, "admin"),
		chromedp.SendKeys(`dialog input[name=telegram_id]`, "5550001", chromedp.ByQuery),
		clickText("dialog button", "Invite"),
		waitJS(hasText("[data-testid=admins-table]", "new.admin@nezuko.test")))
	shot(t, ctx, "settings")
	u, err := s.App.FindAuthRecordByEmail(c.AdminUsers, "new.admin@nezuko.test")
	must(t, err)
	if u.GetString("role") != "admin" || u.GetInt("telegram_id") != 5550001 || !u.GetBool("is_active") {
		t.Fatalf("invited user: role %q telegram %d active %v", u.GetString("role"), u.GetInt("telegram_id"), u.GetBool("is_active"))
	}

	actx := b.page(t)
	emailLogin(t, actx, s, "new.admin@nezuko.test")
	run(t, actx, "the new admin: masked secret, no user management",
		chromedp.Navigate(s.URL+"/settings"),
		waitJS(hasText(`tr[data-key=e2e_secret] [data-testid=config-value]`, "***")),
		waitJS(hasText(`tr[data-key=e2e_secret]`, "owner only")),
		waitJS(`!document.querySelector('[data-testid=admins-table]') && !!document.querySelector('input[name=webhook_url]')`))
	shot(t, actx, "settings-admin")

	run(t, ctx, "deactivate the new admin",
		chromedp.Evaluate(`document.querySelector('tr[data-email="new.admin@nezuko.test"] input[role=switch]').click(), true`, nil),
		waitJS(hasText(".toast", "deactivated")))
	u, err = s.App.FindAuthRecordByEmail(c.AdminUsers, "new.admin@nezuko.test")
	must(t, err)
	if u.GetBool("is_active") {
		t.Fatal("the admin is still active")
	}

	vctx := b.page(t)
	emailLogin(t, vctx, s, viewerEmail)
	run(t, vctx, "viewer: read-only",
		chromedp.Navigate(s.URL+"/settings"),
		waitJS(hasText(`tr[data-key=e2e_secret] [data-testid=config-value]`, "***")),
		waitJS(`![...document.querySelectorAll('#main button')].some(e => /^(Edit|Invite|Test|Set)$/.test(e.textContent.trim())) && !document.querySelector('input[name=webhook_url]') && !document.querySelector('[data-testid=admins-table]')`))
	shot(t, vctx, "settings-viewer")
}
