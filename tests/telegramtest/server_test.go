package telegramtest_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/nezuko/nezuko/tests/telegramtest"
)

func TestGetMeAndUnknownToken(t *testing.T) {
	tg := telegramtest.NewServer(t)
	bt := tg.AddBot("hello_bot")
	b := client(t, tg, bt)
	me, err := b.GetMe(context.Background())
	if err != nil || me.ID != bt.ID || me.Username != "hello_bot" || !me.IsBot || !me.CanJoinGroups || me.CanReadAllGroupMessages {
		t.Fatalf("getMe = %+v, %v", me, err)
	}

	_, err = bot.New("123:nope", bot.WithServerURL(tg.URL))
	if !errors.Is(err, bot.ErrorUnauthorized) {
		t.Fatalf("unknown token: err = %v, want ErrorUnauthorized", err)
	}
	status, body := raw(t, tg, "123:nope", "getMe", formType, "")
	if status != 401 || body["ok"] != false || body["error_code"] != 401.0 || body["description"] != "Unauthorized" {
		t.Fatalf("unknown token answer = %d %v", status, body)
	}
	if c := tg.CallsFor("123:nope", "getMe"); len(c) == 0 || c[0].ErrorCode != 401 {
		t.Fatalf("unauthorized call not recorded: %v", c)
	}
}

func TestRevokedTokenEndsPolling(t *testing.T) {
	tg := telegramtest.NewServer(t)
	bt := tg.AddBot("doomed_bot")
	got := make(chan int, 1)
	go func() { st, _ := raw(t, tg, bt.Token, "getUpdates", formType, form("timeout", "50")); got <- st }()
	tg.WaitFor(t, wait, func() bool { return tg.Polling(bt.ID) })
	tg.RevokeToken(bt.ID)
	if st := <-got; st != 401 {
		t.Fatalf("waiting poll after revoke = %d", st)
	}
	if _, err := bot.New(bt.Token, bot.WithServerURL(tg.URL)); !errors.Is(err, bot.ErrorUnauthorized) {
		t.Fatalf("getMe after revoke: %v", err)
	}
}

func TestUnknownMethodAndPath(t *testing.T) {
	tg := telegramtest.NewServer(t)
	bt := tg.AddBot("hello_bot")
	status, body := raw(t, tg, bt.Token, "sendTeleport", formType, "")
	if status != 404 || body["description"] != "Not Found" || body["error_code"] != 404.0 {
		t.Fatalf("unknown method = %d %v", status, body)
	}
	// method names are case-insensitive, as on api.telegram.org
	if status, body := raw(t, tg, bt.Token, "GETME", formType, ""); status != 200 || body["ok"] != true {
		t.Fatalf("GETME = %d %v", status, body)
	}
	if status, body := raw(t, tg, "not-a-token", "getMe", formType, ""); status != 404 || body["description"] != "Not Found" {
		t.Fatalf("malformed token = %d %v", status, body)
	}
	resp, err := http.Get(tg.URL + "/nothing")
	if err != nil || resp.StatusCode != 404 {
		t.Fatalf("bad path = %v %v", resp, err)
	}
	resp.Body.Close()
}

// The three encodings the Bot API accepts carry the same parameters.
func TestRequestEncodings(t *testing.T) {
	w := newWorld(t)
	tg, tok := w.tg, w.bot.Token
	markup := `{"inline_keyboard":[[{"text":"Go","callback_data":"go"}]]}`
	chat := fmt.Sprint(w.group.ID)

	if st, body := raw(t, tg, tok, "sendMessage", "application/json",
		fmt.Sprintf(`{"chat_id":%s,"text":"json","reply_markup":%s}`, chat, markup)); st != 200 {
		t.Fatalf("json: %d %v", st, body)
	}
	if st, body := raw(t, tg, tok, "sendMessage", formType, form("chat_id", chat, "text", "form", "reply_markup", markup)); st != 200 {
		t.Fatalf("form: %d %v", st, body)
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range map[string]string{"chat_id": chat, "text": "multipart", "reply_markup": markup} {
		must(t, mw.WriteField(k, v))
	}
	must(t, mw.Close())
	if st, body := raw(t, tg, tok, "sendMessage", mw.FormDataContentType(), buf.String()); st != 200 {
		t.Fatalf("multipart: %d %v", st, body)
	}

	calls := tg.Calls("sendMessage")
	if len(calls) != 3 {
		t.Fatalf("calls = %d", len(calls))
	}
	for _, c := range calls {
		var kb telegramtest.InlineKeyboard
		if c.Params["chat_id"] != chat || c.Decode("reply_markup", &kb) != nil || kb.InlineKeyboard[0][0].CallbackData != "go" {
			t.Errorf("%s params = %v", c.Params["text"], c.Params)
		}
	}
	msgs := tg.Messages(w.group.ID)
	if len(msgs) != 3 || msgs[0].MessageID+2 != msgs[2].MessageID || msgs[2].ReplyMarkup == nil {
		t.Fatalf("messages = %+v", msgs)
	}
}

func TestLongPollAnswersOnUpdateAndHonoursCancel(t *testing.T) {
	w := newWorld(t)
	tg := w.tg
	user := tg.AddUser("Carol")
	must(t, tg.SetMember(w.group.ID, user.ID, telegramtest.Member{Status: telegramtest.StatusMember}))

	got := make(chan map[string]any, 1)
	go func() {
		_, body := raw(t, tg, w.bot.Token, "getUpdates", formType, form("timeout", "50"))
		got <- body
	}()
	tg.WaitFor(t, wait, func() bool { return tg.Polling(w.bot.ID) })
	if _, err := tg.Send(w.group.ID, user, "hello"); err != nil {
		t.Fatal(err)
	}
	body := <-got // the 50 s poll must end on the update, well before the test's deadline
	if res := body["result"].([]any); len(res) != 1 || res[0].(map[string]any)["message"] == nil {
		t.Fatalf("poll result = %v", body)
	}

	// confirm it, then cancel a waiting poll: the fake must let go of it
	id := int64(body["result"].([]any)[0].(map[string]any)["update_id"].(float64))
	if _, b := raw(t, tg, w.bot.Token, "getUpdates", formType, form("offset", fmt.Sprint(id+1))); len(b["result"].([]any)) != 0 {
		t.Fatalf("after confirming: %v", b)
	}
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "POST", tg.URL+"/bot"+w.bot.Token+"/getUpdates?timeout=50", nil)
	errc := make(chan error, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		errc <- err
	}()
	tg.WaitFor(t, wait, func() bool { return tg.Polling(w.bot.ID) })
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled poll: err = %v", err)
	}
	tg.WaitFor(t, wait, func() bool { return !tg.Polling(w.bot.ID) })
}

