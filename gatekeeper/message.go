package gatekeeper

import (
	"context"
	"strings"

	"github.com/go-telegram/bot/models"
)

// onMessage routes a message: joins, commands, ordinary group messages.
func (e *Engine) onMessage(ctx context.Context, m *models.Message) {
	if m.Chat.Type == models.ChatTypePrivate {
		e.onPrivate(ctx, m)
		return
	}
	if m.Chat.Type != models.ChatTypeGroup && m.Chat.Type != models.ChatTypeSupergroup {
		return
	}
	switch {
	case len(m.NewChatMembers) > 0:
		for i := range m.NewChatMembers {
			e.onJoin(ctx, m.Chat, &m.NewChatMembers[i], threadOf(m), nil)
		}
		return
	case m.LeftChatMember != nil:
		e.joins.Left(m.Chat.ID, m.LeftChatMember.ID)
		e.store.NoteGone(m.Chat.ID, m.LeftChatMember.ID)
		return
	case m.MigrateToChatID != 0: // in the old basic group
		e.migrateGroup(ctx, m.Chat.ID, m.MigrateToChatID, true)
		return
	case m.MigrateFromChatID != 0: // in the new supergroup
		e.migrateGroup(ctx, m.MigrateFromChatID, m.Chat.ID, true)
		return
	case isService(m):
		return
	}
	if cmd, args, ok := e.command(m.Text); ok {
		switch cmd {
		case "protect":
			e.onProtect(ctx, m, args)
			return
		case "unprotect":
			e.onUnprotect(ctx, m, args)
			return
		case "status":
			e.onStatus(ctx, m)
			return
		case "settings":
			e.onSettings(ctx, m, args)
			return
		case "start", "help":
			e.onGroupHelp(ctx, m, cmd)
			return
		}
	}
	e.onGroupMessage(ctx, m)
}

// command parses "/cmd[@bot] args…"; ok is false for other bots' commands and text.
func (e *Engine) command(text string) (cmd string, args []string, ok bool) {
	if !strings.HasPrefix(text, "/") {
		return "", nil, false
	}
	fields := strings.Fields(text)
	cmd, target, addressed := strings.Cut(fields[0][1:], "@")
	if addressed && !strings.EqualFold(target, e.cfg.Username) {
		return "", nil, false
	}
	return strings.ToLower(cmd), fields[1:], true
}

// addressedToMe reports whether a command names this bot ("/cmd@me").
func (e *Engine) addressedToMe(text string) bool {
	first, _, _ := strings.Cut(text, " ")
	_, target, ok := strings.Cut(first, "@")
	return ok && e.cfg.Username != "" && strings.EqualFold(target, e.cfg.Username)
}

// isService reports whether a message is a service message (not something a member
// wrote).
func isService(m *models.Message) bool {
	return m.NewChatTitle != "" || len(m.NewChatPhoto) > 0 || m.DeleteChatPhoto || m.GroupChatCreated ||
		m.SupergroupChatCreated || m.MigrateToChatID != 0 || m.MigrateFromChatID != 0 ||
		m.PinnedMessage != nil || m.MessageAutoDeleteTimerChanged != nil || m.ForumTopicCreated != nil ||
		m.ForumTopicEdited != nil || m.ForumTopicClosed != nil || m.ForumTopicReopened != nil
}

// threadOf is the forum topic of a message (its message_thread_id when it is a topic
// message), where answers and warnings about it go; 0 = General or no forum.
func threadOf(m *models.Message) int {
	if m == nil || !m.IsTopicMessage {
		return 0
	}
	return m.MessageThreadID
}
