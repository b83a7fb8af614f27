package telegramtest

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
)

// The chat methods: getChat, member lookups, leaving, invite links, join requests.

func getChat(s *Server, r *request) (any, *apiError) {
	ch, aerr := s.chatFor(r, accessPublic)
	if aerr != nil {
		return nil, aerr
	}
	out := map[string]any{"id": ch.ID, "type": ch.Type, "accent_color_id": 0, "max_reaction_count": 11,
		"accepted_gift_types": map[string]bool{"unlimited_gifts": true, "limited_gifts": true, "unique_gifts": true, "premium_subscription": true}}
	for k, v := range map[string]string{"title": ch.Title, "username": ch.Username, "first_name": ch.FirstName,
		"last_name": ch.LastName, "description": ch.description} {
		if v != "" {
			out[k] = v
		}
	}
	if ch.Type == ChatGroup || ch.Type == ChatSupergroup {
		out["permissions"] = ch.perms
	}
	if ch.IsForum {
		out["is_forum"] = true
	}
	if ch.linked != 0 {
		out["linked_chat_id"] = ch.linked
	}
	if ch.primary != "" && ch.member(r.bot.user.ID, s.unix()).isAdmin() {
		out["invite_link"] = ch.primary
	}
	return out, nil
}

// memberList resolves a chat whose members the bot may look up: in a
// channel only an administrator may.
func (s *Server) memberList(r *request) (*chatState, *apiError) {
	ch, aerr := s.chatFor(r, accessMember)
	if aerr != nil {
		return nil, aerr
	}
	if ch.Type == ChatChannel && !ch.member(r.bot.user.ID, s.unix()).isAdmin() {
		return nil, badRequest("member list is inaccessible")
	}
	return ch, nil
}

func getChatMember(s *Server, r *request) (any, *apiError) {
	ch, aerr := s.memberList(r)
	if aerr != nil {
		return nil, aerr
	}
	u, aerr := s.target(r)
	if aerr != nil {
		return nil, aerr
	}
	if _, seen := ch.members[u.ID]; !seen && ch.unseenErr != "" {
		return nil, badRequest(ch.unseenErr)
	}
	if ch.Type == ChatPrivate {
		st := StatusLeft
		if u.ID == ch.ID || u.ID == r.bot.user.ID {
			st = StatusMember
		}
		return memberJSON(ch.Type, *u, Member{Status: st}, r.bot.user.ID), nil
	}
	return memberJSON(ch.Type, *u, ch.member(u.ID, s.unix()), r.bot.user.ID), nil
}

func getChatAdministrators(s *Server, r *request) (any, *apiError) {
	ch, aerr := s.memberList(r)
	if aerr != nil {
		return nil, aerr
	}
	if ch.Type == ChatPrivate {
		return nil, badRequest("there are no administrators in the private chat")
	}
	withBots := r.p.boolean("return_bots")
	out := []map[string]any{}
	for _, id := range ch.order {
		m, u := ch.member(id, s.unix()), s.users[id]
		if !m.isAdmin() || (u.IsBot && id != r.bot.user.ID && !withBots) {
			continue
		}
		out = append(out, memberJSON(ch.Type, *u, m, r.bot.user.ID))
	}
	return out, nil
}

func getChatMemberCount(s *Server, r *request) (any, *apiError) {
	ch, aerr := s.chatFor(r, accessPublic)
	if aerr != nil {
		return nil, aerr
	}
	if ch.Type == ChatPrivate {
		return 2, nil
	}
	n := 0
	for _, id := range ch.order {
		if ch.member(id, s.unix()).InChat() {
			n++
		}
	}
	return n, nil
}

func leaveChat(s *Server, r *request) (any, *apiError) {
	ch, aerr := s.chatFor(r, accessMember)
	if aerr != nil {
		return nil, aerr
	}
	if ch.Type == ChatPrivate {
		return nil, badRequest("chat member status can't be changed in private chats")
	}
	s.changeMember(ch, r.bot.user.ID, Member{Status: StatusLeft}, r.bot.user, nil)
	s.serviceLeft(ch, r.bot.user, r.bot.user)
	return true, nil
}

// inviteAdmin resolves a chat where the bot may manage invite links.
func (s *Server) inviteAdmin(r *request) (*chatState, *apiError) {
	ch, aerr := s.chatFor(r, accessMember)
	if aerr != nil {
		return nil, aerr
	}
	if ch.Type == ChatPrivate || !ch.member(r.bot.user.ID, s.unix()).can(canInvite) {
		return nil, badRequest("not enough rights to manage chat invite link")
	}
	return ch, nil
}

func (s *Server) newLinkURL() string {
	sum := sha256.Sum256(fmt.Appendf(nil, "invite-%d", s.next("link")))
	return "https://t.me/+" + base64.RawURLEncoding.EncodeToString(sum[:])[:16]
}

func createChatInviteLink(s *Server, r *request) (any, *apiError) {
	ch, aerr := s.inviteAdmin(r)
	if aerr != nil {
		return nil, aerr
	}
	limit := r.p.intOr("member_limit", 0)
	if limit < 0 || limit > 99999 {
		return nil, badRequest("USAGE_LIMIT_INVALID")
	}
	link := &InviteLink{
		InviteLink: s.newLinkURL(), Creator: r.bot.user, CreatesJoinRequest: r.p.boolean("creates_join_request"),
		Name: linkName(r.p["name"]), ExpireDate: r.p.intOr("expire_date", 0), MemberLimit: int(limit),
	}
	if link.CreatesJoinRequest && link.MemberLimit != 0 {
		return nil, badRequest("member limit can't be specified for links requiring administrator approval")
	}
	ch.links = append(ch.links, link)
	return link, nil
}

func exportChatInviteLink(s *Server, r *request) (any, *apiError) {
	ch, aerr := s.inviteAdmin(r)
	if aerr != nil {
		return nil, aerr
	}
	for _, l := range ch.links {
		if l.IsPrimary {
			l.IsRevoked, l.IsPrimary = true, false
		}
	}
	ch.primary = s.newLinkURL()
	ch.links = append(ch.links, &InviteLink{InviteLink: ch.primary, Creator: r.bot.user, IsPrimary: true})
	return ch.primary, nil
}

// joinRequest resolves a pending join request the bot may handle.
func (s *Server) joinRequest(r *request) (*chatState, *User, *apiError) {
	ch, aerr := s.chatFor(r, accessMember)
	if aerr != nil {
		return nil, nil, aerr
	}
	u, aerr := s.target(r)
	if aerr != nil {
		return nil, nil, aerr
	}
	if !ch.member(r.bot.user.ID, s.unix()).can(canInvite) {
		return nil, nil, badRequest("CHAT_ADMIN_REQUIRED")
	}
	if ch.member(u.ID, s.unix()).InChat() {
		return nil, nil, badRequest("USER_ALREADY_PARTICIPANT")
	}
	if _, pending := ch.requests[u.ID]; !pending {
		return nil, nil, badRequest("HIDE_REQUESTER_MISSING")
	}
	return ch, u, nil
}

func approveChatJoinRequest(s *Server, r *request) (any, *apiError) {
	ch, u, aerr := s.joinRequest(r)
	if aerr != nil {
		return nil, aerr
	}
	s.admitRequest(ch, u, r.bot.user)
	return true, nil
}

func declineChatJoinRequest(s *Server, r *request) (any, *apiError) {
	ch, u, aerr := s.joinRequest(r)
	if aerr != nil {
		return nil, aerr
	}
	ch.dropRequest(u.ID)
	return true, nil
}