func TestGetUpdatesConflicts(t *testing.T) {
	w := newWorld(t, telegramtest.WithLocalMode()) // the webhook below is on loopback
	tg, tok := w.tg, w.bot.Token
	first := make(chan map[string]any, 1)
	go func() { _, b := raw(t, tg, tok, "getUpdates", formType, form("timeout", "50")); first <- b }()
	tg.WaitFor(t, wait, func() bool { return tg.Polling(w.bot.ID) })
	second := make(chan map[string]any, 1)
	go func() { _, b := raw(t, tg, tok, "getUpdates", formType, form("timeout", "1")); second <- b }()
	if b := <-first; b["error_code"] != 409.0 || !strings.Contains(b["description"].(string), "terminated by other getUpdates request") {
		t.Fatalf("older poll = %v", b)
	}
	<-second

	// setWebhook ends a waiting long poll (telegram-bot-api Client::abort_long_poll).
	polled := make(chan map[string]any, 1)
	go func() { _, b := raw(t, tg, tok, "getUpdates", formType, form("timeout", "50")); polled <- b }()
	tg.WaitFor(t, wait, func() bool { return tg.Polling(w.bot.ID) })
	if st, _ := raw(t, tg, tok, "setWebhook", formType, form("url", "http://127.0.0.1:1/hook")); st != 200 {
		t.Fatalf("setWebhook = %d", st)
	}
	if b := <-polled; b["error_code"] != 409.0 || b["description"] != "Conflict: terminated by setWebhook request" {
		t.Fatalf("poll ended by setWebhook = %v", b)
	}
	if st, _ := raw(t, tg, tok, "deleteWebhook", formType, ""); st != 200 {
		t.Fatalf("deleteWebhook = %d", st)
	}

	b := client(t, tg, w.bot)
	if _, err := b.SetWebhook(context.Background(), &bot.SetWebhookParams{URL: "http://127.0.0.1:1/hook"}); err != nil {
		t.Fatal(err)
	}
	st, body := raw(t, tg, tok, "getUpdates", formType, "")
	if st != 409 || body["description"] != "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first" {
		t.Fatalf("getUpdates with webhook = %d %v", st, body)
	}
	if _, err := b.DeleteWebhook(context.Background(), &bot.DeleteWebhookParams{}); err != nil {
		t.Fatal(err)
	}
	if st, _ := raw(t, tg, tok, "getUpdates", formType, ""); st != 200 {
		t.Fatalf("getUpdates after deleteWebhook = %d", st)
	}
}

// Two bots polling one fake at once each see only their own chats and calls.
func TestConcurrentBotsStayIsolated(t *testing.T) {
	tg := telegramtest.NewServer(t)
	type side struct {
		bt      telegramtest.Bot
		group   telegramtest.Chat
		updates <-chan *models.Update
		b       *bot.Bot
	}
	sides := make([]*side, 2)
	for i := range sides {
		s := &side{bt: tg.AddBot(fmt.Sprintf("bot%d_bot", i)), group: tg.AddSupergroup(fmt.Sprintf("G%d", i))}
		must(t, tg.SetMember(s.group.ID, s.bt.ID, telegramtest.Admin(gateRights)))
		s.b, s.updates = poller(t, tg, s.bt)
		sides[i] = s
	}
	const n = 10
	var wg sync.WaitGroup
	for i, s := range sides {
		wg.Add(1)
		go func() {
			defer wg.Done()
			u := tg.AddUser(fmt.Sprintf("User%d", i))
			_, _ = tg.Join(s.group.ID, u)
			for k := range n {
				_, _ = tg.Send(s.group.ID, u, fmt.Sprintf("m%d", k))
				_, _ = s.b.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: s.group.ID, Text: "ack"})
			}
		}()
	}
	wg.Wait()
	for _, s := range sides {
		seen := 0
		for seen < n {
			u := next(t, s.updates, func(*models.Update) bool { return true })
			chat := updateChat(u)
			if chat != s.group.ID {
				t.Fatalf("bot %d got an update of chat %d", s.bt.ID, chat)
			}
			if u.Message != nil && strings.HasPrefix(u.Message.Text, "m") {
				seen++
			}
		}
		for _, c := range tg.CallsFor(s.bt.Token, "sendMessage") {
			if c.BotID != s.bt.ID || c.Int("chat_id") != s.group.ID || !c.OK {
				t.Fatalf("call %v", c)
			}
		}
	}
}

func updateChat(u *models.Update) int64 {
	switch {
	case u.Message != nil:
		return u.Message.Chat.ID
	case u.ChatMember != nil:
		return u.ChatMember.Chat.ID
	case u.MyChatMember != nil:
		return u.MyChatMember.Chat.ID
	}
	return 0
}
