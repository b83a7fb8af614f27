package telegramtest

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Invite links as people use them: joining or asking to join through one, the
// invite_link the updates carry, revoking, and pending requests that end without
// an update.

// maxLinkName is the longest invite link name. TDLib cuts a longer name to it
// instead of refusing (DialogInviteLinkManager: "clean_name(std::move(title),
// MAX_INVITE_LINK_TITLE_LENGTH)", MAX_INVITE_LINK_TITLE_LENGTH = 32, "server side
// limit"), so createChatInviteLink answers with the name cut, not a 400.
const maxLinkName = 32

// linkName is a link name as Telegram keeps it: at most 32 characters.
func linkName(name string) string {
	if utf8.RuneCountInString(name) <= maxLinkName {
		return name
	}
	return string([]rune(name)[:maxLinkName])
}

// seenBy is the link as bot b sees it in an update. ChatInviteLink.invite_link:
// "If the link was created by another chat administrator, then the second part of
// the link will be replaced with “…”." So a bot recognises only its own links.
func seenBy(l *InviteLink, b *botState) *InviteLink {
	if l == nil {
		return nil
	}
	c := *l
	if c.Creator.ID != b.user.ID {
		c.InviteLink = redactLink(c.InviteLink)
	}
	return &c
}

// redactLink keeps the part of a link before its hash and replaces the hash with "…".
func redactLink(url string) string {
	if i := strings.LastIndexAny(url, "+/"); i >= 0 {
		return url[:i+1] + "…"
	}
	return "…"
}

// findLink returns the chat's link with this URL, nil if none.
func (ch *chatState) findLink(url string) *InviteLink {
	for _, l := range ch.links {
		if l.InviteLink == url {
			return l
		}
	}
	if ch.primary == url && url != "" {
		return &InviteLink{InviteLink: url, IsPrimary: true}
	}
	return nil
}

// dropRequest forgets a pending join request. Callers hold s.mu.
func (ch *chatState) dropRequest(userID int64) {
	delete(ch.requests, userID)
	if l := ch.reqLinks[userID]; l != nil {
		l.PendingJoinRequestCount = max(l.PendingJoinRequestCount-1, 0)
		delete(ch.reqLinks, userID)
	}
}

// admitRequest approves a pending request as "by": the user becomes a member, and
// chat_member carries via_join_request, or the invite_link the request came by (as
// each bot may see it). Callers hold s.mu.
func (s *Server) admitRequest(ch *chatState, u *User, by User) {
	link := ch.reqLinks[u.ID]
	ch.dropRequest(u.ID)
	next := Member{Status: StatusMember}
	if cur := ch.member(u.ID, s.unix()); cur.Status == StatusRestricted { // kept while they were away
		next = cur
		next.IsMember = true
	}
	s.changeMember(ch, u.ID, next, by, func(b *botState, c *chatMemberUpdated) {
		if link != nil {
			c.InviteLink = seenBy(link, b)
		} else {
			c.ViaJoinRequest = true
		}
	})
	s.serviceJoined(ch, *u, *u)
}

// JoinByLink makes a user follow one of the chat's invite links (by its URL). A
// link that creates join requests sends chat_join_request with that invite_link
// to the admin bots that may invite users (the user waits for approval);
// any other link makes them a member at once, and chat_member carries the link
// (ChatMemberUpdated.invite_link: "Chat invite link, which was used by the user to
// join the chat; for joining by invite link events only") — in full for the bot
// that created it, with its second part replaced by "…" for other bots. A revoked
// or unknown link fails, as it does in the app.
func (s *Server) JoinByLink(chatID int64, user User, url string) (Message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, u, err := s.scene(chatID, user.ID)
	if err != nil {
		return Message{}, err
	}
	l := ch.findLink(url)
	switch {
	case l == nil:
		return Message{}, fmt.Errorf("telegramtest: %q is not an invite link of chat %d", url, chatID)
	case l.IsRevoked:
		return Message{}, fmt.Errorf("telegramtest: invite link %q is revoked", url)
	case l.CreatesJoinRequest:
		return Message{}, s.request(ch, u, l)
	}
	cur := ch.member(u.ID, s.unix())
	switch {
	case cur.Status == StatusKicked:
		return Message{}, fmt.Errorf("telegramtest: user %d is banned from chat %d", u.ID, chatID)
	case cur.InChat():
		return Message{}, fmt.Errorf("telegramtest: user %d is already in chat %d", u.ID, chatID)
	}
	next := Member{Status: StatusMember}
	if cur.Status == StatusRestricted {
		next = cur
		next.IsMember = true
	}
	s.changeMember(ch, u.ID, next, *u, func(b *botState, c *chatMemberUpdated) { c.InviteLink = seenBy(l, b) })
	if svc := s.serviceJoined(ch, *u, *u); svc != nil {
		return svc.snapshot(), nil
	}
	return Message{}, nil
}

