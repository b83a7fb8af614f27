package telegramtest

import (
	"encoding/json"
	"reflect"
)

// newMessage appends a message to a chat with the next id. Callers hold s.mu.
func (s *Server) newMessage(ch *chatState, from *User, botID int64) *msgState {
	ch.nextMsgID++
	m := &msgState{Message: Message{MessageID: ch.nextMsgID, Date: s.unix(), Chat: ch.Chat}, botID: botID}
	if from != nil {
		u := *from
		m.From = &u
	}
	ch.msgs = append(ch.msgs, m)
	return m
}

// findMessage returns a live message of a chat.
func (ch *chatState) findMessage(id int64) *msgState {
	for _, m := range ch.msgs {
		if int64(m.MessageID) == id && !m.deleted {
			return m
		}
	}
	return nil
}

// snapshot copies a message for handing out (callers hold s.mu).
func (m *msgState) snapshot() Message {
	out := m.Message
	out.Entities = append([]MessageEntity(nil), m.Entities...)
	if m.ReplyMarkup != nil {
		kb := InlineKeyboard{}
		for _, row := range m.ReplyMarkup.InlineKeyboard {
			kb.InlineKeyboard = append(kb.InlineKeyboard, append([]Button(nil), row...))
		}
		out.ReplyMarkup = &kb
	}
	return out
}

// parseMarkup reads reply_markup; only inline keyboards stay on a message.
func parseMarkup(p params) (*InlineKeyboard, *apiError) {
	raw := p["reply_markup"]
	if raw == "" || raw == "null" {
		return nil, nil
	}
	var probe map[string]json.RawMessage
	if json.Unmarshal([]byte(raw), &probe) != nil {
		return nil, badRequest("can't parse reply keyboard markup JSON object")
	}
	ik, ok := probe["inline_keyboard"]
	if !ok {
		return nil, nil
	}
	var kb InlineKeyboard
	if json.Unmarshal(ik, &kb.InlineKeyboard) != nil {
		return nil, badRequest("can't parse inline keyboard button: InlineKeyboardButton must be an Object")
	}
	for i, row := range kb.InlineKeyboard {
		for j, b := range row {
			if b.CopyText != nil && b.CopyText.Text == "" {
				b.CopyText = nil // go-telegram/bot always sends an empty copy_text
			}
			switch {
			case b.Text == "":
				return nil, badRequest("BUTTON_TEXT_INVALID")
			case len(b.CallbackData) > 64:
				return nil, badRequest("BUTTON_DATA_INVALID")
			case b.URL != "" && normalizeURL(b.URL) == "":
				return nil, badRequest("BUTTON_URL_INVALID")
			case b.URL == "" && b.CallbackData == "" && b.SwitchInlineQuery == nil && b.SwitchInlineQueryCurrentChat == nil &&
				b.WebApp == nil && b.LoginURL == nil && b.CopyText == nil && !b.Pay:
				return nil, badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
			}
			kb.InlineKeyboard[i][j] = b
		}
	}
	return &kb, nil
}

// textParams reads text, parse_mode and entities.
func textParams(p params) (string, []MessageEntity, *apiError) {
	text := p["text"]
	if text == "" {
		return "", nil, badRequest("message text is empty")
	}
	if !validUTF8(text) {
		return "", nil, badRequest("strings must be encoded in UTF-8")
	}
	var explicit []MessageEntity
	if p["entities"] != "" && p.decode("entities", &explicit) != nil {
		return "", nil, badRequest("can't parse entities JSON object")
	}
	return formatText(text, p["parse_mode"], explicit)
}

// fillMentions completes text_mention users from what the fake knows.
func (s *Server) fillMentions(ents []MessageEntity) {
	for i, e := range ents {
		if e.Type == "text_mention" && e.User != nil {
			if u := s.users[e.User.ID]; u != nil {
				cp := *u
				ents[i].User = &cp
			}
		}
	}
}

