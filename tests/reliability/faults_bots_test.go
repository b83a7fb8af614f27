package reliability

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nezuko/nezuko/botmanager"
	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper/rights"
	"github.com/nezuko/nezuko/tests/telegramtest"
)

// A token revoked mid-run: that bot stops with bot_status error (reason unauthorized)
// and an ERROR admin log, stops calling Telegram (a bounded number of calls after the
// revoke, none once its status says error), leaks its token nowhere, and the other
// bots keep restricting joins.
func TestFaultTokenRevokedMidRun(t *testing.T) {
	groups, users := pick(2, 5), pick(1, 4)
	w := newFaultWorld(t, pick(3, 5), groups, nil)
	b0, others := w.bots[0], w.bots[1:]
	w.waitServed(w.join(users, w.bots...))

	burst := w.join(users, w.bots...) // the revoke comes while these are handled
	revoked := time.Now()
	w.tg.RevokeToken(b0.tg.ID)
	var row *c.BotStatusRow
	w.eventually("bot_status error after the revoke", func() bool {
		row = w.statusRow(b0)
		return row != nil && row.Status() == c.BotError
	})
	stopped := time.Now()
	detect := stopped.Sub(revoked)
	w.waitServed(exceptJoins(burst, joinsOf(burst, b0, -1)))
	meta := map[string]any{}
	faultMust(t, row.UnmarshalJSONField(c.FieldMetadata, &meta))
	if meta["reason"] != botmanager.ReasonUnauthorized {
		t.Errorf("metadata.reason = %v, want %s", meta["reason"], botmanager.ReasonUnauthorized)
	}
	figure(t, "revoked token → bot_status error", detect.Round(time.Millisecond).String(), "seconds")
	w.eventually("an ERROR admin log says the token was refused", func() bool {
		w.flush()
		return len(w.adminLogs(c.LevelError, "refused", fmt.Sprint(b0.tg.ID))) > 0
	})

	lost := w.join(users, b0)
	after := w.join(users, others...)
	w.waitServed(after)
	for _, j := range lost {
		if w.restricted(j) || w.warned(j) {
			t.Errorf("%s was handled by a bot whose token is revoked", j.user.FirstName)
		}
	}
	polls, calls, late := w.callsOf(b0, "getUpdates", revoked), w.callsOf(b0, "", revoked), w.callsOf(b0, "", stopped)
	if polls > 2 || late > 0 {
		t.Errorf("revoked bot: %d getUpdates after the revoke, %d calls after its status said error; want it stopped", polls, late)
	}
	figure(t, "calls of the revoked bot after the revoke", fmt.Sprintf("%d (%d getUpdates), %d after status error", calls, polls, late), "≤ 2 getUpdates, 0 after error")
	for _, b := range others {
		if s := w.statusRow(b); s == nil || s.Status() != c.BotRunning {
			t.Errorf("bot %d status = %v, want running", b.tg.ID, s)
		}
	}

	secret := strings.SplitN(b0.tg.Token, ":", 2)[1]
	w.flush()
	for _, col := range []string{c.BotStatus, c.AdminLogs, c.APICallLog} {
		recs, err := w.app.FindAllRecords(col)
		faultMust(t, err)
		for _, r := range recs {
			if raw, _ := r.MarshalJSON(); strings.Contains(string(raw), secret) {
				t.Errorf("a %s row contains the revoked token", col)
			}
		}
	}
}

// The bot demoted to a plain member in one of its groups: the group's health records
// it with a WARNING admin log; joins there are tried once each, refused and reported,
// never retried; its other group and the other bots go on restricting. Promoted again,
// the bot restricts there again.
func TestFaultBotDemotedInOneGroup(t *testing.T) {
	groups, users := pick(2, 5), pick(2, 4)
	w := newFaultWorld(t, pick(3, 5), groups, nil)
	b0 := w.bots[0]
	demotedGroup := b0.groups[0]

	demoted := time.Now()
	_, err := w.tg.ChangeMember(demotedGroup.ID, b0.tg.ID, telegramtest.Member{Status: telegramtest.StatusMember}, w.tg.Owner(demotedGroup.ID))
	faultMust(t, err)
	var h c.GroupHealth
	w.eventually("health records the demotion", func() bool {
		h = w.health(demotedGroup)
		return !h.OK && len(h.Problems) > 0
	})
	figure(t, "demotion → health problem recorded", time.Since(demoted).Round(time.Millisecond).String(), "seconds")
	if p := h.Problems[0]; len(h.Problems) != 1 || p.ChatID != demotedGroup.ID || !slices.Contains(p.Missing, rights.Admin) {
		t.Errorf("health = %+v", h)
	}
	w.eventually("a WARNING admin log names the missing right", func() bool {
		w.flush()
		return len(w.adminLogs(c.LevelWarning, "bot rights missing", demotedGroup.Title)) == 1
	})

	joins := w.join(users, w.bots...)
	refused := joinsOf(joins, b0, 0)
	served := exceptJoins(joins, refused)
	w.waitServed(served)
	w.eventually("each refused decision is reported", func() bool {
		w.flush()
		for _, j := range refused {
			if len(w.adminLogs(c.LevelWarning, "member not restricted", fmt.Sprint(j.user.ID))) != 1 {
				return false
			}
		}
		return true
	})
	for _, j := range refused {
		calls := w.restrictCalls(j)
		if len(calls) != 1 || calls[0].ErrorCode != 400 {
			t.Errorf("%s: restrict calls in the demoted group = %v, want one refused", j.user.FirstName, calls)
		}
		if w.restricted(j) || w.warned(j) {
			t.Errorf("%s restricted or warned in a group where the bot has no rights", j.user.FirstName)
		}
	}
	w.wantOneRestrictedRow(joins)
	for _, b := range w.bots {
		for _, g := range b.groups {
			if h := w.health(g); g.ID != demotedGroup.ID && len(h.Problems) != 0 {
				t.Errorf("health of %q = %+v, want no problem", g.Title, h)
			}
		}
	}

	// Promoted again: health is green at once, an INFO log says so, joins are restricted.
	_, err = w.tg.ChangeMember(demotedGroup.ID, b0.tg.ID, telegramtest.Admin(faultRights), w.tg.Owner(demotedGroup.ID))
	faultMust(t, err)
	w.eventually("health green again after the promotion", func() bool {
		h := w.health(demotedGroup)
		return h.OK && len(h.Problems) == 0
	})
	w.waitServed(joinsOf(w.join(1, b0), b0, 0))
	w.eventually("an INFO admin log says the rights are complete", func() bool {
		w.flush()
		return len(w.adminLogs(c.LevelInfo, "bot rights complete again")) == 1
	})
}

// health reads a group's protected_groups.health.
func (w *faultWorld) health(g telegramtest.Chat) c.GroupHealth {
	w.t.Helper()
	rec, err := w.app.FindFirstRecordByData(c.ProtectedGroups, c.FieldGroupID, g.ID)
	faultMust(w.t, err)
	h, _ := c.Wrap(&c.ProtectedGroup{}, rec).Health()
	return h
}
