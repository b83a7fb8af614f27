package telegramtest

import (
	"fmt"
	"regexp"
	"strings"
)

type handlerFunc func(*Server, *request) (any, *apiError)

type methodSpec struct {
	name     string
	fn       handlerFunc
	unlocked bool // the handler takes s.mu itself (long polling)
}

// methods are the Bot API methods the fake answers, by lower-case name
// (Telegram matches method names case-insensitively).
var methods = func() map[string]methodSpec {
	m := map[string]methodSpec{}
	add := func(name string, fn handlerFunc) { m[strings.ToLower(name)] = methodSpec{name: name, fn: fn} }
	m["getupdates"] = methodSpec{name: "getUpdates", fn: getUpdates, unlocked: true}
	add("getMe", getMe)
	add("setWebhook", setWebhook)
	add("deleteWebhook", deleteWebhook)
	add("getWebhookInfo", getWebhookInfo)
	add("getChat", getChat)
	add("getChatMember", getChatMember)
	add("getChatAdministrators", getChatAdministrators)
	add("getChatMemberCount", getChatMemberCount)
	add("restrictChatMember", restrictChatMember)
	add("banChatMember", banChatMember)
	add("unbanChatMember", unbanChatMember)
	add("banChatSenderChat", banChatSenderChat)
	add("unbanChatSenderChat", unbanChatSenderChat)
	add("approveChatJoinRequest", approveChatJoinRequest)
	add("declineChatJoinRequest", declineChatJoinRequest)
	add("sendMessage", sendMessage)
	add("editMessageText", editMessageText)
	add("deleteMessage", deleteMessage)
	add("answerCallbackQuery", answerCallbackQuery)
	add("createChatInviteLink", createChatInviteLink)
	add("exportChatInviteLink", exportChatInviteLink)
	add("editChatInviteLink", editChatInviteLink)
	add("revokeChatInviteLink", revokeChatInviteLink)
	add("setMyCommands", setMyCommands)
	add("getMyCommands", getMyCommands)
	add("deleteMyCommands", deleteMyCommands)
	add("leaveChat", leaveChat)
	return m
}()

// access says what a method needs from the calling bot to reach a chat.
type access int

const (
	accessMember access = iota // the bot is in the chat
	accessPublic               // ... or the chat has a public username
	accessSend                 // like accessMember; private chats need the user to have started the bot
)

// chatFor resolves chat_id for the calling bot, with Telegram's errors for
// chats it cannot reach.
func (s *Server) chatFor(r *request, need access) (*chatState, *apiError) {
	ref, aerr := r.p.chatRef()
	if aerr != nil {
		return nil, aerr
	}
	if ref.id > 0 {
		if pc := s.privates[[2]int64{ref.id, r.bot.user.ID}]; pc != nil {
			return pc, nil
		}
		if u := s.users[ref.id]; u != nil && need == accessSend {
			if u.IsBot {
				return nil, forbidden("bot can't send messages to bots")
			}
			return nil, forbidden("bot can't initiate conversation with a user")
		}
		return nil, badRequest("chat not found")
	}
	ch := s.chatByRef(ref)
	if ch == nil {
		return nil, badRequest("chat not found")
	}
	if ch.migratedTo != 0 {
		// Every method addressed to a basic group that became a supergroup answers
		// this, with the new id in parameters (Bot API, ResponseParameters:
		// "migrate_to_chat_id: The group has been migrated to a supergroup with the
		// specified identifier"; the body as quoted in TwiN/gatus#179).
		return nil, &apiError{code: 400, desc: "Bad Request: group chat was upgraded to a supergroup chat", migrateTo: ch.migratedTo}
	}
	me, seen := ch.members[r.bot.user.ID]
	switch {
	case seen && ch.member(r.bot.user.ID, s.unix()).InChat():
		return ch, nil
	case need == accessPublic && ch.Username != "":
		return ch, nil
	case seen && me.Status == StatusKicked:
		return nil, forbidden(fmt.Sprintf("bot was kicked from the %s chat", kindName(ch.Type)))
	case seen || ch.Username != "" || ch.Type == ChatChannel:
		return nil, forbidden(fmt.Sprintf("bot is not a member of the %s chat", kindName(ch.Type)))
	}
	return nil, badRequest("chat not found")
}

// target reads user_id and returns the user, or "user not found".
func (s *Server) target(r *request) (*User, *apiError) {
	uid, aerr := r.p.userID()
	if aerr != nil {
		return nil, aerr
	}
	u := s.users[uid]
	if u == nil {
		return nil, badRequest("user not found")
	}
	return u, nil
}

func getMe(s *Server, r *request) (any, *apiError) {
	u := r.bot.user
	return map[string]any{
		"id": u.ID, "is_bot": true, "first_name": u.FirstName, "username": u.Username,
		"can_join_groups": true, "can_read_all_group_messages": !r.bot.privacy,
		"supports_inline_queries": false, "can_connect_to_business": false, "has_main_web_app": false,
	}, nil
}

var commandRE = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)

// commandsKey names a command list by scope and language.
func commandsKey(p params) string {
	scope := map[string]any{}
	if p["scope"] != "" {
		_ = p.decode("scope", &scope)
	}
	t, _ := scope["type"].(string)
	if t == "" {
		t = "default"
	}
	return fmt.Sprintf("%s/%v/%v/%s", t, scope["chat_id"], scope["user_id"], p["language_code"])
}

func setMyCommands(s *Server, r *request) (any, *apiError) {
	var cmds []botCommand
	if err := r.p.decode("commands", &cmds); err != nil {
		return nil, badRequest("can't parse commands JSON object")
	}
	if len(cmds) > 100 {
		return nil, badRequest("BOT_COMMANDS_TOO_MUCH")
	}
	for _, c := range cmds {
		if !commandRE.MatchString(c.Command) {
			return nil, badRequest("BOT_COMMAND_INVALID")
		}
		if n := len([]rune(c.Description)); n == 0 || n > 256 {
			return nil, badRequest("BOT_COMMAND_DESCRIPTION_INVALID")
		}
	}
	if r.bot.commands == nil {
		r.bot.commands = map[string][]botCommand{}
	}
	r.bot.commands[commandsKey(r.p)] = cmds
	return true, nil
}

func getMyCommands(s *Server, r *request) (any, *apiError) {
	cmds := r.bot.commands[commandsKey(r.p)]
	if cmds == nil {
		cmds = []botCommand{}
	}
	return cmds, nil
}

func deleteMyCommands(s *Server, r *request) (any, *apiError) {
	delete(r.bot.commands, commandsKey(r.p))
	return true, nil
}
