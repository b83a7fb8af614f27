package gatekeeper_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode/utf16"

	"github.com/go-telegram/bot/models"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper"
	"github.com/nezuko/nezuko/tests/telegramtest"
	"github.com/nezuko/nezuko/tests/testutil"
)

// rawUpdates takes the bot's pending updates from the fake as raw JSON, as Telegram
// sends them, and moves the pump's offset past them.
func (w *world) rawUpdates() []json.RawMessage {
	w.t.Helper()
	form := url.Values{"offset": {strconv.FormatInt(w.offset, 10)}, "timeout": {"0"}}
	resp, err := http.PostForm(w.tg.URL+"/bot"+w.gate.Token+"/getUpdates", form)
	must(w.t, err)
	defer resp.Body.Close()
	var out struct {
		Result []json.RawMessage `json:"result"`
	}
	must(w.t, json.NewDecoder(resp.Body).Decode(&out))
	for _, raw := range out.Result {
		var u struct {
			ID int64 `json:"update_id"`
		}
		must(w.t, json.Unmarshal(raw, &u))
		w.offset = u.ID + 1
	}
	return out.Result
}

// oddWorld is a protected group (linked to one channel) served by an engine whose
// recovered panics are watched, plus the updates of a usual day in it (joins, a leave,
// commands, a join request, a private /start) as raw JSON.
func oddWorld(tb testing.TB) (*world, telegramtest.Chat, *testutil.PanicWatch, []json.RawMessage) {
	w := newWorld(tb)
	group, news := w.supergroup("Fans <b>&amp;</b>"), w.channel("News", "news")
	w.protect(w.botRec, true, group, news)
	// These tests are about parsing, not pacing: no message waits for the rate limits.
	w.setConfig(c.ConfigRatePerBot, 1_000_000)
	w.setConfig(c.ConfigRatePerGroup, 1_000_000)
	watch := &testutil.PanicWatch{}
	w.start(false, func(cfg *gatekeeper.Config) { cfg.Logger = slog.New(watch) })

	owner, alice, bob := w.tg.Owner(group.ID), w.tg.AddUser("Alice"), w.tg.AddUser("<i>Bob</i>")
	w.member(alice, news)
	mustV[telegramtest.Message](tb)(w.tg.Join(group.ID, alice))
	mustV[telegramtest.Message](tb)(w.tg.Send(group.ID, alice, "hello"))
	mustV[telegramtest.Message](tb)(w.tg.Join(group.ID, bob))
	mustV[telegramtest.Message](tb)(w.tg.Send(group.ID, bob, "hi </b><a href=\"tg://x\">"))
	mustV[telegramtest.Message](tb)(w.tg.Leave(news.ID, alice))
	for _, cmd := range []string{"/status", "/settings", "/settings warning_text Hi {user} <b>", "/settings mode observe",
		"/settings exempt add 12345", "/protect @news", "/unprotect @nothing", "/help@gate_bot"} {
		mustV[telegramtest.Message](tb)(w.tg.Send(group.ID, owner, cmd))
	}
	mustV[telegramtest.Message](tb)(w.tg.SendPrivate(w.gate, bob, "/start"))
	mustV[telegramtest.Message](tb)(w.tg.SendAsChat(group.ID, "anonymous admin"))
	w.tg.LinkChat(group.ID, news.ID)
	mustV[telegramtest.Message](tb)(w.tg.AutoForward(news.ID, "a channel post"))
	must(tb, w.tg.RequestJoin(group.ID, w.tg.AddUser("Carol")))
	return w, group, watch, w.rawUpdates()
}

