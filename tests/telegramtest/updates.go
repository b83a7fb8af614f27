package telegramtest

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"
)

// botState is one bot's account: its update queue and delivery settings.
type botState struct {
	user          User
	token         string
	privacy       bool
	queue         []queued
	nextUpdateID  int64
	firstUpdateID int64     // the lowest update_id the bot has had
	lastUpdateAt  time.Time // when the last update was made (scenario clock)
	allowed       []string  // nil: the default set
	pollGen       int       // bumped by each getUpdates that waits; older polls end with 409
	nextConflict  time.Time // before it, a 409 to getUpdates is answered conflictPause late
	polling       int       // getUpdates requests waiting now
	webhook       *webhookState
	commands      map[string][]botCommand
}

type queued struct {
	id    int64
	kind  string
	key   string // webhook delivery queue (see pushUpdates)
	body  json.RawMessage
	fails int // failed webhook deliveries
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
	now := s.clock()
	if !b.lastUpdateAt.IsZero() && now.Sub(b.lastUpdateAt) >= idleRenumber {
		// Update.update_id: "If there are no new updates for at least a week, then
		// identifier of the next update will be chosen randomly instead of
		// sequentially."
		b.nextUpdateID = 1 + rand.Int64N(1<<31-1)
		b.firstUpdateID = min(b.firstUpdateID, b.nextUpdateID)
	}
	b.lastUpdateAt = now
	id := b.nextUpdateID
	b.nextUpdateID++
	body, err := json.Marshal(map[string]any{"update_id": id, kind: payload})
	if err != nil {
		panic("telegramtest: encode update: " + err.Error())
	}
	b.queue = append(b.queue, queued{id: id, kind: kind, key: deliveryQueue(id, body), body: body})
	s.notify()
}

// deliveryQueue names the webhook delivery queue of an update, as
// telegram-bot-api's webhook_queue_id does (Client.cpp add_new_message,
// add_update_chat_member, add_update_chat_join_request): the chat of a
// message, the user of a chat_member update or join request, the chat of a
// my_chat_member update; other updates (callback queries) each get their own.
func deliveryQueue(id int64, body []byte) string {
	var u struct {
		Message      *struct{ Chat struct{ ID int64 } } `json:"message"`
		ChannelPost  *struct{ Chat struct{ ID int64 } } `json:"channel_post"`
		MyChatMember *struct{ Chat struct{ ID int64 } } `json:"my_chat_member"`
		ChatMember   *struct {
			New struct{ User struct{ ID int64 } } `json:"new_chat_member"`
		} `json:"chat_member"`
		JoinRequest *struct{ From struct{ ID int64 } } `json:"chat_join_request"`
	}
	_ = json.Unmarshal(body, &u)
	switch {
	case u.Message != nil:
		return fmt.Sprint("chat:", u.Message.Chat.ID)
	case u.ChannelPost != nil:
		return fmt.Sprint("chat:", u.ChannelPost.Chat.ID)
	case u.MyChatMember != nil:
		return fmt.Sprint("my:", u.MyChatMember.Chat.ID)
	case u.ChatMember != nil:
		return fmt.Sprint("user:", u.ChatMember.New.User.ID)
	case u.JoinRequest != nil:
		return fmt.Sprint("user:", u.JoinRequest.From.ID)
	}
	return fmt.Sprint("update:", id)
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
func (s *Server) changeMember(ch *chatState, userID int64, m Member, by User, decorate func(*botState, *chatMemberUpdated)) {
	now := s.unix()
	old := ch.member(userID, now)
	ch.set(userID, m)
	if m.Status == StatusKicked || m.InChat() { // a member or banned: no request pending any more
		ch.dropRequest(userID)
	}
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
			decorate(b, &upd)
		}
		s.deliver(b, kind, upd)
	}
	s.notify()
}

