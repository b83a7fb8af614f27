package hooks_test

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/tests/testutil"
)

// sseEvent is one server-sent event.
type sseEvent struct{ name, data string }

// subscribe opens PocketBase's realtime stream on srv as auth and subscribes to topics;
// events arrive on the returned channel until the test ends.
func subscribe(t *testing.T, srv *httptest.Server, auth string, topics ...string) <-chan sseEvent {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/api/realtime", nil)
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	events := make(chan sseEvent, 16)
	go func() {
		defer res.Body.Close()
		sc := bufio.NewScanner(res.Body)
		var ev sseEvent
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event:"):
				ev.name = strings.TrimSpace(strings.TrimPrefix(line, "event:"))
			case strings.HasPrefix(line, "data:"):
				ev.data = strings.TrimSpace(strings.TrimPrefix(line, "data:"))
			case line == "" && ev.name != "":
				events <- ev
				ev = sseEvent{}
			}
		}
	}()
	connect := waitEvent(t, events, "PB_CONNECT")
	var hello struct {
		ClientID string `json:"clientId"`
	}
	json.Unmarshal([]byte(connect.data), &hello)
	body, _ := json.Marshal(map[string]any{"clientId": hello.ClientID, "subscriptions": topics})
	sub, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/realtime", strings.NewReader(string(body)))
	sub.Header.Set("Content-Type", "application/json")
	sub.Header.Set("Authorization", auth)
	subRes, err := srv.Client().Do(sub)
	if err != nil || subRes.StatusCode != http.StatusNoContent {
		t.Fatalf("subscribe: %v %v", subRes.StatusCode, err)
	}
	return events
}

func waitEvent(t *testing.T, events <-chan sseEvent, name string) sseEvent {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case ev := <-events:
			if ev.name == name {
				return ev
			}
		case <-deadline:
			t.Fatalf("no %q event within 10s", name)
		}
	}
}

func TestRealtimeHidesTokenAndMasksSecrets(t *testing.T) {
	opts, tokens := fixtureOptions(t, "")
	app := testutil.NewApp(t, opts)
	srv := httptest.NewServer(testutil.Router(t, app))
	t.Cleanup(srv.Close)

	viewerEvents := subscribe(t, srv, tokens[viewer], c.BotInstances, c.AdminConfig)
	suEvents := subscribe(t, srv, tokens[superuser], c.BotInstances)

	bot, err := app.FindRecordById(c.BotInstances, idBot)
	if err != nil {
		t.Fatal(err)
	}
	bot.Set(c.FieldBotName, "Renamed live")
	if err := app.Save(bot); err != nil {
		t.Fatal(err)
	}
	ev := waitEvent(t, viewerEvents, c.BotInstances)
	if !strings.Contains(ev.data, "Renamed live") || strings.Contains(ev.data, "token_encrypted") || strings.Contains(ev.data, "gAAAAA") {
		t.Errorf("viewer event = %s", ev.data)
	}
	if ev := waitEvent(t, suEvents, c.BotInstances); !strings.Contains(ev.data, `"token_encrypted":"gAAAAA`) {
		t.Errorf("superuser event lacks the ciphertext: %s", ev.data)
	}

	secretRow, err := app.FindRecordById(c.AdminConfig, idSecretConf)
	if err != nil {
		t.Fatal(err)
	}
	secretRow.Set(c.FieldDescription, "touched")
	if err := app.Save(secretRow); err != nil {
		t.Fatal(err)
	}
	ev = waitEvent(t, viewerEvents, c.AdminConfig)
	if strings.Contains(ev.data, secretValue) || !strings.Contains(ev.data, `"value":"***"`) {
		t.Errorf("viewer config event = %s", ev.data)
	}
}

func TestRealtimeSendsNothingToInactiveAdmins(t *testing.T) {
	opts, tokens := fixtureOptions(t, "")
	app := testutil.NewApp(t, opts)
	srv := httptest.NewServer(testutil.Router(t, app))
	t.Cleanup(srv.Close)

	inactiveEvents := subscribe(t, srv, tokens[inactive], c.Owners)
	viewerEvents := subscribe(t, srv, tokens[viewer], c.Owners)
	o, _ := app.FindRecordById(c.Owners, idOwner)
	for _, name := range []string{"changed", "changed again"} {
		o.Set(c.FieldUsername, name)
		if err := app.Save(o); err != nil {
			t.Fatal(err)
		}
		waitEvent(t, viewerEvents, c.Owners) // each change was broadcast …
	}
	select { // … and the inactive admin got none of them
	case ev := <-inactiveEvents:
		t.Fatalf("inactive admin received %s %s", ev.name, ev.data)
	default:
	}
}