// oddUpdates are hand-made updates Telegram would not send, or sends rarely: missing
// parts, wrong types, ids and texts at the edges, callbacks with odd data.
func oddUpdates(groupID, channelID, userID int64) []string {
	g, ch, u := strconv.FormatInt(groupID, 10), strconv.FormatInt(channelID, 10), strconv.FormatInt(userID, 10)
	from := `"from":{"id":` + u + `,"is_bot":false,"first_name":"Eve"}`
	chat := `"chat":{"id":` + g + `,"type":"supergroup","title":"Fans"}`
	return []string{
		`{"update_id":1}`,
		`{"update_id":1,"message":{}}`,
		`{"update_id":1,"message":{"message_id":1,"date":0,` + chat + `}}`,
		`{"update_id":1,"message":{"message_id":1,` + from + `,"chat":{"id":0,"type":""},"text":"/status"}}`,
		`{"update_id":1,"message":{"message_id":-1,` + from + `,` + chat + `,"text":"/settings warning_text ` + strings.Repeat("é", 1500) + `"}}`,
		`{"update_id":1,"message":{"message_id":1,` + from + `,` + chat + `,"text":"/settings exempt add 99999999999999999999"}}`,
		`{"update_id":1,"message":{"message_id":1,` + from + `,` + chat + `,"text":"/protect @` + strings.Repeat("x", 300) + `"}}`,
		`{"update_id":1,"message":{"message_id":1,` + from + `,` + chat + `,"text":"\u202e/status\u0000"}}`,
		`{"update_id":1,"message":{"message_id":1,` + from + `,` + chat + `,"new_chat_members":[{"id":0,"is_bot":false,"first_name":""},{"id":-5,"is_bot":true,"first_name":"x"}]}}`,
		`{"update_id":1,"message":{"message_id":1,` + chat + `,"new_chat_members":[]}}`,
		`{"update_id":1,"message":{"message_id":1,` + from + `,` + chat + `,"left_chat_member":{"id":` + u + `,"is_bot":false,"first_name":"Eve"}}}`,
		`{"update_id":1,"message":{"message_id":1,"sender_chat":{"id":` + ch + `,"type":"channel"},` + chat + `,"text":"post"}}`,
		`{"update_id":1,"message":{"message_id":1,` + from + `,` + chat + `,"text":"x","entities":[{"type":"bot_command","offset":99,"length":-3}]}}`,
		`{"update_id":1,"chat_member":{"chat":{"id":` + g + `,"type":"supergroup"},` + from + `,"date":0,"old_chat_member":{"status":"left","user":{"id":` + u + `}},"new_chat_member":{"status":"member","user":{"id":` + u + `}}}}`,
		`{"update_id":1,"chat_member":{"chat":{"id":` + ch + `,"type":"channel"},` + from + `,"date":0,"old_chat_member":{"status":"member","user":{"id":` + u + `}},"new_chat_member":{"status":"kicked","user":{"id":` + u + `},"until_date":-1}}}`,
		`{"update_id":1,"chat_member":{"chat":{"id":` + g + `,"type":"supergroup"},"date":0,"old_chat_member":{"status":"nonsense"},"new_chat_member":{"status":"restricted"}}}`,
		`{"update_id":1,"chat_member":{"chat":{"id":` + g + `,"type":"supergroup"},"date":0}}`,
		`{"update_id":1,"my_chat_member":{"chat":{"id":` + g + `,"type":"supergroup"},` + from + `,"date":0,"old_chat_member":{"status":"administrator","user":{"id":1}},"new_chat_member":{"status":"member","user":{"id":1}}}}`,
		`{"update_id":1,"my_chat_member":{"chat":{"id":-42,"type":"group","title":"<b>new</b>"},"date":0,"new_chat_member":{"status":"administrator","user":{"id":1},"can_restrict_members":true}}}`,
		`{"update_id":1,"callback_query":{"id":"q1",` + from + `,"data":"nzv:` + u + `"}}`,
		`{"update_id":1,"callback_query":{"id":"q2",` + from + `,"data":"nzv:abc","message":{"message_id":1,` + chat + `}}}`,
		`{"update_id":1,"callback_query":{"id":"q3",` + from + `,"data":"nzj:` + g + `"}}`,
		`{"update_id":1,"callback_query":{"id":"q4",` + from + `,"data":"nzj:-9223372036854775808","message":{"message_id":1,"date":0,"chat":{"id":1,"type":"private"}}}}`,
		`{"update_id":1,"callback_query":{"id":"","data":"","message":{"message_id":1,"date":0,` + chat + `}}}`,
		`{"update_id":1,"chat_join_request":{"chat":{"id":` + g + `,"type":"supergroup"},` + from + `,"user_chat_id":0,"date":0}}`,
		`{"update_id":1,"chat_join_request":{"chat":{"id":` + g + `,"type":"supergroup"},"date":0}}`,
		`{"update_id":1,"message":{"message_id":1,` + from + `,` + chat + `,"text":"a"},"callback_query":{"id":"q5","data":"nzv:1"}}`,
	}
}

