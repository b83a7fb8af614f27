package gatekeeper_test

import (
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/tools/types"

	c "github.com/nezuko/nezuko/collections"
)

// TestStatusCountsTheLastDay: /status's "Last 24 h" line counts distinct users per
// decision in the group over the last 24 hours, as Config.Stats (package analytics)
// answers: a user checked twice counts once, older rows and other groups not at all.
func TestStatusCountsTheLastDay(t *testing.T) {
	w := newWorld(t)
	group, other := w.supergroup("Fans"), w.supergroup("Others")
	news := w.channel("News", "news")
	w.protect(w.botRec, true, group, news)
	w.start(false)
	now := time.Now()
	for _, r := range []struct {
		user, group int64
		status      string
		ago         time.Duration
	}{
		{1, group.ID, c.Verified, time.Hour},
		{1, group.ID, c.Verified, 2 * time.Hour}, // the same user again
		{2, group.ID, c.Verified, 3 * time.Hour},
		{3, group.ID, c.Restricted, 23 * time.Hour},
		{4, group.ID, c.VerifyErr, time.Minute},
		{5, group.ID, c.Restricted, 25 * time.Hour}, // too old
		{6, other.ID, c.Restricted, time.Hour},      // another group
	} {
		_, err := w.app.DB().Insert(c.VerificationLog, dbx.Params{c.FieldUserID: r.user, c.FieldGroupID: r.group,
			c.FieldChannelID: news.ID, c.FieldBotInstance: w.gate.ID, c.FieldStatus: r.status, c.FieldLatencyMS: 10,
			c.FieldCached: false, c.FieldErrorType: "",
			c.FieldTimestamp: now.Add(-r.ago).UTC().Format(types.DefaultDateLayout)}).Execute()
		if err != nil {
			t.Fatal(err)
		}
	}
	got := strings.Join(w.command(group, w.tg.Owner(group.ID), "/status", "Last 24 h"), "\n")
	if want := "Last 24 h: 2 verified, 1 restricted, 1 lookup errors."; !strings.Contains(got, want) {
		t.Fatalf("/status = %q, want the line %q", got, want)
	}
}
