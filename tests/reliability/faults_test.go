package reliability

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper"
	"github.com/nezuko/nezuko/hooks"
	"github.com/nezuko/nezuko/tests/telegramtest"
	"github.com/nezuko/nezuko/tests/testutil"
)

// The Telegram fault tests (faults_*_test.go) run the real app in-process, with the
// real bot manager running several bots against the fake Bot API, inject faults into
// some bots' calls, and check what users and owners see: the fake's recorded calls
// and members, verification_log, api_call_log, admin_logs, bot_status and health.

// faultWait is the generous deadline every fault test waits with.
const faultWait = 60 * time.Second

// faultRights are a protecting bot's rights in its groups.
var faultRights = telegramtest.AdminRights{CanRestrictMembers: true, CanDeleteMessages: true, CanInviteUsers: true}

// faultBot is one running bot, its required channel and the groups it protects.
type faultBot struct {
	tg      telegramtest.Bot
	rec     string // bot_instances record id
	channel telegramtest.Chat
	groups  []telegramtest.Chat
}

// faultWorld is the real app with its running bot manager and the fake Telegram.
type faultWorld struct {
	t    testing.TB
	tg   *telegramtest.Server
	app  *tests.TestApp
	svc  *hooks.Services
	bots []*faultBot
	seq  int // users made so far (unique names)
}

// newFaultWorld builds nBots bots, each an admin of its own channel and of groupsPerBot
// supergroups it protects (one linked channel each), starts the bot manager and waits
// until every bot long-polls. rights, when set, overrides a bot's rights in a group
// (bot index, group index).
func newFaultWorld(t testing.TB, nBots, groupsPerBot int, rights func(bot, group int) telegramtest.AdminRights) *faultWorld {
	t.Helper()
	tg := telegramtest.NewServer(t)
	app, svc := testutil.NewAppWithServices(t, testutil.Options{APIURL: tg.URL})
	w := &faultWorld{t: t, tg: tg, app: app, svc: svc}
	ttl, err := app.FindFirstRecordByData(c.AdminConfig, c.FieldKey, c.ConfigWarningTTL)
	faultMust(t, err)
	ttl.Set(c.FieldValue, 0) // warnings stay, so that a test can see every one of them
	faultMust(t, app.Save(ttl))
	for i := range nBots {
		b := &faultBot{tg: tg.AddBot(fmt.Sprintf("fault%d_bot", i))}
		b.channel = tg.AddChannel(fmt.Sprintf("News %d", i), fmt.Sprintf("news%d", i))
		faultMust(t, tg.SetMember(b.channel.ID, b.tg.ID, telegramtest.Admin(telegramtest.AdminRights{CanInviteUsers: true})))
		for j := range groupsPerBot {
			g := tg.AddSupergroup(fmt.Sprintf("Group %d.%d", i, j))
			r := faultRights
			if rights != nil {
				r = rights(i, j)
			}
			faultMust(t, tg.SetMember(g.ID, b.tg.ID, telegramtest.Admin(r)))
			b.groups = append(b.groups, g)
		}
		tg.SetAllowedUpdates(b.tg.ID, gatekeeper.AllowedUpdates)
		rec, err := c.NewBotInstance(app)
		faultMust(t, err)
		rec.SetTokenEncrypted(b.tg.Token) // the save hook checks it with getMe and seals it
		faultMust(t, app.Save(rec))
		b.rec = rec.Id
		w.protect(b)
		w.bots = append(w.bots, b)
	}
	svc.Bots.Start(context.Background())
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), faultWait)
		defer cancel()
		svc.Bots.Close(ctx)
	})
	tg.WaitFor(t, faultWait, func() bool {
		for _, b := range w.bots {
			if !tg.Polling(b.tg.ID) {
				return false
			}
		}
		return true
	})
	return w
}

// protect stores the bot's channel and its groups, each linked to that channel.
func (w *faultWorld) protect(b *faultBot) {
	ch, err := c.NewEnforcedChannel(w.app)
	faultMust(w.t, err)
	ch.SetChannelID(b.channel.ID)
	ch.SetTitle(b.channel.Title)
	ch.SetUsername(b.channel.Username)
	ch.SetInviteLink("https://t.me/" + b.channel.Username)
	faultMust(w.t, w.app.Save(ch))
	for _, g := range b.groups {
		pg, err := c.NewProtectedGroup(w.app)
		faultMust(w.t, err)
		pg.SetGroupID(g.ID)
		pg.SetTitle(g.Title)
		pg.SetBotInstanceRef(b.rec)
		faultMust(w.t, w.app.Save(pg))
		l, err := c.NewGroupChannelLink(w.app, pg.Id, ch.Id)
		faultMust(w.t, err)
		faultMust(w.t, w.app.Save(l))
	}
}

// faultJoin is one user who joined one group (and is not in its channel, so the
// decision is to restrict them).
type faultJoin struct {
	bot   *faultBot
	group telegramtest.Chat
	user  telegramtest.User
	at    time.Time
}

// join makes perGroup new users join every group of the given bots.
func (w *faultWorld) join(perGroup int, bots ...*faultBot) []faultJoin {
	w.t.Helper()
	var out []faultJoin
	for _, b := range bots {
		for _, g := range b.groups {
			for range perGroup {
				w.seq++
				u := w.tg.AddUser(fmt.Sprintf("User%04d", w.seq))
				at := time.Now()
				if _, err := w.tg.Join(g.ID, u); err != nil {
					w.t.Fatal(err)
				}
				out = append(out, faultJoin{bot: b, group: g, user: u, at: at})
			}
		}
	}
	return out
}