// getUpdates long-polls: it answers as soon as an update is queued, when the
// timeout passes, or when the request is cancelled. As in telegram-bot-api
// (Client::do_get_updates), a request that is going to wait ends the one
// waiting before it with 409 "Conflict: terminated by other getUpdates
// request; …"; a request that answers at once leaves it alone.
func getUpdates(s *Server, r *request) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := r.bot
	if b.webhook != nil {
		return nil, s.conflict(r, errWebhookActive)
	}
	if off, ok, err := r.p.integer("offset"); ok && err == nil {
		confirm(b, off)
	}
	// limit 1-100 (default 100) and timeout clamped as telegram-bot-api does.
	limit := min(max(r.p.intOr("limit", 100), 1), 100)
	timeout := time.Duration(min(max(r.p.intOr("timeout", 0), 0), 50)) * time.Second
	b.setAllowed(r.p)
	if len(b.queue) == 0 && timeout > 0 {
		b.pollGen++
	}
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
		case b.webhook != nil:
			return nil, s.conflict(r, &apiError{code: 409, desc: "Conflict: terminated by setWebhook request"})
		case b.pollGen != gen:
			return nil, s.conflict(r, &apiError{code: 409, desc: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"})
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

// conflictPause is how long telegram-bot-api holds back a 409 that follows another
// one within it (Client::fail_query_conflict: at most one conflict answer per 3 s,
// later ones answered 3 s late).
const conflictPause = 3 * time.Second

// conflict answers a 409 to getUpdates as telegram-bot-api does: at once if no 409
// went to this bot in the last conflictPause, else conflictPause later. Callers
// hold s.mu; it is released while waiting.
func (s *Server) conflict(r *request, e *apiError) *apiError {
	b, now := r.bot, time.Now() // Telegram's own monotonic time, not the scenario clock
	if !now.Before(b.nextConflict) {
		b.nextConflict = now.Add(conflictPause)
		return e
	}
	s.mu.Unlock()
	t := time.NewTimer(conflictPause)
	select {
	case <-t.C:
	case <-r.ctx.Done():
	case <-s.done:
	}
	t.Stop()
	s.mu.Lock()
	return e
}

var errWebhookActive = &apiError{code: 409, desc: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"}

// confirm applies a getUpdates offset as the Bot API documents it: "An update
// is considered confirmed as soon as getUpdates is called with an offset
// higher than its update_id" — every update with a smaller id is forgotten,
// whatever the numbering; "A negative offset can be specified to retrieve
// updates starting from -offset update from the end of the updates queue. All
// previous updates will be forgotten." Offset 0 (or none) confirms nothing:
// "By default, updates starting with the earliest unconfirmed update are
// returned."
func confirm(b *botState, off int64) {
	switch {
	case off > 0:
		b.queue = slices.DeleteFunc(b.queue, func(q queued) bool { return q.id < off })
	case off < 0:
		if keep := -off; keep < int64(len(b.queue)) {
			b.queue = b.queue[int64(len(b.queue))-keep:]
		}
	}
}

// idleRenumber is the silence after which Telegram numbers the next update randomly.
const idleRenumber = 7 * 24 * time.Hour

// IdleWeek makes the bot's update numbering restart as after a week without
// updates. Bot API docs (Update.update_id): "If there are no new updates for at
// least a week, then identifier of the next update will be chosen randomly
// instead of sequentially." Updates still queued are dropped ("they will not
// be kept longer than 24 hours"). The next update_id is random and, so that
// tests see the hard case, lower than every id the bot has had so far. It
// returns that next id.
func (s *Server) IdleWeek(botID int64) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.botsByID[botID]
	if b == nil {
		return 0, fmt.Errorf("telegramtest: unknown bot %d", botID)
	}
	b.queue = nil
	low := max(b.firstUpdateID, 2)
	b.nextUpdateID = 1 + rand.Int64N(low-1)
	b.firstUpdateID = b.nextUpdateID
	s.notify()
	return b.nextUpdateID, nil
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
