package live_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/live"
	"github.com/nezuko/nezuko/logwriter"
	"github.com/nezuko/nezuko/tests/livetest"
	"github.com/nezuko/nezuko/tests/testutil"
)

func request(t *testing.T, method, url, auth, body string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res
}

// TestOnlyActiveAccountsReceive subscribes every kind of requester to every topic:
// only the active admin and the superuser get events; anonymous, inactive and deleted
// admins get none, nor an admin deactivated after subscribing behind PocketBase's back
// (its realtime client still holds the active record: the hub re-reads the account).
func TestOnlyActiveAccountsReceive(t *testing.T) {
	f := newFixture(t)
	inactive := testutil.NewAdmin(t, f.app, c.RoleOwner)
	inactive.SetIsActive(false)
	deleted := testutil.NewAdmin(t, f.app, c.RoleOwner)
	deleted.SoftDelete(time.Now())
	for _, u := range []*c.AdminUser{inactive, deleted} {
		if err := f.app.Save(u); err != nil {
			t.Fatal(err)
		}
	}
	stale := testutil.NewAdmin(t, f.app, c.RoleOwner)

	ok := []*livetest.Stream{
		livetest.Subscribe(t, f.url, testutil.AdminToken(t, f.app, c.RoleViewer), live.Topics...),
		livetest.Subscribe(t, f.url, testutil.SuperuserToken(t, f.app), live.Topics...),
	}
	denied := []*livetest.Stream{
		livetest.Subscribe(t, f.url, "", live.Topics...),
		livetest.Subscribe(t, f.url, testutil.AuthToken(t, inactive.Record), live.Topics...),
		livetest.Subscribe(t, f.url, testutil.AuthToken(t, deleted.Record), live.Topics...),
		livetest.Subscribe(t, f.url, testutil.AuthToken(t, stale.Record), live.Topics...),
	}
	stale.SetIsActive(false)
	if err := f.app.UnsafeWithoutHooks().Save(stale); err != nil {
		t.Fatal(err)
	}

	before := f.svc.Live.Stats().Delivered
	f.svc.Logs.AddVerification(logwriter.Verification{UserID: 1, GroupID: -1, ChannelID: -2, Status: c.Verified, At: time.Now()})
	f.svc.Logs.AddAdminLog(logwriter.AdminLog{Level: c.LevelError, Message: "x", At: time.Now()})
	f.flush(t)
	cmd, _ := testutil.NewCommand(f.app, "clear_cache", map[string]any{})
	if err := f.app.Save(cmd); err != nil {
		t.Fatal(err)
	}
	row, _ := c.NewBotStatusRow(f.app, f.saveBot(t).Id)
	row.SetStatus(c.BotRunning)
	if err := f.app.Save(row); err != nil {
		t.Fatal(err)
	}
	for _, s := range ok {
		seen := map[string]bool{}
		for len(seen) < len(live.Topics) { // topics of one dispatch may come in any order
			select {
			case ev := <-s.Events:
				seen[ev.Name] = true
			case <-time.After(livetest.Deadline):
				t.Fatalf("got only %v", seen)
			}
		}
	}
	// Deliveries are counted when the dispatcher hands them out: 4 events × 2 clients,
	// so no denied client was ever handed one.
	if n := f.svc.Live.Stats().Delivered - before; n != 8 {
		t.Errorf("deliveries = %d, want 8", n)
	}
	for _, s := range denied {
		s.None(t)
	}
}

func TestSubscribersAreCounted(t *testing.T) {
	f := newFixture(t)
	livetest.Subscribe(t, f.url, testutil.AdminToken(t, f.app, c.RoleViewer), live.TopicLog)
	livetest.Subscribe(t, f.url, testutil.AdminToken(t, f.app, c.RoleViewer), c.Owners) // a record topic only
	if n := f.svc.Live.Stats().Subscribers; n != 1 {
		t.Errorf("subscribers = %d, want 1", n)
	}
}
