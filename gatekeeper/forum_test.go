package gatekeeper_test

import (
	"strings"
	"testing"
	"time"

	"github.com/nezuko/nezuko/gatekeeper"
	"github.com/nezuko/nezuko/tests/telegramtest"
)

// In a forum, the warning about a message and the answer to a command go to the
// topic the message was written in, not to General.
func TestForumWarningsAndRepliesStayInTheirTopic(t *testing.T) {
	w := newWorld(t)
	forum := w.forum("Forum")
	news := w.channel("News", "news")
	w.protect(w.botRec, true, forum, news)
	w.start(false)
	topic := mustV[int](t)(w.tg.AddTopic(forum.ID, "Help"))
	w.pump()

	alice := w.tg.AddUser("Alice")
	w.member(alice, forum)
	msg := mustV[telegramtest.Message](t)(w.tg.SendInTopic(forum.ID, topic, alice, "hello"))
	w.pump()
	w.tg.WaitFor(t, wait, func() bool { return len(w.warnings(forum.ID)) == 1 })
	warn := w.warnings(forum.ID)[0]
	if warn.MessageThreadID != topic || !warn.IsTopicMessage {
		t.Fatalf("warning in thread %d (topic message %v), want topic %d", warn.MessageThreadID, warn.IsTopicMessage, topic)
	}
	for _, m := range w.tg.Messages(forum.ID) {
		if m.MessageID == msg.MessageID {
			t.Fatal("the message without the channel was not deleted")
		}
	}
	if w.tg.Member(forum.ID, alice.ID).Status != telegramtest.StatusRestricted {
		t.Fatal("alice not muted")
	}

	owner := w.tg.Owner(forum.ID)
	mustV[telegramtest.Message](t)(w.tg.SendInTopic(forum.ID, topic, owner, "/status"))
	w.pump()
	reply := w.tg.WaitMessage(t, wait, forum.ID, func(m telegramtest.Message) bool {
		return m.From != nil && m.From.ID == w.gate.ID && strings.Contains(m.Text, "Protection of Forum")
	})
	if reply.MessageThreadID != topic || !reply.IsTopicMessage {
		t.Fatalf("/status answered in thread %d, want topic %d", reply.MessageThreadID, topic)
	}
	// A press whose check outlasts the quick answer: the outcome follows in the topic.
	w.tg.InjectFault(telegramtest.Fault{Method: "getChatMember", Kind: telegramtest.FaultDelay, Delay: 2 * time.Second})
	q := mustV[string](t)(w.tg.Press(alice, warn, "I have joined"))
	w.pump()
	w.answered(q)
	late := w.tg.WaitMessage(t, wait, forum.ID, func(m telegramtest.Message) bool {
		return m.From != nil && m.From.ID == w.gate.ID && strings.Contains(m.Text, gatekeeper.AnswerMissing)
	})
	if late.MessageThreadID != topic {
		t.Fatalf("late outcome in thread %d, want topic %d", late.MessageThreadID, topic)
	}

	// A message sent as a foreign channel in the topic: its warning stays in the topic.
	mallory := w.tg.AddUser("Mallory")
	w.member(mallory, forum)
	ads := w.ownChannel(mallory, "Ads")
	mustV[telegramtest.Message](t)(w.tg.SendAsChannelInTopic(forum.ID, topic, ads.ID, mallory, "buy"))
	w.pump()
	w.tg.WaitFor(t, wait, func() bool { return len(w.warnings(forum.ID)) == 2 })
	if got := w.warnings(forum.ID)[1]; got.MessageThreadID != topic || !strings.Contains(got.Text, "Ads") {
		t.Fatalf("sender chat warning %q in thread %d, want topic %d", got.Text, got.MessageThreadID, topic)
	}
	for _, c := range w.tg.Calls("sendMessage") {
		if !c.OK {
			t.Fatalf("refused send: %v", c)
		}
	}
}

// A warning for a message whose topic is deleted before the warning is sent goes to
// General instead of being lost.
func TestWarningOfADeletedTopicGoesToGeneral(t *testing.T) {
	w := newWorld(t)
	forum := w.forum("Forum")
	news := w.channel("News", "news")
	w.protect(w.botRec, true, forum, news)
	w.start(false)
	topic := mustV[int](t)(w.tg.AddTopic(forum.ID, "Doomed"))
	alice := w.tg.AddUser("Alice")
	w.member(alice, forum)
	mustV[telegramtest.Message](t)(w.tg.SendInTopic(forum.ID, topic, alice, "hello"))
	must(t, w.tg.DeleteTopic(forum.ID, topic))
	w.pump()
	w.tg.WaitFor(t, wait, func() bool { return len(w.warnings(forum.ID)) == 1 })
	if got := w.warnings(forum.ID)[0]; got.MessageThreadID != 0 {
		t.Fatalf("warning in thread %d, want General", got.MessageThreadID)
	}
}
