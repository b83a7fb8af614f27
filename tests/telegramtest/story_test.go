package telegramtest_test

import (
	"testing"

	"github.com/nezuko/nezuko/tests/telegramtest"
)

// The whole story in a test: join → mute → button → unmute.
func TestJoinMuteButtonUnmute(t *testing.T) {
	tg := telegramtest.NewServer(t)
	gate := tg.AddBot("gate_bot")
	group, channel := tg.AddSupergroup("Fans"), tg.AddChannel("News", "news")
	must(t, tg.SetMember(group.ID, gate.ID, telegramtest.Admin(gateRights)))
	must(t, tg.SetMember(channel.ID, gate.ID, telegramtest.Admin(telegramtest.AdminRights{})))
	t.Cleanup(runGatekeeper(tg, gate, group.ID, channel.ID))

	alice := tg.AddUser("Alice")
	tg.Join(group.ID, alice)
	mute := tg.WaitCall(t, wait, telegramtest.Method("restrictChatMember"))
	warning := tg.WaitMessage(t, wait, group.ID, func(m telegramtest.Message) bool { return m.ReplyMarkup != nil })
	early, _ := tg.Press(alice, warning, "I have joined") // not in the channel yet: an alert
	tg.WaitFor(t, wait, func() bool { a, ok := tg.CallbackAnswer(early); return ok && a.ShowAlert })
	tg.Join(channel.ID, alice)
	tg.Press(alice, warning, "I have joined")
	tg.WaitFor(t, wait, func() bool { return tg.Member(group.ID, alice.ID).Status == telegramtest.StatusMember })

	if mute.Int("user_id") != alice.ID {
		t.Fatalf("mute %v", mute)
	}
	tg.WaitFor(t, wait, func() bool { return len(warnings(tg, group.ID)) == 0 }) // the warning is deleted
}
