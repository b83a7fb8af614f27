package gatekeeper

// Test hooks for the external tests (package gatekeeper_test), which cannot be
// internal: they use testutil, whose hooks import this package.

// The English texts tests look for.
var (
	AnswerNotYours    = catalogEN[kAnsNotYours]
	AnswerMissing     = tr("en", kAnsMissing, "channels", "")
	AnswerVerified    = catalogEN[kAnsVerified]
	ReplyNotAdmin     = catalogEN[kNotAdmin]
	ReplyNeedRights   = catalogEN[kNeedRights]
	ReplyNotProtected = catalogEN[kNotProtected]
)

// Text is a catalog text by its English original's key name, for tests of languages.
func Text(lang, name string, args ...string) string { return tr(lang, textKeys[name], args...) }

// textKeys names the keys tests use.
var textKeys = map[string]msgKey{
	"warn_join": kWarnJoin, "warn_message": kWarnMessage, "warn_kick": kWarnKick, "warn_delete": kWarnDelete,
	"req_dm": kReqDM, "req_approved": kReqApproved, "req_expired": kReqExpired, "settings_saved": kSettingsSaved,
	"health_bad": kHealthBad, "added_hint": kAddedHint, "added_hint_admin": kAddedHintAdmin, "btn_joined": kBtnJoined,
}

// CatalogGaps lists, per language, the keys its catalog lacks.
func CatalogGaps() map[string]int {
	out := map[string]int{}
	for lang, cat := range catalogs {
		for k := msgKey(0); k < numKeys; k++ {
			if _, ok := cat[k]; !ok {
				out[lang]++
			}
		}
	}
	return out
}

// SweepJoinRequests declines the join requests older than 24 h now.
func (e *Engine) SweepJoinRequests() { e.sweepRequests(e.ctx) }

// RunMaintenance runs the 15-minute duties (rights health, member counts) once.
func (e *Engine) RunMaintenance() { e.maintain(e.ctx) }

// SetGroupRate changes rate_per_group_per_minute as a re-read of admin_config would.
func (e *Engine) SetGroupRate(perMinute int) {
	s := e.settings.get()
	s.ratePerGroup = perMinute
	e.settings.set(s)
}

// HasWarning reports whether the user has a queued or live warning in the group.
func (e *Engine) HasWarning(groupID, userID int64) bool { return e.warnings.has(groupID, userID) }

// QueuedWarnings is the length of the group's warning queue.
func (e *Engine) QueuedWarnings(groupID int64) int {
	e.warnings.mu.Lock()
	defer e.warnings.mu.Unlock()
	if q := e.warnings.groups[groupID]; q != nil {
		return len(q.items)
	}
	return 0
}

// Warn queues a warning with the given text for the user.
func (e *Engine) Warn(groupID, userID int64, text string) {
	e.warnings.warn(groupID, userID, text, warningKeyboard("en", verifyData(userID), nil), 0)
}

// OffsetTracker exposes the update watermark.
type OffsetTracker struct{ t *offsetTracker }

// NewOffsetTracker starts a tracker at a saved offset.
func NewOffsetTracker(saved int64) OffsetTracker { return OffsetTracker{newOffsetTracker(saved)} }

// Begin registers an update.
func (o OffsetTracker) Begin(id int64) bool { return o.t.begin(id) }

// Finish marks an update handled.
func (o OffsetTracker) Finish(id int64) { o.t.finish(id) }

// Last is the watermark.
func (o OffsetTracker) Last() int64 { return o.t.last() }

// RecheckMutes runs one background re-check of the bot's own mutes now.
func (e *Engine) RecheckMutes() { e.recheckMutes(e.ctx) }
