package telegramtest_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/nezuko/nezuko/tests/telegramtest"
)

// setWebhook refuses what api.telegram.org refuses, with its descriptions; a
// server in local mode (telegram-bot-api --local) takes http on any port.
func TestSetWebhookURLRules(t *testing.T) {
	w := newWorld(t)
	for url, want := range map[string]string{
		"http://bots.example.com/hook":       "Bad Request: bad webhook: An HTTPS URL must be provided for webhook",
		"https://bots.example.com:8080/hook": "Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443",
		"https://127.0.0.1:8443/hook":        "Bad Request: bad webhook: IP address 127.0.0.1 is reserved",
		"not a url":                          "Bad Request: invalid webhook URL specified",
	} {
		st, body := raw(t, w.tg, w.bot.Token, "setWebhook", formType, form("url", url))
		if st != 400 || body["description"] != want {
			t.Errorf("setWebhook %q = %d %v, want 400 %q", url, st, body["description"], want)
		}
	}
	for _, url := range []string{"https://bots.example.com/hook", "https://bots.example.com:8443/hook", "https://bots.example.com:88/h"} {
		if st, body := raw(t, w.tg, w.bot.Token, "setWebhook", formType, form("url", url)); st != 200 {
			t.Errorf("setWebhook %q = %d %v", url, st, body)
		}
		raw(t, w.tg, w.bot.Token, "deleteWebhook", formType, "")
	}

	local := newWorld(t, telegramtest.WithLocalMode())
	if st, body := raw(t, local.tg, local.bot.Token, "setWebhook", formType, form("url", "http://127.0.0.1:9/hook")); st != 200 {
		t.Fatalf("local mode: setWebhook http = %d %v", st, body)
	}
	_, info := raw(t, local.tg, local.bot.Token, "getWebhookInfo", formType, "")
	if got := info["result"].(map[string]any)["max_connections"]; got != 100.0 {
		t.Errorf("local mode default max_connections = %v, want 100", got)
	}
	raw(t, local.tg, local.bot.Token, "setWebhook", formType, form("url", "http://127.0.0.1:9/hook", "max_connections", "1000"))
	_, info = raw(t, w.tg, w.bot.Token, "getWebhookInfo", formType, "")
	if info["result"].(map[string]any)["url"] != "" {
		t.Fatalf("webhook info = %v", info)
	}
}

// An offset confirms every update below it, whatever the numbering; a negative
// offset keeps the last -offset updates.
func TestOffsetConfirmationAsDocumented(t *testing.T) {
	w := newWorld(t)
	alice := w.tg.AddUser("Alice")
	must(t, w.tg.SetMember(w.group.ID, alice.ID, telegramtest.Member{Status: telegramtest.StatusMember}))
	for i := range 4 {
		mustV(t)(w.tg.Send(w.group.ID, alice, fmt.Sprint("m", i)))
	}
	ids := pollIDs(t, w, "")
	if len(ids) != 4 {
		t.Fatalf("updates = %v", ids)
	}
	if got := pollIDs(t, w, strconv.FormatInt(ids[1], 10)); len(got) != 3 || got[0] != ids[1] {
		t.Fatalf("offset %d: %v, want the last 3", ids[1], got)
	}
	if got := pollIDs(t, w, "-1"); len(got) != 1 || got[0] != ids[3] {
		t.Fatalf("offset -1: %v, want only %d", got, ids[3])
	}
	if got := pollIDs(t, w, ""); len(got) != 1 {
		t.Fatalf("after offset -1 the earlier ones are forgotten: %v", got)
	}
}

// After a week without updates the next update_id is random (IdleWeek makes it
// lower): an offset above it, as a bot that saved its last id would send,
// confirms it away; polling without offset gets it.
func TestIdleWeekRestartsTheNumbering(t *testing.T) {
	w := newWorld(t)
	alice := w.tg.AddUser("Alice")
	must(t, w.tg.SetMember(w.group.ID, alice.ID, telegramtest.Member{Status: telegramtest.StatusMember}))
	mustV(t)(w.tg.Send(w.group.ID, alice, "before"))
	before := pollIDs(t, w, "")
	last := before[len(before)-1]
	pollIDs(t, w, strconv.FormatInt(last+1, 10))

	next, err := w.tg.IdleWeek(w.bot.ID)
	must(t, err)
	if next >= before[0] || next < 1 {
		t.Fatalf("next update_id after an idle week = %d, want random below %d", next, before[0])
	}
	mustV(t)(w.tg.Send(w.group.ID, alice, "after"))
	if got := pollIDs(t, w, ""); len(got) != 1 || got[0] != next {
		t.Fatalf("updates = %v, want [%d]", got, next)
	}
	if got := pollIDs(t, w, strconv.FormatInt(last+1, 10)); len(got) != 0 || w.tg.Pending(w.bot.ID) != 0 {
		t.Fatalf("offset %d kept %v: it must confirm the lower id", last+1, got)
	}
}