// handleRaw decodes raw as the bot library does and hands it to the engine under the
// next update_id; it reports whether raw was an update at all.
func handleRaw(w *world, raw []byte, id int64) bool {
	var u models.Update
	if json.Unmarshal(raw, &u) != nil {
		return false
	}
	u.ID = id
	w.e.Handle(context.Background(), w.b, &u)
	return true
}

// FuzzUpdate hands arbitrary JSON updates to a running engine (real app, fake
// Telegram): whatever the update, the engine never panics.
func FuzzUpdate(f *testing.F) {
	w, group, watch, usual := oddWorld(f)
	for _, raw := range usual {
		f.Add([]byte(raw))
	}
	for _, s := range oddUpdates(group.ID, -1009, w.tg.Owner(group.ID).ID) {
		f.Add([]byte(s))
	}
	var mu sync.Mutex // guards next: inputs run one at a time, but say so
	next := int64(1)
	f.Fuzz(func(t *testing.T, raw []byte) {
		mu.Lock()
		id := next
		next++
		mu.Unlock()
		handleRaw(w, raw, id)
		if p := watch.Take(); len(p) > 0 {
			t.Fatalf("update %s: %s", raw, p)
		}
	})
}

// After every odd update above (and a usual day), the engine still serves: a
// non-member who joins is restricted and warned.
func TestEngineServesAfterOddUpdates(t *testing.T) {
	w, group, watch, usual := oddWorld(t)
	id, handled := int64(1), 0
	all := append(usual, toRaw(oddUpdates(group.ID, -1009, w.tg.Owner(group.ID).ID))...)
	for _, raw := range all {
		if handleRaw(w, raw, id) { // the bot library drops what does not decode
			handled++
		}
		id++
	}
	if handled < len(all)-2 {
		t.Fatalf("only %d of %d updates decoded", handled, len(all))
	}
	if p := watch.Take(); len(p) > 0 {
		t.Fatalf("panics: %s", p)
	}
	w.command(group, w.tg.Owner(group.ID), "/settings mode enforce", "mode = enforce")
	dave := w.tg.AddUser("Dave")
	mustV[telegramtest.Message](t)(w.tg.Join(group.ID, dave))
	w.pump()
	w.tg.WaitFor(t, wait, func() bool { return w.tg.Member(group.ID, dave.ID).Status == telegramtest.StatusRestricted })
}

func toRaw(ss []string) []json.RawMessage {
	out := make([]json.RawMessage, len(ss))
	for i, s := range ss {
		out[i] = json.RawMessage(s)
	}
	return out
}

// Names and texts people control, each trying to close the bot's markup and open a link
// or a bold run of its own.
const (
	evilGroup    = `Cats </a><a href="tg://x">&amp; <b>Dogs</b>`
	evilChannel  = `Club </a><a href="https://evil.example">&lt;VIP&gt;</a>`
	evilName     = `</a><a href="tg://x">Eve</a> &amp; <b>`
	evilTemplate = `Hi {user}! <b>bold?</b> &amp; <a href="https://evil.example">click</a> — join {channels} in {group}`
)

