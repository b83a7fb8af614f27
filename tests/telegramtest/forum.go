package telegramtest

import "fmt"

// Forum supergroups: topics and the messages in them.
//
// In a forum (a supergroup with is_forum) every topic is identified by the id of
// its forum_topic_created service message, its message_thread_id; the messages of a
// topic carry that message_thread_id, is_topic_message and, unless they reply to
// something else, reply_to_message = the topic's service message. Messages in the
// General topic carry neither. sendMessage with a message_thread_id that is not a
// topic of the forum (the General topic's 1 included) answers 400 "Bad Request:
// message thread not found"; outside forums Telegram ignores message_thread_id
// (tdlib/telegram-bot-api, Client::check_message_topic).

// topicState is one forum topic.
type topicState struct {
	name    string
	created *msgState // the forum_topic_created service message
}

// generalTopicID is the General topic's id, which no method accepts as a thread.
const generalTopicID = 1

// AddForum creates a forum supergroup (topics enabled).
func (s *Server) AddForum(title string) Chat {
	return s.AddChat(Chat{Type: ChatSupergroup, Title: title, IsForum: true})
}

// AddTopic creates a topic in a forum as its owner would and returns its
// message_thread_id. Telegram posts (and sends the bots) the topic's
// forum_topic_created service message.
func (s *Server) AddTopic(chatID int64, name string) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := s.chats[chatID]
	if ch == nil || !ch.IsForum {
		return 0, fmt.Errorf("telegramtest: chat %d is not a forum", chatID)
	}
	var owner *User
	for _, id := range ch.order {
		if ch.members[id].Status == StatusCreator {
			owner = s.users[id]
		}
	}
	if ch.nextMsgID < generalTopicID {
		ch.nextMsgID = generalTopicID // message 1 is the General topic's
	}
	m := s.newMessage(ch, owner, 0)
	m.MessageThreadID, m.IsTopicMessage = m.MessageID, true
	m.ForumTopicCreated = &TopicCreated{Name: name, IconColor: 7322096}
	if ch.topics == nil {
		ch.topics = map[int]*topicState{}
	}
	ch.topics[m.MessageID] = &topicState{name: name, created: m}
	s.deliverMessage(ch, &m.Message, true)
	return m.MessageID, nil
}

// SendInTopic posts a text message from a user in a forum topic (threadID from
// AddTopic), like Send.
func (s *Server) SendInTopic(chatID int64, threadID int, from User, text string) (Message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, u, err := s.scene(chatID, from.ID)
	if err != nil {
		return Message{}, err
	}
	if ch.topic(threadID) == nil {
		return Message{}, fmt.Errorf("telegramtest: chat %d has no topic %d", chatID, threadID)
	}
	if err := s.maySend(ch, u); err != nil {
		return Message{}, err
	}
	return s.post(ch, text, func(m *msgState) {
		m.From = u
		ch.placeInTopic(m, threadID)
	})
}

// DeleteTopic deletes a forum topic with all its messages, as an admin does.
func (s *Server) DeleteTopic(chatID int64, threadID int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := s.chats[chatID]
	if ch == nil || ch.topic(threadID) == nil {
		return fmt.Errorf("telegramtest: chat %d has no topic %d", chatID, threadID)
	}
	delete(ch.topics, threadID)
	for _, m := range ch.msgs {
		if m.MessageThreadID == threadID {
			m.deleted = true
		}
	}
	s.notify()
	return nil
}

// topic returns a forum's topic, nil when the chat is no forum or has no such topic.
func (ch *chatState) topic(threadID int) *topicState {
	if !ch.IsForum {
		return nil
	}
	return ch.topics[threadID]
}

// placeInTopic puts a new message into a topic. Callers hold s.mu.
func (ch *chatState) placeInTopic(m *msgState, threadID int) {
	t := ch.topic(threadID)
	if t == nil {
		return
	}
	m.MessageThreadID, m.IsTopicMessage = threadID, true
	if m.ReplyToMessage == nil {
		snap := t.created.snapshot()
		m.ReplyToMessage = &snap
	}
}

// threadParam applies sendMessage's message_thread_id: a topic of a forum, else
// 400 "message thread not found"; ignored outside forums.
func (ch *chatState) threadParam(p params) (int, *apiError) {
	id := int(p.intOr("message_thread_id", 0))
	if id <= 0 || !ch.IsForum {
		return 0, nil
	}
	if ch.topic(id) == nil { // the General topic (1) included
		return 0, badRequest("message thread not found")
	}
	return id, nil
}
