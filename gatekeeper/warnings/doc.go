// Package warnings owns the engine's warning messages in groups: the per-group queue
// within the group's message budget, combined warnings under a raid, the
// warnings' texts, and their buttons and callback data.
//
//	w := warnings.New(ctx, &wg, msgs, rate, log) // msgs: the engine's Messenger
//	w.Warn(groupID, userID, thread, text, warnings.Keyboard(lang, warnings.VerifyData(userID), missing), ttl, facts)
//	w.Remove(ctx, groupID, userID, pressedMsgID) // verified, unmuted: the warning goes
//	known, named := w.Named(groupID, batchID, presser) // a combined warning's button
//	err := w.Dropped()                          // after ctx ended: what was never sent
//
// # The queue
//
// A user has at most one live warning per group: a warning asked for while one is
// live (younger than five minutes) is not sent; an older one is deleted and replaced
// (it may have scrolled away, or an admin may have deleted it). Warnings and command
// replies wait for rate_per_group_per_minute in the group's telegram.GroupLimiter,
// shared with the engine's replies; later warnings wait in the group's queue, where a
// user's newer warning replaces their queued one. One worker per group sends them
// (a unit of the engine's work: Close waits for it, and the warnings still queued
// when its context ends are counted by Dropped). A sent warning is deleted after its
// TTL through the Messenger's stored timers (bot_timers). Restricts are never held
// back: they are not messages.
//
// # Raids: combined warnings
//
// Telegram lets a bot send about 20 messages a minute into one group ("your bot will
// not be able to send more than 20 messages per minute to the same group", Bot FAQ),
// and edits count alike ("For bots the limits for message editing are the same as
// for message sending", tdlib/td#2592). When 1,000 accounts join in seconds, one
// warning each would reach the last of them about 50 minutes later. So, under a
// burst (package combine: more warnings than max(3, rate_per_group_per_minute/2)
// asked for in the last minute), a group's queued warnings that carry Facts go out as
// one message naming the newest users not named yet (combine.Fit; the rest counted
// "and K others", every name HTML-escaped), with the join buttons of every channel
// one of them misses and one "I have joined" (callback data nzb:<id>, CombinedPrefix)
// that checks whoever presses it: the engine acts only for a user the message is for
// (Named; or, for one sent before a restart, a user the bot holds a mute on), and a
// verified user is taken off the list (Remove). The text follows the newest user's
// group settings (language, warning_text with {user} as the list). The message is
// edited as users arrive or leave it, one send or edit per minute/rate at most (3 s
// at 20/min) and within the group's window, until everyone was named; deleted when
// nobody is left, or warning_ttl_seconds after its last edit (bot_timers). A combined
// warning someone deleted is sent again if it had users it had not shown yet; one
// Telegram refuses is given up (a refused edit: new users go to a new one), as is
// one whose sends or edits fail five times in a row. Mutes are not messages and never
// wait for any of this. Without a burst, each user gets their own warning as before.
package warnings