func sendMessage(s *Server, r *request) (any, *apiError) {
	ch, aerr := s.chatFor(r, accessSend)
	if aerr != nil {
		return nil, aerr
	}
	text, ents, aerr := textParams(r.p)
	if aerr != nil {
		return nil, aerr
	}
	markup, aerr := parseMarkup(r.p)
	if aerr != nil {
		return nil, aerr
	}
	thread, aerr := ch.threadParam(r.p)
	if aerr != nil {
		return nil, aerr
	}
	me := ch.member(r.bot.user.ID, s.unix())
	switch {
	case ch.Type == ChatChannel && !me.can(canPost):
		return nil, badRequest("need administrator rights in the channel chat")
	case me.Status == StatusRestricted && !me.Permissions.CanSendMessages:
		return nil, badRequest("not enough rights to send text messages to the chat")
	}
	var reply *Message
	replyTo := r.p.intOr("reply_to_message_id", 0)
	allowWithout := r.p.boolean("allow_sending_without_reply")
	if r.p["reply_parameters"] != "" {
		var rp struct {
			MessageID                int64 `json:"message_id"`
			AllowSendingWithoutReply bool  `json:"allow_sending_without_reply"`
		}
		_ = r.p.decode("reply_parameters", &rp)
		replyTo, allowWithout = rp.MessageID, rp.AllowSendingWithoutReply
	}
	if replyTo != 0 {
		if target := ch.findMessage(replyTo); target != nil {
			snap := target.snapshot()
			snap.ReplyToMessage = nil
			reply = &snap
		} else if !allowWithout {
			return nil, badRequest("message to be replied not found")
		}
	}
	var from *User
	if ch.Type != ChatChannel {
		from = &r.bot.user
	}
	m := s.newMessage(ch, from, r.bot.user.ID)
	if ch.Type == ChatChannel {
		c := ch.Chat
		m.SenderChat = &c
	}
	s.fillMentions(ents)
	m.Text, m.Entities, m.ReplyMarkup, m.ReplyToMessage = text, ents, markup, reply
	ch.placeInTopic(m, thread)
	return m.snapshot(), nil
}

func editMessageText(s *Server, r *request) (any, *apiError) {
	if r.p["inline_message_id"] != "" {
		return nil, badRequest("MESSAGE_ID_INVALID")
	}
	ch, aerr := s.chatFor(r, accessMember)
	if aerr != nil {
		return nil, aerr
	}
	m := ch.findMessage(r.p.intOr("message_id", 0))
	if m == nil {
		return nil, badRequest("message to edit not found")
	}
	if m.botID != r.bot.user.ID {
		return nil, badRequest("message can't be edited")
	}
	text, ents, aerr := textParams(r.p)
	if aerr != nil {
		return nil, aerr
	}
	markup, aerr := parseMarkup(r.p)
	if aerr != nil {
		return nil, aerr
	}
	s.fillMentions(ents)
	if text == m.Text && len(ents) == len(m.Entities) && (len(ents) == 0 || reflect.DeepEqual(ents, m.Entities)) && reflect.DeepEqual(markup, m.ReplyMarkup) {
		return nil, badRequest("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")
	}
	m.Text, m.Entities, m.ReplyMarkup, m.EditDate = text, ents, markup, s.unix()
	return m.snapshot(), nil
}

func deleteMessage(s *Server, r *request) (any, *apiError) {
	ch, aerr := s.chatFor(r, accessMember)
	if aerr != nil {
		return nil, aerr
	}
	m := ch.findMessage(r.p.intOr("message_id", 0))
	if m == nil {
		return nil, badRequest("message to delete not found")
	}
	own := m.botID == r.bot.user.ID
	if !own && ch.Type != ChatPrivate && !ch.member(r.bot.user.ID, s.unix()).can(canDelete) {
		return nil, badRequest("message can't be deleted")
	}
	if s.unix()-m.Date > 48*3600 {
		return nil, badRequest("message can't be deleted for everyone")
	}
	m.deleted = true
	return true, nil
}

func answerCallbackQuery(s *Server, r *request) (any, *apiError) {
	id := r.p["callback_query_id"]
	q := s.queries[id]
	// A query is answered once, by its bot, within the deadline (WithCallbackDeadline).
	if _, answered := s.answers[id]; q == nil || answered || q.botID != r.bot.user.ID || s.clock().Sub(q.at) > s.queryTTL {
		return nil, badRequest("query is too old and response timeout expired or query ID is invalid")
	}
	if len([]rune(r.p["text"])) > 200 {
		return nil, badRequest("MESSAGE_TOO_LONG")
	}
	s.answers[id] = CallbackAnswer{
		QueryID: id, BotID: q.botID, UserID: q.userID, Text: r.p["text"],
		ShowAlert: r.p.boolean("show_alert"), URL: r.p["url"], CacheTime: int(r.p.intOr("cache_time", 0)),
	}
	return true, nil
}
