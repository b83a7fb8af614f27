package gatekeeper_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper/rights"
	"github.com/nezuko/nezuko/tests/telegramtest"
)

// The bot demoted in a linked channel: health records it within seconds (from the
// my_chat_member update), a WARNING admin log says what is missing, /status names the
// channel, and enforcement goes on for what the bot can still do.
func TestDemotionInAChannelShowsInHealthAndStatus(t *testing.T) {
	w := newWorld(t)
	group, news, tech := w.supergroup("Fans"), w.channel("News", "news"), w.channel("Tech", "tech")
	w.protect(w.botRec, true, group, news, tech)
	w.start(true)
	owner := w.tg.Owner(group.ID)

	w.e.RunMaintenance()
	if h := w.health(group); !h.OK || h.CheckedAt == "" || len(h.Problems) != 0 {
		t.Fatalf("health before = %+v", h)
	}

	mustV[telegramtest.Message](t)(w.tg.ChangeMember(tech.ID, w.gate.ID, telegramtest.Member{Status: telegramtest.StatusMember}, w.tg.Owner(tech.ID)))
	var h c.GroupHealth
	eventually(t, "health shows the demotion", func() bool { h = w.health(group); return !h.OK })
	if len(h.Problems) != 1 || h.Problems[0].ChatID != tech.ID || h.Problems[0].Title != "@tech" ||
		!slices.Equal(h.Problems[0].Missing, []string{rights.Admin}) || h.Problems[0].Since == "" {
		t.Fatalf("health = %+v", h)
	}
	eventually(t, "a WARNING admin log about the missing right", func() bool {
		w.flush()
		n, _ := w.app.CountRecords(c.AdminLogs, dbx.HashExp{c.FieldLevel: c.LevelWarning},
			dbx.NewExp(c.FieldMessage+" LIKE {:m}", dbx.Params{"m": "%administrator in @tech%"}))
		return n == 1
	})

	got := w.command(group, owner, "/status", "My rights are incomplete")
	status := strings.Join(got, "\n")
	for _, want := range []string{"Protection of Fans", "Status: on", "@news", "@tech: I am missing admin rights"} {
		if !strings.Contains(status, want) {
			t.Fatalf("/status = %q lacks %q", status, want)
		}
	}

	w.e.RunMaintenance() // the problem persists: same since, no second warning
	if h2 := w.health(group); h2.Problems[0].Since != h.Problems[0].Since {
		t.Fatalf("since moved: %q → %q", h.Problems[0].Since, h2.Problems[0].Since)
	}

	must(t, w.tg.SetMember(tech.ID, w.gate.ID, telegramtest.Admin(telegramtest.AdminRights{CanInviteUsers: true})))
	w.e.RunMaintenance()
	if h := w.health(group); !h.OK || len(h.Problems) != 0 {
		t.Fatalf("health after re-promotion = %+v", h)
	}
}

// Maintenance stores member counts of groups and channels.
func TestMaintenanceSyncsMemberCounts(t *testing.T) {
	w, group, news := newFansWorld(t)
	w.start(false)
	w.member(w.tg.AddUser("Alice"), group, news)
	w.e.RunMaintenance()
	rec := mustV[*core.Record](t)(w.app.FindFirstRecordByData(c.ProtectedGroups, c.FieldGroupID, group.ID))
	pg := c.Wrap(&c.ProtectedGroup{}, rec)
	if pg.MemberCount() < 2 || pg.LastSyncAt().IsZero() {
		t.Fatalf("group count %d at %v", pg.MemberCount(), pg.LastSyncAt())
	}
	ch := c.Wrap(&c.EnforcedChannel{}, mustV[*core.Record](t)(w.app.FindFirstRecordByData(c.EnforcedChannels, c.FieldChannelID, news.ID)))
	if ch.SubscriberCount() < 2 {
		t.Fatalf("channel count %d", ch.SubscriberCount())
	}
	menus := w.tg.Calls("setMyCommands") // once: private and group menus, per language
	w.e.RunMaintenance()
	if len(menus) != 6 || len(w.tg.Calls("setMyCommands")) != 6 {
		t.Fatalf("setMyCommands calls = %d, then %d; want 6 once", len(menus), len(w.tg.Calls("setMyCommands")))
	}
	langs := map[string]bool{}
	for _, call := range menus {
		if !call.OK {
			t.Fatalf("menu refused: %v", call)
		}
		langs[call.Params["language_code"]] = true
	}
	if !langs[""] || !langs["es"] || !langs["de"] {
		t.Fatalf("menu languages = %v", langs)
	}
}