// No HTML injection: a user's first name, the group's and a channel's titles and a
// custom warning_text full of markup reach Telegram escaped. The fake parses parse_mode
// HTML as Telegram does (refusing bad markup with 400), so every message the bot sent
// was accepted, shows the literal text, and carries no link or entity the text made.
func TestNoHTMLInjectionInBotMessages(t *testing.T) {
	w := newWorld(t)
	group := w.supergroup(evilGroup)
	news, club := w.channel("<i>News</i>", "news"), w.channel(evilChannel, "")
	w.protect(w.botRec, true, group, news, club)
	w.setParams(group, func(p *c.GroupParams) { p.WarningText = evilTemplate })
	w.start(false)

	eve := w.tg.AddUser(evilName)
	mustV[telegramtest.Message](t)(w.tg.Join(group.ID, eve))
	w.pump()
	warning := w.tg.WaitMessage(t, wait, group.ID, func(m telegramtest.Message) bool { return m.ReplyMarkup != nil })
	want := `Hi ` + evilName + `! <b>bold?</b> &amp; <a href="https://evil.example">click</a> — join @news, ` + evilChannel + ` in ` + evilGroup
	if warning.Text != want {
		t.Fatalf("warning shows\n%q\nwant\n%q", warning.Text, want)
	}
	owner := w.tg.Owner(group.ID)
	w.command(group, owner, "/status", evilChannel)
	w.command(group, owner, "/settings", "bold?")
	// Added to another such group, the bot posts its setup hint there.
	other := w.tg.AddSupergroup(evilGroup)
	adder := w.tg.Owner(other.ID)
	mustV[telegramtest.Message](t)(w.tg.ChangeMember(other.ID, w.gate.ID, telegramtest.Admin(gateRights), adder))
	w.pump()
	w.tg.WaitMessage(t, wait, other.ID, func(m telegramtest.Message) bool { return strings.Contains(m.Text, "Thanks for adding me") })

	sent := 0
	for _, call := range w.tg.Calls("sendMessage") {
		if !call.OK && call.ErrorCode != http.StatusBadRequest {
			continue // e.g. 403: the hint tried the adder's private chat first
		}
		if !call.OK {
			t.Fatalf("Telegram refused the bot's message (%d %s): %q", call.ErrorCode, call.Description, call.Params["text"])
		}
		var m telegramtest.Message
		must(t, json.Unmarshal(call.Result, &m))
		checkNoInjectedEntity(t, m, eve.ID, adder.ID)
		sent++
	}
	if sent < 4 {
		t.Fatalf("%d messages checked, want the warning, /status, /settings and the hint", sent)
	}
}

// checkNoInjectedEntity fails t if m has a link, a mention of someone but users, or an
// entity that covers exactly a word the injected markup wrapped.
func checkNoInjectedEntity(t *testing.T, m telegramtest.Message, users ...int64) {
	t.Helper()
	text := utf16.Encode([]rune(m.Text))
	for _, e := range m.Entities {
		if e.Offset < 0 || e.Length < 0 || e.Offset+e.Length > len(text) {
			t.Fatalf("entity %+v out of the text %q", e, m.Text)
		}
		covered := string(utf16.Decode(text[e.Offset : e.Offset+e.Length]))
		switch {
		case e.Type == "text_link" || e.URL != "":
			t.Fatalf("link %q on %q in %q", e.URL, covered, m.Text)
		case e.Type == "text_mention" && (e.User == nil || !slices.Contains(users, e.User.ID)):
			t.Fatalf("mention %+v on %q in %q", e.User, covered, m.Text)
		case slices.Contains([]string{"Dogs", "bold?", "click", "News", "VIP", "<VIP>", "Eve"}, covered):
			t.Fatalf("%s entity on the injected %q in %q", e.Type, covered, m.Text)
		}
	}
}
