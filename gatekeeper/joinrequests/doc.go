// Package joinrequests owns the engine's pending join requests, to groups and channels.
//
// Groups holds the requests to the engine's groups that it gates, with the callback
// data of their button; Channels holds the requests to channels that count as
// membership. The engine approves, declines and re-checks them itself.
//
// # Gated join requests to groups
//
// With a group's join_requests on, the engine approves a chat_join_request of a user
// in every channel at once; anyone else gets a private message with the join buttons
// and "I have joined" (callback data ButtonData: nzj:<group id>) and is approved when
// they press it after joining, or declined after TTL (24 h). Groups holds those
// waiting; the engine's clock (Config.Now) decides when one expired, and each is
// stored in bot_timers as well, so a restart still declines it (the engine puts the
// stored ones back with Put).
//
// A gated request is the join being checked (funnel): the engine writes "checked" for
// it and marks it counted (MarkCounted), so the join that follows its approval writes
// no second "checked" (TakeCounted). The marks stand for 25 h (TTL + 1 h) and are in
// memory only: a restart between request and join counts that join twice.
//
// # Join requests to channels
//
// With a channel's count_join_requests on, a pending chat_join_request to it counts
// as membership (verification_log: verified, error_type pending_request) and lifts
// the bot's mutes where it was all that was missing. Channels keeps those requests in
// memory (read from bot_join_requests on first use) and durably through Store (the
// engine's write queue). One is dropped when the user joins or leaves the channel or
// is banned there. Telegram sends no update when a user withdraws a request or an
// admin declines it in the app, and the Bot API cannot list pending requests: so
// after 24 h a request no longer counts (Overdue lists those) and the engine's sweep
// re-checks it; a user still not a member is muted and warned again.
//
//	g := joinrequests.NewGroups()
//	old := g.Put(&joinrequests.Request{GroupID: group, UserID: user, At: now})
//	ch := joinrequests.NewChannels(db, log)
//	ok := ch.Counts(user, channel, now)
package joinrequests
