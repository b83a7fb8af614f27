package gatekeeper

// memberKey is one (user, chat) pair: a membership, a user's warning in a group, a
// pending join request.
type memberKey struct{ user, channel int64 }

// warnKey is the memberKey of a user in a group.
func warnKey(groupID, userID int64) memberKey { return memberKey{user: userID, channel: groupID} }
