package telegramtest

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"regexp"
	"strings"
	"time"
)

// state is everything the fake Telegram knows. It is guarded by Server.mu.
type state struct {
	bots      map[string]*botState // by token
	botsByID  map[int64]*botState
	users     map[int64]*User // people and bots
	usernames map[string]int64
	chats     map[int64]*chatState // groups, supergroups, channels
	privates  map[[2]int64]*chatState
	queries   map[string]*queryState
	answers   map[string]CallbackAnswer
	seq       map[string]int64 // id counters by kind
}

type chatState struct {
	Chat
	perms       Permissions
	description string
	linked      int64
	members     map[int64]*Member // absent: never seen in the chat
	order       []int64           // first-seen order of members
	nextMsgID   int
	msgs        []*msgState
	links       []*InviteLink
	primary     string
	requests    map[int64]int64       // pending join requests: user → date
	reqLinks    map[int64]*InviteLink // the link a pending request came by (absent: a direct request)
	botID       int64                 // private chats: the bot's side
	migratedTo  int64                 // a basic group upgraded to this supergroup
	unseenErr   string                // getChatMember's error for users never seen here ("" = status left)
	topics      map[int]*topicState   // forum topics by message_thread_id
	banned      map[int64]bool        // sender chats banned by banChatSenderChat
}

type msgState struct {
	Message
	botID   int64 // the sending bot, 0 for people
	deleted bool
}

type queryState struct {
	id     string
	botID  int64
	userID int64
	chatID int64
	msgID  int
	at     time.Time // when the button was pressed
}

func (st *state) init() {
	st.bots = map[string]*botState{}
	st.botsByID = map[int64]*botState{}
	st.users = map[int64]*User{}
	st.usernames = map[string]int64{}
	st.chats = map[int64]*chatState{}
	st.privates = map[[2]int64]*chatState{}
	st.queries = map[string]*queryState{}
	st.answers = map[string]CallbackAnswer{}
	st.seq = map[string]int64{}
}

func (st *state) next(kind string) int64 {
	st.seq[kind]++
	return st.seq[kind]
}

// Well-known service accounts that appear as message senders.
var (
	serviceUser   = User{ID: 777000, FirstName: "Telegram"}
	anonymousUser = User{ID: 1087968824, IsBot: true, FirstName: "Group", Username: "GroupAnonymousBot"}
)

var tokenRE = regexp.MustCompile(`^([0-9]{1,20}):[A-Za-z0-9_-]+$`)

// AddBot registers a new bot with a generated token. Privacy mode is on, as
// for a new bot made with @BotFather.
func (s *Server) AddBot(username string) Bot {
	s.mu.Lock()
	id := 7000000000 + s.next("bot")
	s.mu.Unlock()
	sum := sha256.Sum256(fmt.Appendf(nil, "telegramtest-%d", id))
	token := fmt.Sprintf("%d:AA%s", id, base64.RawURLEncoding.EncodeToString(sum[:])[:33])
	b, _ := s.AddBotToken(token, username)
	return b
}

// AddBotToken registers a bot with a given token ("<bot id>:<secret>").
func (s *Server) AddBotToken(token, username string) (Bot, error) {
	m := tokenRE.FindStringSubmatch(token)
	if m == nil {
		return Bot{}, fmt.Errorf("telegramtest: malformed token %q", token)
	}
	var id int64
	fmt.Sscan(m[1], &id)
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, taken := s.users[id]; taken {
		return Bot{}, fmt.Errorf("telegramtest: user id %d already exists", id)
	}
	u := User{ID: id, IsBot: true, FirstName: username, Username: s.freeUsername(username, id)}
	s.users[id] = &u
	first := 500000000 + id%1000*1000
	bs := &botState{user: u, token: token, privacy: true, nextUpdateID: first, firstUpdateID: first}
	s.bots[token], s.botsByID[id] = bs, bs
	return Bot{User: u, Token: token}, nil
}

// RevokeToken makes a bot's token invalid, as revoking it in @BotFather does:
// every later call, and a waiting getUpdates, answers 401 Unauthorized.
func (s *Server) RevokeToken(botID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b := s.botsByID[botID]; b != nil {
		delete(s.bots, b.token)
		s.stopWebhook(b)
		s.notify()
	}
}

// SetPrivacyMode switches a bot's group privacy mode (on by default): with it
// on, a bot that is not an admin sees only commands, replies to itself and
// service messages in groups.
func (s *Server) SetPrivacyMode(botID int64, on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if b := s.botsByID[botID]; b != nil {
		b.privacy = on
	}
}

