package collections

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// BotTimers is the internal, superuser-only collection of the bots' pending timed
// actions (package gatekeeper): message auto-deletions and join-request declines, so
// that a restart runs them anyway (overdue ones at once).
const BotTimers = "bot_timers"

// bot_timers fields (bot_id, chat_id, user_id and kind are the shared names).
const (
	// FieldMessageID is the message a timer deletes (or edits, for a join request).
	FieldMessageID = "message_id"
	// FieldDueAt is when the timer fires.
	FieldDueAt = "due_at"
)

// Kinds of bot_timers rows.
const (
	// TimerDeleteMessage deletes message_id in chat_id.
	TimerDeleteMessage = "delete_message"
	// TimerDeclineRequest declines user_id's join request to chat_id and edits the
	// private message message_id that told them what to join.
	TimerDeclineRequest = "decline_request"
)

// TimerKinds are the values of bot_timers.kind.
var TimerKinds = []string{TimerDeleteMessage, TimerDeclineRequest}

// BotTimer is a typed view of a bot_timers record.
type BotTimer struct{ core.BaseRecordProxy }

// Kind is TimerDeleteMessage or TimerDeclineRequest.
func (t *BotTimer) Kind() string { return t.GetString(FieldKind) }

// ChatID is the chat the timer acts in.
func (t *BotTimer) ChatID() int64 { return t.GetInt64(FieldChatID) }

// UserID is the user the timer is about (0 for a message deletion).
func (t *BotTimer) UserID() int64 { return t.GetInt64(FieldUserID) }

// MessageID is the message the timer deletes or edits (0 = none).
func (t *BotTimer) MessageID() int { return t.GetInt(FieldMessageID) }

// DueAt is when the timer fires.
func (t *BotTimer) DueAt() types.DateTime { return t.GetDateTime(FieldDueAt) }
