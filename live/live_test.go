package live_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/config"
	"github.com/nezuko/nezuko/hooks"
	"github.com/nezuko/nezuko/live"
	"github.com/nezuko/nezuko/logwriter"
	"github.com/nezuko/nezuko/tests/livetest"
	"github.com/nezuko/nezuko/tests/testutil"
)

func TestMain(m *testing.M) { testutil.Main(m) }

// sealedBot is a Python-made Fernet ciphertext of a fake token under testutil.EncryptionKey.
const sealedBot = "gAAAAABrBeIugNWAwZu6MC3J_aQWBTDBRgEDW6Zmf16OFyQMWYdajEPQ3x4OGCrP7yVhGa35Y9OZaHDckF5u9MDs7lNCD8ER3UuNqu8mz5_bO19ZQJmFkoB8Quf1LUmTl7-1CdSqrwl4GTAE4LJRtEtStaGqPA9Jrw=="

type fixture struct {
	app core.App
	svc *hooks.Services
	url string
}

func newFixture(t *testing.T) fixture {
	t.Helper()
	app, svc := livetest.NewApp(t, config.Config{})
	return fixture{app: app, svc: svc, url: livetest.Serve(t, app).URL}
}

func (f fixture) flush(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), livetest.Deadline)
	defer cancel()
	if err := f.svc.Logs.Flush(ctx); err != nil {
		t.Fatal(err)
	}
}

func (f fixture) saveBot(t *testing.T) *core.Record {
	t.Helper()
	bot, err := c.NewRecord(f.app, c.BotInstances)
	if err != nil {
		t.Fatal(err)
	}
	bot.Set(c.FieldBotID, 123456789)
	bot.Set(c.FieldBotUsername, "guard_bot")
	bot.Set(c.FieldTokenEncrypted, sealedBot)
	bot.Set(c.FieldIsActive, true)
	if err := f.app.Save(bot); err != nil {
		t.Fatal(err)
	}
	return bot
}

// flat checks that data is one flat object with exactly the wanted keys.
func flat(t *testing.T, ev livetest.Event, keys ...string) map[string]any {
	t.Helper()
	m := ev.Decode(t)
	if _, wrapped := m["record"]; wrapped {
		t.Fatalf("%s: payload wrapped in record: %s", ev.Name, ev.Data)
	}
	for _, k := range keys {
		if _, ok := m[k]; !ok {
			t.Errorf("%s: no %q in %s", ev.Name, k, ev.Data)
		}
	}
	if len(m) != len(keys) {
		t.Errorf("%s: %d keys, want %d: %s", ev.Name, len(m), len(keys), ev.Data)
	}
	if id, _ := m[c.FieldID].(string); id == "" {
		t.Errorf("%s: no record id: %s", ev.Name, ev.Data)
	}
	return m
}

func rfc3339UTC(t *testing.T, v any) {
	t.Helper()
	s, _ := v.(string)
	if _, err := time.Parse(time.RFC3339Nano, s); err != nil || !strings.HasSuffix(s, "Z") {
		t.Errorf("timestamp %q is not RFC 3339 UTC", s)
	}
}

func TestVerificationTopic(t *testing.T) {
	f := newFixture(t)
	viewer := livetest.Subscribe(t, f.url, testutil.AdminToken(t, f.app, c.RoleViewer), live.TopicVerification)
	root := livetest.Subscribe(t, f.url, testutil.SuperuserToken(t, f.app), live.TopicVerification)

	at := time.Date(2026, 11, 25, 19, 0, 0, 0, time.UTC)
	f.svc.Logs.AddVerification(logwriter.Verification{UserID: 7, GroupID: -1001, ChannelID: -1002, BotID: 42,
		Status: c.Restricted, LatencyMS: 31, Cached: true, At: at})
	f.flush(t)

	for _, s := range []*livetest.Stream{viewer, root} {
		m := flat(t, s.Expect(t, live.TopicVerification), c.FieldID, c.FieldUserID, c.FieldGroupID, c.FieldChannelID,
			c.FieldStatus, c.FieldCached, c.FieldLatencyMS, c.FieldTimestamp)
		if m[c.FieldUserID] != 7.0 || m[c.FieldGroupID] != -1001.0 || m[c.FieldChannelID] != -1002.0 ||
			m[c.FieldStatus] != c.Restricted || m[c.FieldCached] != true || m[c.FieldLatencyMS] != 31.0 ||
			m[c.FieldTimestamp] != "2026-11-25T19:00:00.000Z" {
			t.Errorf("verification event = %v", m)
		}
	}
}