// ApproveRequest approves a user's pending join request as the chat's owner would
// in the app (see admitRequest).
func (s *Server) ApproveRequest(chatID, userID int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, u, err := s.scene(chatID, userID)
	if err != nil {
		return err
	}
	if _, ok := ch.requests[userID]; !ok {
		return fmt.Errorf("telegramtest: user %d has no pending request in chat %d", userID, chatID)
	}
	owner := *u
	for _, id := range ch.order {
		if ch.members[id].Status == StatusCreator {
			owner = *s.users[id]
		}
	}
	s.admitRequest(ch, u, owner)
	return nil
}

// WithdrawRequest ends a user's pending join request without a member change: the
// user cancelled it, or an admin declined it in the app. Telegram tells bots of
// neither (the Bot API has no update for it), so no update is sent.
func (s *Server) WithdrawRequest(chatID, userID int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := s.chats[chatID]
	if ch == nil {
		return fmt.Errorf("telegramtest: unknown chat %d", chatID)
	}
	if _, ok := ch.requests[userID]; !ok {
		return fmt.Errorf("telegramtest: user %d has no pending request in chat %d", userID, chatID)
	}
	ch.dropRequest(userID)
	return nil
}

// RevokeLink revokes an invite link as an admin would in the app: it stops working
// and no update says so.
func (s *Server) RevokeLink(chatID int64, url string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := s.chats[chatID]
	if ch == nil {
		return fmt.Errorf("telegramtest: unknown chat %d", chatID)
	}
	for _, l := range ch.links {
		if l.InviteLink == url {
			l.IsRevoked = true
			return nil
		}
	}
	return fmt.Errorf("telegramtest: %q is not an invite link of chat %d", url, chatID)
}

// PendingRequest reports whether the user has a pending join request in the chat.
func (s *Server) PendingRequest(chatID, userID int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := s.chats[chatID]
	if ch == nil {
		return false
	}
	_, ok := ch.requests[userID]
	return ok
}

// botLink resolves the invite_link parameter to a link of the chat the bot may
// manage: its own, or any with the right to edit others' links (the fake has no
// such right, so its own only).
func (s *Server) botLink(r *request) (*chatState, *InviteLink, *apiError) {
	ch, aerr := s.inviteAdmin(r)
	if aerr != nil {
		return nil, nil, aerr
	}
	url := r.p["invite_link"]
	if url == "" {
		return nil, nil, badRequest("invite link must be non-empty")
	}
	for _, l := range ch.links {
		if l.InviteLink == url && !l.IsPrimary {
			if l.Creator.ID != r.bot.user.ID {
				return nil, nil, badRequest("CHAT_ADMIN_REQUIRED")
			}
			return ch, l, nil
		}
	}
	return nil, nil, badRequest("INVITE_HASH_EXPIRED")
}

// editChatInviteLink sets a link the bot created anew, as telegram-bot-api does:
// every parameter left out takes its default (no name, not creating join
// requests), and it answers the link as it is now; a revoked link cannot be edited
// ("INVITE_HASH_EXPIRED"; the engine treats an answer with is_revoked the same way).
func editChatInviteLink(s *Server, r *request) (any, *apiError) {
	_, l, aerr := s.botLink(r)
	if aerr != nil {
		return nil, aerr
	}
	if l.IsRevoked {
		return nil, badRequest("INVITE_HASH_EXPIRED")
	}
	l.Name = linkName(r.p["name"])
	l.CreatesJoinRequest = r.p.boolean("creates_join_request")
	out := *l
	return &out, nil
}

// revokeChatInviteLink revokes a link the bot created ("Returns the revoked invite
// link as ChatInviteLink object").
func revokeChatInviteLink(s *Server, r *request) (any, *apiError) {
	_, l, aerr := s.botLink(r)
	if aerr != nil {
		return nil, aerr
	}
	l.IsRevoked = true
	out := *l
	return &out, nil
}