// restricted reports whether the user is muted in the group now.
func (w *faultWorld) restricted(j faultJoin) bool {
	m := w.tg.Member(j.group.ID, j.user.ID)
	return m.Status == telegramtest.StatusRestricted && !m.Permissions.CanSendMessages
}

// warned reports whether the bot has a live warning with buttons for the user.
func (w *faultWorld) warned(j faultJoin) bool {
	for _, m := range w.tg.Messages(j.group.ID) {
		if m.From != nil && m.From.ID == j.bot.tg.ID && m.ReplyMarkup != nil && strings.Contains(m.Text, j.user.FirstName) {
			return true
		}
	}
	return false
}

// waitServed waits until every join is restricted and warned.
func (w *faultWorld) waitServed(joins []faultJoin) {
	w.t.Helper()
	ok := w.tg.Await(faultWait, func() bool {
		for _, j := range joins {
			if !w.restricted(j) || !w.warned(j) {
				return false
			}
		}
		return true
	})
	if !ok {
		for _, j := range joins {
			if !w.restricted(j) || !w.warned(j) {
				w.t.Errorf("%s in %q (bot %d): restricted %v, warned %v", j.user.FirstName, j.group.Title,
					j.bot.tg.ID, w.restricted(j), w.warned(j))
			}
		}
		w.t.FailNow()
	}
}

// flush writes the queued log rows.
func (w *faultWorld) flush() {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), faultWait)
	defer cancel()
	faultMust(w.t, w.svc.Logs.Flush(ctx))
}

// verifications returns the verification_log rows of a user in a group.
func (w *faultWorld) verifications(j faultJoin) []*core.Record {
	w.t.Helper()
	rows, err := w.app.FindAllRecords(c.VerificationLog,
		dbx.HashExp{c.FieldUserID: j.user.ID, c.FieldGroupID: j.group.ID})
	faultMust(w.t, err)
	return rows
}

// wantOneRestrictedRow checks that each join's decision was logged exactly once, as
// restricted for the bot's channel (flush first).
func (w *faultWorld) wantOneRestrictedRow(joins []faultJoin) {
	w.t.Helper()
	for _, j := range joins {
		rows := w.verifications(j)
		if len(rows) != 1 || rows[0].GetString(c.FieldStatus) != c.Restricted ||
			rows[0].GetInt(c.FieldChannelID) != int(j.bot.channel.ID) {
			var got []string
			for _, r := range rows {
				got = append(got, r.GetString(c.FieldStatus)+"/"+r.GetString(c.FieldErrorType))
			}
			w.t.Errorf("verification_log of %s in %q = %v, want one restricted row", j.user.FirstName, j.group.Title, got)
		}
	}
}

// adminLogs returns the admin_logs rows of a level whose message contains every part.
func (w *faultWorld) adminLogs(level string, parts ...string) []*core.Record {
	w.t.Helper()
	rows, err := w.app.FindAllRecords(c.AdminLogs, dbx.HashExp{c.FieldLevel: level})
	faultMust(w.t, err)
	var out []*core.Record
	for _, r := range rows {
		msg, all := r.GetString(c.FieldMessage), true
		for _, p := range parts {
			all = all && strings.Contains(msg, p)
		}
		if all {
			out = append(out, r)
		}
	}
	return out
}

// statusRow is the bot's bot_status row, or nil.
func (w *faultWorld) statusRow(b *faultBot) *c.BotStatusRow {
	rec, err := w.app.FindFirstRecordByData(c.BotStatus, c.FieldBotInstance, b.rec)
	if err != nil {
		return nil
	}
	return c.Wrap(&c.BotStatusRow{}, rec)
}

// eventually polls cond (database state changes without notifying anyone) until it
// holds, failing the test after faultWait.
func (w *faultWorld) eventually(what string, cond func() bool) {
	w.t.Helper()
	deadline := time.Now().Add(faultWait)
	for !cond() {
		if time.Now().After(deadline) {
			w.t.Fatalf("%s: not within %s", what, faultWait)
		}
		time.Sleep(10 * time.Millisecond) // poll the database, bounded by the deadline
	}
}

// callKey identifies the attempts of one logical call: same bot, method and target
// (chat and user; for sendMessage the text, which names the user).
type callKey struct {
	token, method, chat, user, text string
}

func keyOf(call telegramtest.Call) callKey {
	k := callKey{token: call.Token, method: call.Method, chat: call.Params["chat_id"], user: call.Params["user_id"]}
	if call.Method == "sendMessage" {
		k.text = call.Params["text"]
	}
	return k
}

// attempts groups the recorded calls of the methods by logical call, oldest first.
func (w *faultWorld) attempts(methods ...string) map[callKey][]telegramtest.Call {
	out := map[callKey][]telegramtest.Call{}
	for _, m := range methods {
		for _, call := range w.tg.Calls(m) {
			out[keyOf(call)] = append(out[keyOf(call)], call)
		}
	}
	return out
}

// callsOf counts a bot's recorded calls of a method ("" for all) since a time.
func (w *faultWorld) callsOf(b *faultBot, method string, since time.Time) int {
	n := 0
	for _, call := range w.tg.CallsFor(b.tg.Token, method) {
		if !call.Time.Before(since) {
			n++
		}
	}
	return n
}

func faultMust(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