// AddUser registers a person; the username is made from the name.
func (s *Server) AddUser(firstName string) User {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := 5000000000 + s.next("user")
	u := User{ID: id, FirstName: firstName, LanguageCode: "en", Username: s.freeUsername(firstName, id)}
	s.users[id] = &u
	return u
}

// freeUsername turns a name into an unused username. Callers hold s.mu.
func (s *Server) freeUsername(name string, id int64) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' {
			b.WriteRune(r)
		}
	}
	u := b.String()
	if len(u) < 5 {
		u += "_user"
	}
	if _, taken := s.usernames[u]; taken {
		u = fmt.Sprintf("%s_%d", u, id%100000)
	}
	s.usernames[u] = id
	return u
}

// AddChat creates a group, supergroup or channel from c (Type and Title; ID
// and Username optional) with a new owner, and returns it.
func (s *Server) AddChat(c Chat) Chat {
	owner := s.AddUser(c.Title + " Owner")
	s.mu.Lock()
	defer s.mu.Unlock()
	if c.ID == 0 {
		switch c.Type {
		case ChatGroup:
			c.ID = -(4000000000 + s.next("group"))
		default:
			c.ID = -(1001000000000 + s.next("supergroup"))
		}
	}
	if c.Username != "" {
		s.usernames[strings.ToLower(c.Username)] = c.ID
	}
	ch := &chatState{Chat: c, perms: DefaultPermissions, members: map[int64]*Member{}, requests: map[int64]int64{}}
	s.chats[c.ID] = ch
	ch.set(owner.ID, Member{Status: StatusCreator})
	return c
}

// AddGroup creates a basic group.
func (s *Server) AddGroup(title string) Chat {
	return s.AddChat(Chat{Type: ChatGroup, Title: title})
}

// AddSupergroup creates a private supergroup.
func (s *Server) AddSupergroup(title string) Chat {
	return s.AddChat(Chat{Type: ChatSupergroup, Title: title})
}

// AddChannel creates a channel; a non-empty username makes it public.
func (s *Server) AddChannel(title, username string) Chat {
	return s.AddChat(Chat{Type: ChatChannel, Title: title, Username: username})
}

// Owner returns a chat's creator.
func (s *Server) Owner(chatID int64) User {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ch := s.chats[chatID]; ch != nil {
		for _, id := range ch.order {
			if ch.members[id].Status == StatusCreator {
				return *s.users[id]
			}
		}
	}
	return User{}
}

// LinkChat links a supergroup with a channel (its discussion group).
func (s *Server) LinkChat(groupID, channelID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if g, c := s.chats[groupID], s.chats[channelID]; g != nil && c != nil {
		g.linked, c.linked = channelID, groupID
	}
}

// SetPermissions sets a chat's default member permissions.
func (s *Server) SetPermissions(chatID int64, p Permissions) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ch := s.chats[chatID]; ch != nil {
		ch.perms = p
		s.notify()
	}
}

// SetMember sets a user's or bot's membership without sending any update
// (set-up); use ChangeMember to act as an admin would.
func (s *Server) SetMember(chatID, userID int64, m Member) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, u := s.chats[chatID], s.users[userID]
	if ch == nil || u == nil {
		return fmt.Errorf("telegramtest: unknown chat %d or user %d", chatID, userID)
	}
	ch.set(userID, m)
	s.notify()
	return nil
}

// Member returns a user's membership in a chat (status left when never seen).
func (s *Server) Member(chatID, userID int64) Member {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ch := s.chats[chatID]; ch != nil {
		return ch.member(userID, s.unix())
	}
	return Member{Status: StatusLeft}
}

// set stores a membership.
func (ch *chatState) set(userID int64, m Member) {
	if _, seen := ch.members[userID]; !seen {
		ch.order = append(ch.order, userID)
	}
	mm := m
	ch.members[userID] = &mm
}

// member returns the current membership, applying expired until_dates.
func (ch *chatState) member(userID int64, now int64) Member {
	m := ch.members[userID]
	if m == nil {
		return Member{Status: StatusLeft}
	}
	if m.UntilDate != 0 && m.UntilDate <= now {
		switch m.Status {
		case StatusKicked:
			*m = Member{Status: StatusLeft}
		case StatusRestricted:
			if m.IsMember {
				*m = Member{Status: StatusMember}
			} else {
				*m = Member{Status: StatusLeft}
			}
		}
	}
	return *m
}

// chatByRef finds a group, supergroup or channel by id or @username.
func (st *state) chatByRef(ref chatRef) *chatState {
	if ref.username != "" {
		if id, ok := st.usernames[ref.username]; ok {
			return st.chats[id]
		}
		return nil
	}
	return st.chats[ref.id]
}

// kindName names a chat type in Telegram's error texts.
func kindName(t string) string {
	if t == ChatGroup {
		return "group"
	}
	return t
}