// Webhook deliveries go out in parallel, at most max_connections at once, one
// queue (here: chat) at a time; a failed delivery is retried while the other
// queues go on, so a higher update_id can arrive before a lower one.
func TestWebhookParallelOutOfOrderWithRetry(t *testing.T) {
	w := newWorld(t, telegramtest.WithLocalMode())
	const chats = 5
	groups := make([]telegramtest.Chat, chats)
	alice := w.tg.AddUser("Alice")
	for i := range groups {
		groups[i] = w.tg.AddSupergroup(fmt.Sprint("G", i))
		must(t, w.tg.SetMember(groups[i].ID, w.bot.ID, telegramtest.Admin(gateRights)))
		must(t, w.tg.SetMember(groups[i].ID, alice.ID, telegramtest.Member{Status: telegramtest.StatusMember}))
	}
	drain(t, w.tg, w.bot.Token)

	var mu sync.Mutex
	var order []int64
	active, most, failedFirst := 0, 0, false
	release := make(chan struct{})
	recv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		var u models.Update
		data, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(data, &u); err != nil {
			t.Errorf("webhook body %q: %v", data, err)
		}
		mu.Lock()
		active++
		most = max(most, active)
		fail := !failedFirst && u.Message != nil && u.Message.Chat.ID == groups[0].ID
		failedFirst = failedFirst || fail
		mu.Unlock()
		if !fail {
			<-release
		}
		mu.Lock()
		active--
		if !fail {
			order = append(order, u.ID)
		}
		mu.Unlock()
		if fail {
			rw.WriteHeader(http.StatusBadGateway)
		}
	}))
	defer recv.Close()
	defer close(release) // unblocks the receiver if the test fails
	if st, body := raw(t, w.tg, w.bot.Token, "setWebhook", formType, form("url", recv.URL, "max_connections", "2")); st != 200 {
		t.Fatalf("setWebhook = %d %v", st, body)
	}
	for i := range groups {
		mustV(t)(w.tg.Send(groups[i].ID, alice, "hi"))
	}
	for range chats { // let one delivery finish whenever both connections are busy
		eventually(t, func() bool { mu.Lock(); defer mu.Unlock(); return active == 2 || w.tg.Pending(w.bot.ID) <= 1 })
		select {
		case release <- struct{}{}:
		case <-time.After(wait):
			t.Fatal("no delivery waiting to be released")
		}
	}
	w.tg.WaitFor(t, wait, func() bool { return w.tg.Pending(w.bot.ID) == 0 })
	mu.Lock()
	defer mu.Unlock()
	if len(order) != chats || most > 2 || most < 2 {
		t.Fatalf("delivered %v, at most %d at once; want %d updates, 2 at once", order, most, chats)
	}
	if order[0] == minOf(order) {
		t.Fatalf("order %v: the lowest update_id, failed once, came first; others should pass it", order)
	}
}

// eventually polls cond, which watches state outside the fake, until it holds.
func eventually(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("condition not met within %v", wait)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func minOf(ids []int64) int64 {
	m := ids[0]
	for _, id := range ids {
		m = min(m, id)
	}
	return m
}

// pollIDs calls getUpdates (timeout 0) with an optional offset and returns the ids.
func pollIDs(t *testing.T, w world, offset string) []int64 {
	t.Helper()
	body := ""
	if offset != "" {
		body = form("offset", offset)
	}
	st, b := raw(t, w.tg, w.bot.Token, "getUpdates", formType, body)
	if st != 200 {
		t.Fatalf("getUpdates = %d %v", st, b)
	}
	var ids []int64
	for _, u := range b["result"].([]any) {
		ids = append(ids, int64(u.(map[string]any)["update_id"].(float64)))
	}
	return ids
}

func mustV(t *testing.T) func(telegramtest.Message, error) {
	return func(_ telegramtest.Message, err error) { t.Helper(); must(t, err) }
}

// On the scenario clock, an update made a week after the one before gets a random id.
func TestWeekOfSilenceRenumbers(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	var mu sync.Mutex
	w := newWorld(t, telegramtest.WithClock(func() time.Time { mu.Lock(); defer mu.Unlock(); return now }))
	alice := w.tg.AddUser("Alice")
	must(t, w.tg.SetMember(w.group.ID, alice.ID, telegramtest.Member{Status: telegramtest.StatusMember}))
	mustV(t)(w.tg.Send(w.group.ID, alice, "one"))
	mustV(t)(w.tg.Send(w.group.ID, alice, "two"))
	ids := pollIDs(t, w, "")
	if n := len(ids); n < 2 || ids[n-1] != ids[n-2]+1 {
		t.Fatalf("ids = %v, want sequential", ids)
	}
	pollIDs(t, w, strconv.FormatInt(ids[len(ids)-1]+1, 10))
	mu.Lock()
	now = now.Add(7 * 24 * time.Hour)
	mu.Unlock()
	mustV(t)(w.tg.Send(w.group.ID, alice, "a week later"))
	got := pollIDs(t, w, "")
	if len(got) != 1 || got[0] == ids[len(ids)-1]+1 {
		t.Fatalf("after a week: %v, want one update with a random id (not %d)", got, ids[len(ids)-1]+1)
	}
}
