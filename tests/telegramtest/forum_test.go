package telegramtest_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/nezuko/nezuko/tests/telegramtest"
)

// A forum's topics: a member's message carries the topic's message_thread_id and
// is_topic_message; the bot answers into the topic, and a thread the forum does not
// have (the General topic's 1 included) is refused as Telegram does.
func TestForumTopics(t *testing.T) {
	tg := telegramtest.NewServer(t)
	bt := tg.AddBot("gate_bot")
	forum := tg.AddForum("Forum")
	must(t, tg.SetMember(forum.ID, bt.ID, telegramtest.Admin(gateRights)))
	b, updates := poller(t, tg, bt)
	topic, err := tg.AddTopic(forum.ID, "Help")
	must(t, err)
	created := next(t, updates, func(u *models.Update) bool { return u.Message != nil && u.Message.ForumTopicCreated != nil })
	if created.Message.MessageThreadID != topic || !created.Message.IsTopicMessage || !created.Message.Chat.IsForum {
		t.Fatalf("forum_topic_created = %+v", created.Message)
	}

	alice := tg.AddUser("Alice")
	must(t, tg.SetMember(forum.ID, alice.ID, telegramtest.Member{Status: telegramtest.StatusMember}))
	sent, err := tg.SendInTopic(forum.ID, topic, alice, "hello")
	must(t, err)
	u := next(t, updates, func(u *models.Update) bool { return u.Message != nil && u.Message.Text == "hello" })
	if m := u.Message; m.MessageThreadID != topic || !m.IsTopicMessage || m.ReplyToMessage == nil ||
		m.ReplyToMessage.ID != topic || m.ID != sent.MessageID {
		t.Fatalf("topic message = %+v", m)
	}
	if _, err := tg.SendInTopic(forum.ID, 999, alice, "lost"); err == nil {
		t.Fatal("a message went into a topic that does not exist")
	}

	chn := tg.AddChannel("Alice's", "")
	owner := tg.Owner(chn.ID)
	must(t, tg.SetMember(forum.ID, owner.ID, telegramtest.Member{Status: telegramtest.StatusMember}))
	_, err = tg.SendAsChannelInTopic(forum.ID, topic, chn.ID, owner, "as channel")
	must(t, err)
	u = next(t, updates, func(u *models.Update) bool { return u.Message != nil && u.Message.Text == "as channel" })
	if m := u.Message; m.MessageThreadID != topic || !m.IsTopicMessage || m.SenderChat == nil || m.SenderChat.ID != chn.ID {
		t.Fatalf("message as a channel in the topic = %+v", m)
	}

	ctx := context.Background()
	reply, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: forum.ID, MessageThreadID: topic, Text: "welcome"})
	must(t, err)
	if reply.MessageThreadID != topic || !reply.IsTopicMessage {
		t.Fatalf("bot's message in the topic = %+v", reply)
	}
	general, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: forum.ID, Text: "to General"})
	must(t, err)
	if general.MessageThreadID != 0 || general.IsTopicMessage {
		t.Fatalf("bot's message in General = %+v", general)
	}
	for _, thread := range []int{1, 999} {
		_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: forum.ID, MessageThreadID: thread, Text: "x"})
		if !errors.Is(err, bot.ErrorBadRequest) || !strings.Contains(err.Error(), "message thread not found") {
			t.Fatalf("thread %d: %v", thread, err)
		}
	}
	calls := tg.Calls("sendMessage")
	if c := calls[0]; c.Int("message_thread_id") != int64(topic) || !c.OK {
		t.Fatalf("recorded call = %v", c)
	}

	must(t, tg.DeleteTopic(forum.ID, topic))
	_, err = b.SendMessage(ctx, &bot.SendMessageParams{ChatID: forum.ID, MessageThreadID: topic, Text: "gone"})
	if !errors.Is(err, bot.ErrorBadRequest) || !strings.Contains(err.Error(), "message thread not found") {
		t.Fatalf("send into a deleted topic: %v", err)
	}
	for _, m := range tg.Messages(forum.ID) {
		if m.MessageThreadID == topic {
			t.Fatalf("message %d of the deleted topic is still there", m.MessageID)
		}
	}

	// Outside forums Telegram ignores message_thread_id.
	group := tg.AddSupergroup("Plain")
	must(t, tg.SetMember(group.ID, bt.ID, telegramtest.Admin(gateRights)))
	plain, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: group.ID, MessageThreadID: 999, Text: "x"})
	must(t, err)
	if plain.MessageThreadID != 0 || plain.IsTopicMessage {
		t.Fatalf("message in a plain supergroup = %+v", plain)
	}
	if _, err := tg.AddTopic(group.ID, "No"); err == nil {
		t.Fatal("a plain supergroup got a topic")
	}
	chat, err := b.GetChat(ctx, &bot.GetChatParams{ChatID: forum.ID})
	must(t, err)
	if !chat.IsForum {
		t.Fatal("getChat of a forum lacks is_forum")
	}
}
