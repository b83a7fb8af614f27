package gatekeeper

// memberKey is one (user, chat) pair: a membership, a user's warning in a group, a
// pending join request.
type memberKey struct{ user, channel int64 }
