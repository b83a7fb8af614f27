package telegramtest

// The member-management methods: restrict, ban, unban.

const (
	// Basic groups (chat type "group") have no restrictions or ban list: Telegram
	// refuses these methods there before looking at rights. restrictChatMember:
	// "Use this method to restrict a user in a supergroup" (Bot API); the texts as
	// bots receive them (e.g. TelegramBots/Telegram.Bot's tests, and the error
	// lists of many group-management bots).
	errSupergroupsOnly  = "method is available only for supergroups"
	errNoBasicGroups    = "method is available for supergroup and channel chats only"
	errNoRestrictRights = "not enough rights to restrict/unrestrict chat member"
	errOwner            = "can't remove chat owner"
	errAdmin            = "user is an administrator of the chat"
)

// untilDate applies Telegram's rule: less than 30 seconds or more than 366
// days from now means forever (0).
func (s *Server) untilDate(p params) int64 {
	until := p.intOr("until_date", 0)
	now := s.unix()
	if until != 0 && (until-now < 30 || until-now > 366*86400) {
		return 0
	}
	return until
}

// manageable runs the checks common to restrict, ban and unban, and returns
// the chat, the target and its current membership; basicErr, unless empty,
// is the method's refusal in a basic group.
func (s *Server) manageable(r *request, basicErr string) (*chatState, *User, Member, *apiError) {
	ch, aerr := s.chatFor(r, accessMember)
	if aerr != nil {
		return nil, nil, Member{}, aerr
	}
	u, aerr := s.target(r)
	if aerr != nil {
		return nil, nil, Member{}, aerr
	}
	if ch.Type == ChatPrivate {
		return nil, nil, Member{}, badRequest("chat member status can't be changed in private chats")
	}
	if ch.Type == ChatGroup && basicErr != "" {
		return nil, nil, Member{}, badRequest(basicErr)
	}
	if u.ID == r.bot.user.ID {
		return nil, nil, Member{}, badRequest("can't restrict self")
	}
	if !ch.member(r.bot.user.ID, s.unix()).can(canRestrict) {
		return nil, nil, Member{}, badRequest(errNoRestrictRights)
	}
	return ch, u, ch.member(u.ID, s.unix()), nil
}

func restrictChatMember(s *Server, r *request) (any, *apiError) {
	ch, u, cur, aerr := s.manageable(r, errSupergroupsOnly)
	if aerr != nil {
		return nil, aerr
	}
	if ch.Type != ChatSupergroup {
		return nil, badRequest(errSupergroupsOnly)
	}
	switch cur.Status {
	case StatusCreator:
		return nil, badRequest(errOwner)
	case StatusAdministrator:
		return nil, badRequest(errAdmin)
	}
	var perms Permissions
	if err := r.p.decode("permissions", &perms); err != nil {
		return nil, badRequest("can't parse permissions JSON object")
	}
	if !r.p.boolean("use_independent_chat_permissions") {
		perms = impliedPermissions(perms)
	}
	in := cur.InChat()
	next := Member{Status: StatusRestricted, Permissions: perms, IsMember: in, UntilDate: s.untilDate(r.p)}
	// "Pass True for all permissions to lift restrictions from a user" (Bot API,
	// restrictChatMember): anything less keeps the user restricted with exactly those
	// rights, whatever the chat's defaults (tdlib DialogParticipantStatus::Restricted
	// turns a status into Member only when every restricted right is granted).
	if allGranted(perms) {
		next = Member{Status: StatusLeft}
		if in {
			next = Member{Status: StatusMember}
		}
	}
	if next != cur {
		s.changeMember(ch, u.ID, next, r.bot.user, nil)
	}
	return true, nil
}

func banChatMember(s *Server, r *request) (any, *apiError) {
	ch, u, cur, aerr := s.manageable(r, "") // a basic group removes the member
	if aerr != nil {
		return nil, aerr
	}
	switch cur.Status {
	case StatusCreator:
		return nil, badRequest(errOwner)
	case StatusAdministrator:
		return nil, badRequest(errAdmin)
	}
	next := Member{Status: StatusKicked, UntilDate: s.untilDate(r.p)}
	if ch.Type == ChatGroup {
		next.UntilDate = 0
	}
	if r.p.boolean("revoke_messages") {
		for _, m := range ch.msgs {
			if m.From != nil && m.From.ID == u.ID {
				m.deleted = true
			}
		}
	}
	if next != cur {
		s.changeMember(ch, u.ID, next, r.bot.user, nil)
		if cur.InChat() {
			s.serviceLeft(ch, *u, r.bot.user)
		}
	}
	return true, nil
}

func unbanChatMember(s *Server, r *request) (any, *apiError) {
	ch, u, cur, aerr := s.manageable(r, errNoBasicGroups)
	if aerr != nil {
		return nil, aerr
	}
	if r.p.boolean("only_if_banned") && cur.Status != StatusKicked {
		return true, nil
	}
	switch cur.Status {
	case StatusCreator:
		return nil, badRequest(errOwner)
	case StatusAdministrator:
		return nil, badRequest(errAdmin)
	case StatusLeft:
		return true, nil
	}
	s.changeMember(ch, u.ID, Member{Status: StatusLeft}, r.bot.user, nil)
	if cur.InChat() {
		s.serviceLeft(ch, *u, r.bot.user)
	}
	return true, nil
}

// serviceLeft posts the "left the group" / "removed" service message in a
// group or supergroup. Callers hold s.mu.
func (s *Server) serviceLeft(ch *chatState, u, by User) *msgState {
	if ch.Type != ChatGroup && ch.Type != ChatSupergroup {
		return nil
	}
	m := s.newMessage(ch, &by, 0)
	left := u
	m.LeftChatParticipant, m.LeftChatMember = &left, &left
	s.deliverMessage(ch, &m.Message, true)
	return m
}

// serviceJoined posts the new_chat_members service message. Callers hold s.mu.
func (s *Server) serviceJoined(ch *chatState, u, by User) *msgState {
	if ch.Type != ChatGroup && ch.Type != ChatSupergroup {
		return nil
	}
	m := s.newMessage(ch, &by, 0)
	joined := u
	m.NewChatParticipant, m.NewChatMember, m.NewChatMembers = &joined, &joined, []User{joined}
	s.deliverMessage(ch, &m.Message, true)
	return m
}
