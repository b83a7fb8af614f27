package telegramtest

import (
	"encoding/json"
	"slices"
	"time"
)

// botState is one bot's account: its update queue and delivery settings.
type botState struct {
	user         User
	token        string
	privacy      bool
	queue        []queued
	nextUpdateID int64
	allowed      []string // nil: the default set
	pollGen      int      // bumped by each getUpdates; older polls end with 409
	polling      int      // getUpdates requests waiting now
	webhook      *webhookState
	commands     map[string][]botCommand
}

type queued struct {
	id   int64
	kind string
	body json.RawMessage
}

// Kinds left out when a bot has not asked for them by allowed_updates.
var notByDefault = map[string]bool{"chat_member": true, "message_reaction": true, "message_reaction_count": true}

func (b *botState) wants(kind string) bool {
	if len(b.allowed) == 0 {
		return !notByDefault[kind]
	}
	return slices.Contains(b.allowed, kind)
}

// setAllowed applies an allowed_updates parameter: absent keeps the previous
// setting, an empty list restores the default.
func (b *botState) setAllowed(p params) {
	if !p.has("allowed_updates") {
		return
	}
	var list []string
	if p.decode("allowed_updates", &list) == nil {
		b.allowed = list
		if len(list) == 0 {
			b.allowed = nil
		}
	}
}

// deliver queues an update for a bot, unless the bot filtered its kind out
// (like Telegram, the filter applies when the update is made). Callers hold s.mu.
func (s *Server) deliver(b *botState, kind string, payload any) {
	if !b.wants(kind) {
		return
	}
	id := b.nextUpdateID
	b.nextUpdateID++
	body, err := json.Marshal(map[string]any{"update_id": id, kind: payload})
	if err != nil {
		panic("telegramtest: encode update: " + err.Error())
	}
	b.queue = append(b.queue, queued{id: id, kind: kind, body: body})
	s.notify()
}

// botsIn returns the bots with a membership in ch, in first-seen order.
func (s *Server) botsIn(ch *chatState) []*botState {
	var out []*botState
	for _, id := range ch.order {
		if b := s.botsByID[id]; b != nil {
			out = append(out, b)
		}
	}
	return out
}

// deliverMessage sends a new message in a group or channel to the bots that
// see it: members (admins only in channels), minus what privacy mode hides.
func (s *Server) deliverMessage(ch *chatState, m *Message, service bool) {
	kind := "message"
	if ch.Type == ChatChannel {
		kind = "channel_post"
	}
	for _, b := range s.botsIn(ch) {
		mem := ch.member(b.user.ID, s.unix())
		if !mem.InChat() || (ch.Type == ChatChannel && !mem.isAdmin()) || (m.From != nil && m.From.ID == b.user.ID) {
			continue
		}
		if b.privacy && !mem.isAdmin() && !service && !s.addressedTo(b, ch, m) {
			continue
		}
		s.deliver(b, kind, m)
	}
}

// addressedTo tells whether a privacy-mode bot sees a group message: a
// command for it (or for no bot in particular), or a reply to it.
func (s *Server) addressedTo(b *botState, ch *chatState, m *Message) bool {
	if m.ReplyToMessage != nil && m.ReplyToMessage.From != nil && m.ReplyToMessage.From.ID == b.user.ID {
		return true
	}
	for _, e := range m.Entities {
		if e.Type != "bot_command" || e.Offset != 0 {
			continue
		}
		cmd := utf16Slice(m.Text, e.Offset, e.Length)
		if _, target, ok := cutAt(cmd); ok {
			return equalFold(target, b.user.Username)
		}
		return true
	}
	return false
}

// changeMember sets a membership and sends chat_member to the chat's admin
// bots and my_chat_member to the subject when it is a bot. Callers hold s.mu.
func (s *Server) changeMember(ch *chatState, userID int64, m Member, by User, decorate func(*chatMemberUpdated)) {
	now := s.unix()
	old := ch.member(userID, now)
	ch.set(userID, m)
	u := *s.users[userID]
	for _, b := range s.botsIn(ch) {
		kind := "chat_member"
		if b.user.ID == userID {
			kind = "my_chat_member"
		} else if !ch.member(b.user.ID, now).isAdmin() {
			continue
		}
		upd := chatMemberUpdated{
			Chat: ch.Chat, From: by, Date: now,
			OldChatMember: memberJSON(ch.Type, u, old, b.user.ID),
			NewChatMember: memberJSON(ch.Type, u, m, b.user.ID),
		}
		if decorate != nil {
			decorate(&upd)
		}
		s.deliver(b, kind, upd)
	}
	s.notify()
}

// getUpdates long-polls: it answers as soon as an update is queued, when the
// timeout passes, or when the request is cancelled.
func getUpdates(s *Server, r *request) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := r.bot
	if b.webhook != nil {
		return nil, errWebhookActive
	}
	if off, ok, err := r.p.integer("offset"); ok && err == nil {
		confirm(b, off)
	}
	limit := r.p.intOr("limit", 100)
	if limit < 1 || limit > 100 {
		limit = 100
	}
	timeout := time.Duration(max(r.p.intOr("timeout", 0), 0)) * time.Second
	b.setAllowed(r.p)
	b.pollGen++
	gen := b.pollGen
	b.polling++
	s.notify()
	defer func() { b.polling--; s.notify() }()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for {
		switch {
		case s.bots[b.token] != b:
			return nil, errUnauthorized
		case b.pollGen != gen:
			return nil, &apiError{code: 409, desc: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"}
		case b.webhook != nil:
			return nil, errWebhookActive
		case len(b.queue) > 0:
			n := min(int(limit), len(b.queue))
			out := make([]json.RawMessage, n)
			for i := range n {
				out[i] = b.queue[i].body
			}
			return out, nil
		}
		changed := s.changed
		s.mu.Unlock()
		stop := false
		select {
		case <-changed:
		case <-timer.C:
			stop = true
		case <-r.ctx.Done():
			stop = true
		case <-s.done:
			stop = true
		}
		s.mu.Lock()
		if stop && len(b.queue) == 0 || r.ctx.Err() != nil {
			return []json.RawMessage{}, nil
		}
	}
}

var errWebhookActive = &apiError{code: 409, desc: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"}

// confirm applies a getUpdates offset: a positive one forgets every update
// with a smaller id; a negative one keeps only the last -offset updates.
func confirm(b *botState, off int64) {
	switch {
	case off > 0:
		i := 0
		for i < len(b.queue) && b.queue[i].id < off {
			i++
		}
		b.queue = b.queue[i:]
	case off < 0:
		if keep := int(-off); keep < len(b.queue) {
			b.queue = b.queue[len(b.queue)-keep:]
		}
	}
}

// Pending returns how many updates wait in a bot's queue (not yet confirmed
// by getUpdates, or not yet accepted by its webhook).
func (s *Server) Pending(botID int64) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b := s.botsByID[botID]; b != nil {
		return len(b.queue)
	}
	return 0
}

// Polling tells whether a getUpdates request of the bot is waiting now.
func (s *Server) Polling(botID int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.botsByID[botID]
	return b != nil && b.polling > 0
}

// SetAllowedUpdates sets a bot's allowed_updates as a previous getUpdates or
// setWebhook call would have (nil restores the default set).
func (s *Server) SetAllowedUpdates(botID int64, kinds []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b := s.botsByID[botID]; b != nil {
		b.allowed = slices.Clone(kinds)
	}
}
