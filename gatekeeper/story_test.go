package gatekeeper_test

import (
	"strings"
	"testing"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/tests/telegramtest"
)

// What a new owner sees, from /start to a protected group: every reply of the bot is
// logged (go test -run NewOwner -v prints the conversation).
func TestNewOwnerStory(t *testing.T) {
	w := newWorld(t)
	w.start(true)
	group := w.tg.AddSupergroup("Cat Lovers")
	owner := w.tg.Owner(group.ID)
	news := w.tg.AddChannel("Cat News", "catnews")
	must(t, w.tg.SetMember(news.ID, owner.ID, telegramtest.Admin(telegramtest.AdminRights{CanPostMessages: true})))
	show := func(who, text string) { t.Logf("\n--- %s ---\n%s", who, text) }
	private := func(text, want string) {
		t.Helper()
		before := len(w.tg.Messages(owner.ID))
		mustV[telegramtest.Message](t)(w.tg.SendPrivate(w.gate, owner, text))
		m := w.tg.WaitMessage(t, wait, owner.ID, func(m telegramtest.Message) bool {
			return m.From != nil && m.From.ID == w.gate.ID && strings.Contains(m.Text, want)
		})
		show("owner → bot (private): "+text, m.Text)
		if before == len(w.tg.Messages(owner.ID)) {
			t.Fatal("no reply")
		}
	}
	inGroup := func(text, want string) {
		t.Helper()
		before := len(w.botTexts(group.ID))
		mustV[telegramtest.Message](t)(w.tg.Send(group.ID, owner, text))
		if !w.tg.Await(wait, func() bool { return contains(w.botTexts(group.ID)[before:], want) }) {
			t.Fatalf("%q → %q, want %q", text, w.botTexts(group.ID)[before:], want)
		}
		show("owner in the group: "+text, strings.Join(w.botTexts(group.ID)[before:], "\n"))
	}

	private("/start", "Set up in four steps")
	if start := w.tg.Messages(owner.ID); !strings.Contains(buttonTexts(start[len(start)-1]), "Add me to a group") {
		t.Fatal("/start has no 'Add me to a group' button")
	}

	// 1. The owner adds the bot as a plain member: the group is recorded, not enforced.
	mustV[telegramtest.Message](t)(w.tg.ChangeMember(group.ID, w.gate.ID, telegramtest.Member{Status: telegramtest.StatusMember}, owner))
	hint := w.tg.WaitMessage(t, wait, owner.ID, func(m telegramtest.Message) bool { return strings.Contains(m.Text, "Thanks for adding me") })
	show("bot → owner (private), after being added", hint.Text)
	var pg *c.ProtectedGroup
	eventually(t, "the group recorded", func() bool {
		rec, err := w.app.FindFirstRecordByData(c.ProtectedGroups, c.FieldGroupID, group.ID)
		if err == nil {
			pg = c.Wrap(&c.ProtectedGroup{}, rec)
		}
		return err == nil
	})
	if pg.Enabled() || pg.BotInstanceRef() != w.botRec {
		t.Fatalf("recorded group: enabled %v, bot %q", pg.Enabled(), pg.BotInstanceRef())
	}
	eventually(t, "health of the new group", func() bool { h := w.health(group); return h.CheckedAt != "" && !h.OK })

	inGroup("/protect @catnews", "I need to be an admin of this group")

	// 2. The owner promotes the bot, and makes it an admin of the channel.
	mustV[telegramtest.Message](t)(w.tg.ChangeMember(group.ID, w.gate.ID, telegramtest.Admin(gateRights), owner))
	inGroup("/protect @catnews", "I need to be an admin of @catnews")
	mustV[telegramtest.Message](t)(w.tg.ChangeMember(news.ID, w.gate.ID, telegramtest.Admin(telegramtest.AdminRights{CanInviteUsers: true}), owner))
	inGroup("/protect @catnews", "Protection is on")
	inGroup("/settings", "Settings of Cat Lovers")
	inGroup("/settings mode observe", "Saved: mode = observe")
	inGroup("/settings mode enforce", "Saved: mode = enforce")
	inGroup("/status", "Protection of Cat Lovers")

	// 3. A newcomer without the channel is muted and warned; after joining, one press.
	alice := w.tg.AddUser("Alice")
	before := len(w.botTexts(group.ID))
	mustV[telegramtest.Message](t)(w.tg.Join(group.ID, alice))
	warn := w.tg.WaitMessage(t, wait, group.ID, func(m telegramtest.Message) bool { return m.ReplyMarkup != nil })
	show("bot in the group, when Alice joins", warn.Text+"\n[buttons: "+buttonTexts(warn)+"]")
	mustV[telegramtest.Message](t)(w.tg.Join(news.ID, alice))
	q := mustV[string](t)(w.tg.Press(alice, warn, "I have joined"))
	w.tg.WaitFor(t, wait, func() bool { _, ok := w.tg.CallbackAnswer(q); return ok })
	a, _ := w.tg.CallbackAnswer(q)
	show("answer to Alice's press", a.Text)
	if w.tg.Member(group.ID, alice.ID).Status != telegramtest.StatusMember || before == len(w.botTexts(group.ID)) {
		t.Fatal("alice was not let in")
	}
}
