package e2e

import (
	"context"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/logwriter"
	"github.com/nezuko/nezuko/tests/telegramtest"
	"github.com/nezuko/nezuko/tests/testutil"
)

// Accounts of the seeded app (password testutil.Password).
const (
	ownerEmail  = "owner@nezuko.test"
	viewerEmail = "viewer@nezuko.test"
	ownerTG     = 4242001 // the owner's Telegram user id
)

// fixture is what seed made.
type fixture struct {
	Guard, Keeper telegramtest.Bot // bots stored in bot_instances
	GuardRecord   string           // bot_instances id of Guard
}

// seedDemo fills the app with what a running installation has: two bots, three groups,
// two channels, admins of each role, a week of verifications and a few failed calls.
func seedDemo(t *testing.T, s *server) fixture {
	t.Helper()
	app := s.App
	var f fixture
	f.Guard = s.TG.AddBot("nezuko_guard_bot")
	f.Keeper = s.TG.AddBot("channel_keeper_bot")
	guard := saveBot(t, app, f.Guard.Token)
	saveBot(t, app, f.Keeper.Token)
	f.GuardRecord = guard.Id

	owner := saveAdmin(t, app, ownerEmail, c.RoleOwner, "Ada Owner")
	owner.SetTelegramID(ownerTG)
	must(t, app.Save(owner))
	saveAdmin(t, app, viewerEmail, c.RoleViewer, "Vic Viewer")

	now := time.Now().UTC()
	groups := []struct {
		id      int64
		title   string
		members int
		enabled bool
		health  map[string]any
	}{
		{-1001001, "Rust Developers", 18420, true, map[string]any{"ok": true, "checked_at": now, "problems": []any{}}},
		{-1001002, "Crypto Signals VIP", 5230, true, map[string]any{"ok": false, "checked_at": now, "problems": []any{
			map[string]any{"chat_id": -1002002, "title": "Signals News", "missing": []string{"admin"}, "since": now.Add(-3 * time.Hour)},
		}}},
		{-1001003, "Book Club", 312, false, nil},
	}
	for _, g := range groups {
		r := newRecord(t, app, c.ProtectedGroups)
		r.Set(c.FieldGroupID, g.id)
		r.Set(c.FieldTitle, g.title)
		r.Set(c.FieldMemberCount, g.members)
		r.Set(c.FieldEnabled, g.enabled)
		r.Set(c.FieldBotInstance, guard.Id)
		if g.health != nil {
			r.Set(c.FieldHealth, g.health)
		}
		must(t, app.Save(r))
	}
	for i, title := range []string{"Rust News", "Signals News"} {
		r := newRecord(t, app, c.EnforcedChannels)
		r.Set(c.FieldChannelID, -1002001-int64(i))
		r.Set(c.FieldTitle, title)
		must(t, app.Save(r))
	}

	// A week of checks, denser today, some restricted, a few errors, a share cached.
	w := s.Svc.Logs
	n := 0
	for h := 0; h < 24*7; h += 1 {
		per := 2 + (h*7)%5
		if h < 24 {
			per += 4
		}
		for i := 0; i < per; i++ {
			n++
			st := c.Verified
			switch {
			case n%11 == 0:
				st = c.VerifyErr
			case n%4 == 0:
				st = c.Restricted
			}
			w.AddVerification(logwriter.Verification{
				UserID: 5000000 + int64(n%300), GroupID: groups[n%2].id, ChannelID: -1002001 - int64(n%2),
				BotID: f.Guard.ID, Status: st, LatencyMS: float64(20 + n%180), Cached: n%3 == 0,
				At: now.Add(-time.Duration(h)*time.Hour - time.Duration(i*7)*time.Minute),
			})
		}
	}
	for i, m := range []string{"restrictChatMember", "getChatMember", "sendMessage"} {
		w.AddAPICall(logwriter.APICall{Method: m, ChatID: -1001002, BotID: f.Guard.ID, Success: false,
			ErrorType: []string{"not_enough_rights", "timeout", "flood_wait"}[i], LatencyMS: 120, At: now.Add(-time.Duration(i*17+3) * time.Minute)})
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	must(t, w.Flush(ctx))
	return f
}

func saveBot(t *testing.T, app core.App, token string) *c.BotInstance {
	t.Helper()
	b, err := c.NewBotInstance(app)
	must(t, err)
	b.SetTokenEncrypted(token) // sealed by the hook after getMe on the fake Telegram
	must(t, app.Save(b))
	return b
}

func saveAdmin(t *testing.T, app core.App, email, role, name string) *c.AdminUser {
	t.Helper()
	u, err := c.NewAdminUser(app, email, testutil.Password, role)
	must(t, err)
	u.SetFullName(name)
	must(t, app.Save(u))
	return u
}

func newRecord(t *testing.T, app core.App, name string) *core.Record {
	t.Helper()
	r, err := c.NewRecord(app, name)
	must(t, err)
	return r
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
