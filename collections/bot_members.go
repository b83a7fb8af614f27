package collections

// BotMembers is the internal, superuser-only collection in which each bot records
// where it has seen each user (package gatekeeper/store): joining, writing or being
// looked up in one of its groups, until they leave it. A user leaving a channel is
// looked up only in the linked groups where the bot has seen them (issue 22): the
// others are checked at their first message, as before they were ever seen.
const BotMembers = "bot_members"

// FieldSeenAt is when the bot last noted the user in the group (bot_members).
const FieldSeenAt = "seen_at"

// MembersKeepDays is how long a bot_members row outlives the user's last sighting.
const MembersKeepDays = 90