func TestBotStatusTopic(t *testing.T) {
	f := newFixture(t)
	s := livetest.Subscribe(t, f.url, testutil.AdminToken(t, f.app, c.RoleViewer), live.TopicBotStatus)
	bot := f.saveBot(t)

	row, err := c.NewBotStatusRow(f.app, bot.Id)
	if err != nil {
		t.Fatal(err)
	}
	started := time.Now().Add(-time.Hour)
	row.SetStatus(c.BotStarting)
	row.SetHeartbeat(started.Add(time.Minute), started)
	if err := f.app.Save(row); err != nil {
		t.Fatal(err)
	}
	m := flat(t, s.Expect(t, live.TopicBotStatus), c.FieldID, c.FieldBotInstance, c.FieldStatus,
		c.FieldUptimeSeconds, c.FieldLastHeartbeat)
	if m[c.FieldBotInstance] != bot.Id || m[c.FieldStatus] != c.BotStarting || m[c.FieldUptimeSeconds] != 60.0 {
		t.Errorf("created: %v", m)
	}
	rfc3339UTC(t, m[c.FieldLastHeartbeat])

	row.SetStatus(c.BotRunning) // every update is sent, heartbeats included
	if err := f.app.Save(row); err != nil {
		t.Fatal(err)
	}
	if m := s.Expect(t, live.TopicBotStatus).Decode(t); m[c.FieldStatus] != c.BotRunning {
		t.Errorf("updated: %v", m)
	}
}

func TestCommandTopic(t *testing.T) {
	f := newFixture(t)
	rootToken := testutil.SuperuserToken(t, f.app)
	s := livetest.Subscribe(t, f.url, testutil.AdminToken(t, f.app, c.RoleViewer), live.TopicCommand)

	cmd := f.saveCommand(t, "mute_user", map[string]any{c.FieldGroupID: -1001, c.FieldUserID: 7})
	keys := []string{c.FieldID, c.FieldCommandType, c.FieldStatus, c.FieldResult, c.FieldErrorMessage, c.FieldExecutedAt}
	m := flat(t, s.Expect(t, live.TopicCommand), keys...)
	if m[c.FieldStatus] != c.CommandPending || m[c.FieldCommandType] != "mute_user" || m[c.FieldExecutedAt] != nil {
		t.Errorf("created: %v", m)
	}

	// The worker's path: the same record object saved twice.
	cmd.MarkProcessing()
	if err := f.app.Save(cmd); err != nil {
		t.Fatal(err)
	}
	cmd.Complete(map[string]any{"restricted": true}, time.Now())
	if err := f.app.Save(cmd); err != nil {
		t.Fatal(err)
	}
	if m := s.Expect(t, live.TopicCommand).Decode(t); m[c.FieldStatus] != c.CommandProcessing {
		t.Errorf("first update: %v", m)
	}
	m = s.Expect(t, live.TopicCommand).Decode(t)
	if m[c.FieldStatus] != c.CommandCompleted || m[c.FieldErrorMessage] != nil {
		t.Errorf("second update: %v", m)
	}
	if res, _ := m[c.FieldResult].(map[string]any); res["restricted"] != true {
		t.Errorf("result = %v", m[c.FieldResult])
	}
	rfc3339UTC(t, m[c.FieldExecutedAt])

	// An update that keeps the status (a superuser edits the payload) sends nothing:
	// the next event is the later status change.
	res := request(t, http.MethodPatch, f.url+"/api/collections/"+c.AdminCommands+"/records/"+cmd.Id, rootToken,
		`{"`+c.FieldPayload+`":{"`+c.FieldGroupID+`":-1002}}`)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("payload edit: %d", res.StatusCode)
	}
	fresh, err := f.app.FindRecordById(c.AdminCommands, cmd.Id)
	if err != nil {
		t.Fatal(err)
	}
	c.Wrap(&c.AdminCommand{}, fresh).Fail("boom", time.Now())
	if err := f.app.Save(fresh); err != nil {
		t.Fatal(err)
	}
	m = s.Expect(t, live.TopicCommand).Decode(t)
	if m[c.FieldStatus] != c.CommandFailed || m[c.FieldErrorMessage] != "boom" {
		t.Errorf("after the payload edit the next event is %v, want the failure", m)
	}
}

func TestLogTopic(t *testing.T) {
	f := newFixture(t)
	s := livetest.Subscribe(t, f.url, testutil.SuperuserToken(t, f.app), live.TopicLog)

	f.app.Logger().Debug("debug line stays out")
	f.flush(t)
	f.app.Logger().Warn("disk almost full", "free_mb", 12)
	f.flush(t)

	m := flat(t, s.Expect(t, live.TopicLog), c.FieldID, c.FieldTimestamp, c.FieldLevel, c.FieldLogger,
		c.FieldMessage, c.FieldModule, c.FieldFunction, c.FieldLineNo, c.FieldPath)
	if m[c.FieldLevel] != c.LevelWarning || m[c.FieldMessage] != "disk almost full free_mb=12" {
		t.Errorf("first log event = %v (a DEBUG line must not be sent)", m)
	}
	if fn, _ := m[c.FieldFunction].(string); !strings.Contains(fn, "TestLogTopic") {
		t.Errorf("function = %v", m[c.FieldFunction])
	}
	rfc3339UTC(t, m[c.FieldTimestamp])

	// CRITICAL rows are stored but, like the original, not streamed.
	f.svc.Logs.AddAdminLog(logwriter.AdminLog{Level: c.LevelCritical, Message: "critical", At: time.Now()})
	f.svc.Logs.AddAdminLog(logwriter.AdminLog{Level: c.LevelInfo, Message: "info", At: time.Now()})
	f.flush(t)
	if m := s.Expect(t, live.TopicLog).Decode(t); m[c.FieldMessage] != "info" {
		t.Errorf("next log event = %v, want the INFO row only", m)
	}
}
