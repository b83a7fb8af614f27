package hooks_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/live"
	"github.com/nezuko/nezuko/logwriter"
	"github.com/nezuko/nezuko/tests/livetest"
	"github.com/nezuko/nezuko/tests/testutil"
)

// recordTopics are the collections whose record subscriptions DESIGN.md §6 promises
// (every collection but the three log collections, which the batch writer fills
// without record events).
var recordTopics = []string{c.Owners, c.BotInstances, c.ProtectedGroups, c.EnforcedChannels,
	c.GroupChannelLinks, c.AdminUsers, c.AdminConfig, c.BotStatus, c.AdminCommands, c.AdminAuditLog}

// Requesters that were active when they subscribed.
const (
	deactivatedLater = "admin deactivated after subscribing"
	deletedLater     = "admin deleted after subscribing"
)

// quietWindow is how long a refused subscriber is watched for a stray event once every
// admitted subscriber has received everything.
const quietWindow = 500 * time.Millisecond

// TestTopicAccessMatrix subscribes every requester to every realtime topic (the four
// custom topics and the record topics), makes one change per topic, and checks that
// active admin users of every role and superusers receive each one while anonymous,
// inactive and deleted admins — also admins deactivated or deleted after they
// subscribed — receive nothing; record events hide the bot token from
// all but superusers and mask sensitive config values for all but owners and
// superusers.
func TestTopicAccessMatrix(t *testing.T) {
	opts, tokens := fixtureOptions(t, "")
	app, svc := testutil.NewAppWithServices(t, opts)
	srv := httptest.NewServer(testutil.Router(t, app))
	t.Cleanup(srv.Close)
	topics := append(append([]string{}, live.Topics...), recordTopics...)
	streams := map[string]*livetest.Stream{}
	for _, role := range requesters {
		streams[role] = livetest.Subscribe(t, srv.URL, tokens[role], topics...)
	}

	// Admins deactivated and soft-deleted (as the API does it) after they subscribed.
	for _, role := range []string{deactivatedLater, deletedLater} {
		u := testutil.NewAdmin(t, app, c.RoleOwner)
		streams[role] = livetest.Subscribe(t, srv.URL, testutil.AuthToken(t, u.Record), topics...)
		if role == deactivatedLater {
			u.SetIsActive(false)
		} else {
			u.SoftDelete(time.Now())
		}
		if err := app.Save(u); err != nil {
			t.Fatal(err)
		}
	}

	changeEveryTopic(t, app, svc.Logs)

	admitted := []string{viewer, admin, owner, superuser}
	for _, role := range admitted {
		events := collect(t, streams[role], topics)
		checkRecordEvents(t, role, events)
	}
	for _, role := range []string{anonymous, inactive, deleted, deactivatedLater, deletedLater} {
		select {
		case ev := <-streams[role].Events:
			t.Errorf("%s received %s %s", role, ev.Name, ev.Data)
		case <-time.After(quietWindow):
		}
	}
}

// changeEveryTopic makes one change that publishes each topic: a save of one fixture
// row per record topic (a new row for commands), a verification and an admin log row.
func changeEveryTopic(t *testing.T, app core.App, logs *logwriter.Writer) {
	t.Helper()
	update := func(collection, id, field string, value any) {
		r, err := app.FindRecordById(collection, id)
		if err != nil {
			t.Fatal(err)
		}
		r.Set(field, value)
		if err := app.Save(r); err != nil {
			t.Fatalf("save %s: %v", collection, err)
		}
	}
	update(c.Owners, idOwner, c.FieldUsername, "renamed")
	update(c.BotInstances, idBot, c.FieldBotName, "Renamed")
	update(c.ProtectedGroups, idGroup, c.FieldTitle, "Renamed")
	update(c.EnforcedChannels, idChannel, c.FieldTitle, "Renamed")
	update(c.GroupChannelLinks, idLink, c.FieldChannel, idChannel2)
	update(c.AdminUsers, idTarget, c.FieldFullName, "Renamed")
	update(c.AdminConfig, idSecretConf, c.FieldDescription, "touched")
	update(c.BotStatus, idStatus, c.FieldStatus, c.BotStopped)
	update(c.AdminAuditLog, idAudit, c.FieldActor, "someone")
	cmd, err := testutil.NewCommand(app, "clear_cache", map[string]any{})
	if err != nil {
		t.Fatal(err)
	}
	if err := app.Save(cmd); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	logs.AddVerification(logwriter.Verification{UserID: 5, GroupID: -1001, ChannelID: -1002, Status: c.Restricted, At: now})
	logs.AddAdminLog(logwriter.AdminLog{Level: c.LevelInfo, Logger: "test", Message: "topic matrix", At: now})
	ctx, cancel := context.WithTimeout(context.Background(), livetest.Deadline)
	defer cancel()
	if err := logs.Flush(ctx); err != nil {
		t.Fatal(err)
	}
}

// collect reads s until an event of every topic arrived (within livetest.Deadline) and
// returns the data of each topic's events.
func collect(t *testing.T, s *livetest.Stream, topics []string) map[string][]string {
	t.Helper()
	got := map[string][]string{}
	deadline := time.After(livetest.Deadline)
	for missing := len(topics); missing > 0; {
		select {
		case ev := <-s.Events:
			if len(got[ev.Name]) == 0 {
				missing--
			}
			got[ev.Name] = append(got[ev.Name], ev.Data)
		case <-deadline:
			var lack []string
			for _, topic := range topics {
				if len(got[topic]) == 0 {
					lack = append(lack, topic)
				}
			}
			t.Fatalf("no event within %s on %v", livetest.Deadline, lack)
		}
	}
	return got
}

// checkRecordEvents checks what role may see in the record events it received.
func checkRecordEvents(t *testing.T, role string, events map[string][]string) {
	t.Helper()
	seesSecrets := role == owner || role == superuser
	for _, data := range events[c.BotInstances] {
		if has := strings.Contains(data, `"token_encrypted":"gAAAAA`); has != (role == superuser) || strings.Contains(data, fixtureBotToken) {
			t.Errorf("%s bot_instances event (ciphertext shown: %v): %s", role, has, data)
		}
	}
	for _, data := range events[c.AdminConfig] {
		if strings.Contains(data, secretValue) != seesSecrets || strings.Contains(data, `"value":"***"`) == seesSecrets {
			t.Errorf("%s admin_config event: %s", role, data)
		}
	}
	for _, data := range events[c.AdminUsers] {
		if strings.Contains(data, `"password`) || strings.Contains(data, `"tokenKey"`) {
			t.Errorf("%s admin_users event shows a credential: %s", role, data)
		}
	}
}
