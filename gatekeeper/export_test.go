package gatekeeper

import (
	"github.com/nezuko/nezuko/gatekeeper/i18n"
	"github.com/nezuko/nezuko/gatekeeper/warnings"
)

// Test hooks for the external tests (package gatekeeper_test), which cannot be
// internal: they use testutil, whose hooks import this package.

// The English texts tests look for.
var (
	AnswerNotYours    = i18n.T("en", i18n.AnsNotYours)
	AnswerMissing     = i18n.T("en", i18n.AnsMissing, "channels", "")
	AnswerVerified    = i18n.T("en", i18n.AnsVerified)
	AnswerChecking    = i18n.T("en", i18n.AnsChecking)
	ReplyNotAdmin     = i18n.T("en", i18n.NotAdmin)
	ReplyNeedRights   = i18n.T("en", i18n.NeedRights)
	ReplyNotProtected = i18n.T("en", i18n.NotProtected)
)

// Text is a catalog text by its English original's key name, for tests of languages.
func Text(lang, name string, args ...string) string { return i18n.T(lang, textKeys[name], args...) }

// textKeys names the keys tests use.
var textKeys = map[string]i18n.Key{
	"warn_join": i18n.WarnJoin, "warn_message": i18n.WarnMessage, "warn_kick": i18n.WarnKick, "warn_delete": i18n.WarnDelete,
	"warn_sender_chat": i18n.WarnSenderChat, "warn_sender_chat_banned": i18n.WarnSenderChatBanned,
	"req_dm": i18n.ReqDM, "req_approved": i18n.ReqApproved, "req_expired": i18n.ReqExpired, "settings_saved": i18n.SettingsSaved,
	"health_bad": i18n.HealthBad, "added_hint": i18n.AddedHint, "added_hint_admin": i18n.AddedHintAdmin, "btn_joined": i18n.BtnJoined,
}

// SweepJoinRequests declines the join requests older than 24 h now.
func (e *Engine) SweepJoinRequests() { e.sweepRequests(e.ctx) }

// RunMaintenance runs the 15-minute duties (rights health, member counts) once.
func (e *Engine) RunMaintenance() { e.maintain(e.ctx) }

// SetGroupRate changes rate_per_group_per_minute as a re-read of admin_config would.
func (e *Engine) SetGroupRate(perMinute int) {
	s := e.settings.Get()
	s.RatePerGroup = perMinute
	e.settings.Set(s)
}

// HasWarning reports whether the user has a queued or live warning in the group.
func (e *Engine) HasWarning(groupID, userID int64) bool { return e.warnings.Has(groupID, userID) }

// QueuedWarnings is the length of the group's warning queue.
func (e *Engine) QueuedWarnings(groupID int64) int { return e.warnings.Queued(groupID) }

// Warn queues a warning with the given text for the user.
func (e *Engine) Warn(groupID, userID int64, text string) {
	e.warnings.Warn(groupID, userID, 0, text, warnings.Keyboard("en", warnings.VerifyData(userID), nil), 0, nil)
}

// RecheckMutes runs one background re-check of the bot's own mutes now.
func (e *Engine) RecheckMutes() { e.recheckMutes(e.ctx) }

// SweepChannelRequests re-checks the pending channel join requests that no longer
// count now (the minute sweep's part for them).
func (e *Engine) SweepChannelRequests() { e.sweepChannelRequests(e.ctx) }

// SingleWarnings makes the engine send one warning per user even under a burst (the
// baseline of the raid benchmark).
func (e *Engine) SingleWarnings() { e.warnings.Single() }

// CombinedButtonPrefix starts the callback data of a combined warning's "I have joined".
const CombinedButtonPrefix = warnings.CombinedPrefix

// ShownWarnings are the users of the group whose warning (their own or a combined
// one) Telegram shows now.
func (e *Engine) ShownWarnings(groupID int64) []int64 { return e.warnings.Shown(groupID) }
