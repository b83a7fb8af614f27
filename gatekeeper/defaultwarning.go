package gatekeeper

// DefaultWarningText is the warning a group gets for a member's message when its params
// set no warning_text: the catalog text in lang (English when lang is unknown) for action
// (mute, kick or delete; anything else as mute), with its {user}, {channels} and {group}
// placeholders left in. The dashboard previews it (GET /api/nezuko/schema).
func DefaultWarningText(lang, action string) string {
	key := kWarnMessage
	switch action {
	case ActionKick:
		key = kWarnKick
	case ActionDelete:
		key = kWarnDelete
	}
	return tr(lang, key)
}
