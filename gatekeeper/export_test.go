package gatekeeper

// Test hooks for the external tests (package gatekeeper_test), which cannot be
// internal: they use testutil, whose hooks import this package.

// The texts tests look for.
const (
	AnswerNotYours    = answerNotYours
	AnswerMissing     = answerMissing
	AnswerVerified    = answerVerified
	ReplyNotAdmin     = replyNotAdmin
	ReplyNeedRights   = replyNeedRights
	ReplyNotProtected = replyNotProtected
)

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
	e.warnings.warn(groupID, userID, text, warningKeyboard(userID, nil))
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
