// Package gatekeeper is Nezuko's enforcement engine: one Engine per bot mutes the
// members of its protected groups who have not joined every linked channel, warns them
// with one join button per missing channel and an "I have joined" button only they can
// use, and mutes them again when they leave a channel (DESIGN.md §4) in the groups
// where it has seen them (bots cannot list members: store's bot_members).
//
//	e, err := gatekeeper.New(gatekeeper.Config{App: app, Logs: logs, Stats: an, BotRecordID: rec.Id,
//		BotID: id, Username: "gate_bot", APIURL: apiURL, OnUnauthorized: stop}) // starts nothing
//	err = e.Start(ctx)        // the settings, persistence and maintenance loops
//	b, err := bot.New(token, e.BotOptions()...)
//	e.Bind(b)
//	go b.Start(ctx)           // long polling; or feed webhook updates to e.Handle
//	…
//	cancel(); e.Close(ctx)    // persists the offset, drains the warning queues
//
// # Telegram client
//
// BotOptions installs the bot's client (package telegram, built by newClient from this
// Config and holding nothing of the engine; its doc has the retries, rate limits, 401
// and 409 rules) as the bot's http client, and does not skip getMe, so bot.New
// validates the token (a caller that did may append bot.WithSkipGetMe). A 401 to any
// call reaches Config.OnUnauthorized once (the bot manager stops the bot, reason
// "unauthorized"); Config.OnPoll hears every getUpdates outcome, a 409 among them;
// Config.OnError the rest of go-telegram/bot's errors, token redacted. A 400 with
// parameters.migrate_to_chat_id moves the group (migrateGroup). Warnings and command
// replies also wait for the group's telegram.GroupLimiter (rate_per_group_per_minute);
// what waits and how queued warnings are combined is package warnings' decision;
// restricts are never held back.
//
// # Updates
//
// BotOptions registers Handle's asynchronous twin as the default handler with
// bot.WithNotAsyncHandlers and an unbuffered updates channel, so updates are
// registered in arrival order (an update the poller took is registered before the
// poller stops) and handled concurrently (at most Config.MaxConcurrent at once). The
// handled update_ids (package updateids: ranges of the last 25 h, never assuming ids
// only grow) are written to bot_offsets.handled_updates at most once a second and at
// Close, the highest of the current numbering to last_update_id. A restarted bot
// polls without an offset, so Telegram sends every unconfirmed update again, and
// skips the ones it remembers; Handle likewise ignores a webhook redelivery. An id
// lower than the one before it from getUpdates is a numbering restart: the engine
// logs it and follows it. The joins decided in the last minute are saved at Close
// (bot_offsets.recent_joins), so the second of the two updates of one join makes no
// second decision after a restart. Handling runs on the engine's own context:
// stopping the poller does not abort an update half-way; Close waits for it.
//
// # Group settings
//
// A group's Policy (package groups, whose doc lists every param and what it does) is
// derived from protected_groups.params (DESIGN.md §4) and re-read for the next update
// after a change made through the app (hooks call ForgetGroup), else within 30 s.
// Group admins change them with "/settings KEY VALUE" (package groupsettings reads
// it); "/settings requests @channel on|off" sets the channel's count_join_requests (an
// admin of that channel only).
//
// # Raids: combined warnings
//
// Under a burst of warnings in a group, its queued warnings go out as one combined
// message, edited as users arrive or leave it, within the group's budget (package
// warnings has the details); its one "I have joined" (callback data nzb:<id>) checks
// whoever presses it and acts only for a user it is for (or, for one sent before a
// restart, a user the bot holds a mute on). Mutes never wait for any of this.
//
// # Commands and texts
//
// /protect, /unprotect, /status and /settings answer group admins only; /start and
// /help answer anyone (privately: the set-up guide in the user's language). Every text
// comes from the message catalog (package gatekeeper/i18n; English complete, Spanish,
// German), chosen by the group's language. i18n.DefaultWarning hands the default
// warning of each language and action to the dashboard (GET /api/nezuko/schema), which
// shows it as the placeholder and preview of a group's warning_text.
//
// # Messages sent as a chat
//
// A message with sender_chat is exempt only when that chat is the group itself (an
// anonymous admin), one of the group's required channels, or its linked discussion
// channel (getChat linked_chat_id, cached 5 min; automatic forwards included). Any
// other chat — a member writing as their own channel, with Telegram's Channel_Bot as
// from — is treated as a non-member: the message is deleted and, under action mute or
// kick, the chat is banned from writing in the group (banChatSenderChat); a warning
// names the chat and tells how to write as oneself after joining, with the join
// buttons (no "I have joined": the person behind the chat is unknown). Observe mode
// only logs it (INFO). No verification_log row is written for a chat: no membership
// is looked up. When the linked channel cannot be read, the message is left alone.
//
// # Buttons
//
// Every callback query is answered within a second or so (Telegram shows a spinner
// until then and refuses answers ~15 s after the press): with the outcome when it
// is ready within callbackWait (1 s), else at once with "Checking…", and the outcome
// follows — the warning disappears (verified), the join request message is edited
// (approved), or a short message to the presser in the button's chat and topic says
// what is still missing or that something failed. Buttons that are not the engine's
// are answered empty.
//
// # Forum groups
//
// In a forum supergroup, warnings and command answers go to the topic of the
// message that caused them (its message_thread_id when is_topic_message); a join's
// warning goes to the join service message's topic, if any, else to General, as do
// warnings about leaving a channel.
//
// # Join requests
//
// With join_requests on, a group's chat_join_requests are gated: approved when the
// user is in every channel, else after "I have joined", declined after 24 h. Package
// gatekeeper/joinrequests holds the pending ones and has the details.
//
// # Channel join requests and group links
//
// For each (group, channel) pair the bot makes an invite link of its own, named after
// the group, which the group's warnings use and by which joins into the channel are
// attributed to the group (package gatekeeper/invitelinks: naming, replacement,
// refusals, health). With a channel's count_join_requests on, a pending
// chat_join_request to it counts as membership until the user joins or leaves, or
// 24 h pass and the sweep re-checks it (package gatekeeper/joinrequests).
//
// # Rights health and maintenance
//
// The bot checks its own rights (package rights: a supergroup, admin with
// can_restrict_members and can_delete_messages in the group, can_invite_users with
// join_requests, admin in each channel, with can_invite_users where people join by
// the bot's links: a private one, or one whose join requests count) on every
// my_chat_member update, on /protect, on /status and every Config.MaintainEvery (15
// min), stores protected_groups.health and logs a WARNING when a problem appears.
// The same maintenance stores member and subscriber counts. Added to a group, the
// bot records it (disabled, served by this bot) and sends the adder a setup hint;
// removed, it disables the group.
//
// # Basic groups and private channels
//
// Telegram restricts members only in supergroups: /protect in a basic group enables
// nothing and explains how to upgrade it, a basic group is never enforced, and its
// health lists rights.Supergroup. When Telegram upgrades a group (a service message with
// migrate_to_chat_id or migrate_from_chat_id, or a 400 with
// parameters.migrate_to_chat_id to any call), its protected_groups row with links,
// params and health moves to the new id (an INFO log) and the rights are re-checked
// there. A private channel (no username) can be required only by one of its
// administrators (checked with getChatMember; an anonymous admin cannot be) and only
// while the bot may invite users via link there.
//
// # Membership lookups
//
// getChatMember answering 400 PARTICIPANT_ID_INVALID, "member not found" or "user
// not found" means the user is not a member (rights.NotAMember: status restricted,
// cached like any "no"), not a failed lookup that on_error=allow would let in.
//
// # Whose restrictions
//
// Real Telegram, not a kind fake, is the reference. The bot records every mute it sets
// in bot_restrictions (kind "channels" for missing channels, "command" for mute_user)
// and lifts only those: before muting (or kicking) it reads the member, and a member
// restricted already is left as they are, so a person's mute is never overwritten,
// made permanent, kicked away or lifted (the warning still goes out). A lift passes
// every permission true (rights.Unmuted; anything less leaves the user restricted,
// frozen at those rights). A mute of the bot's is lifted as soon as the user is seen
// in every channel, button or not: by a channel's chat_member update, the button,
// coming back to the group (Telegram keeps a restriction while the user is away), or
// the minute sweep that re-checks a few of the last week's mutes, oldest-checked first
// (chat_member updates are not promised for every member of a large channel). A
// person's later change of such a member (lift, ban, other restriction) makes the
// restriction theirs: the record goes.
//
// # Conversion funnel
//
// The engine logs its funnel steps into gate_events through the log writer (like
// verification_log rows): "checked" when it decides on a join (onJoin, after the
// channel lookups), "muted" or "warned" when it acts on a user missing channels (actIn;
// "warned" under action kick or delete; nothing in observe mode), "unmuted" when it
// lifts its own mute (liftOwn). A gated join request to a group (join_requests on) is
// the join being checked: it writes "checked", and "warned" when it sends the private
// message with the join buttons; the join that follows its approval writes no second
// "checked" (joinrequests.Groups.MarkCounted, in memory for 25 h). Package analytics
// turns them, with channel_joins, into get_conversion_funnel. /status adds how many
// subscribers the group's invite links brought to each channel in the last 7 days
// (channel_joins rows attributed to the group, as members). /status's counts
// (distinct users per decision in 24 h, joins per channel in 7 days) come from
// Config.Stats, which package analytics implements (hooks wires it); without one they
// read 0.
//
// # Persistence and timers
//
// Every read and write of a collection goes through package gatekeeper/store, which
// writes bot_restrictions, bot_timers, bot_join_requests, bot_invite_links and
// channel_joins through one ordered background queue (retried while the database is
// locked; Close waits for it), so a busy database never holds back a mute, a lift or a
// warning; the engine reads its own queued restriction writes from memory. A crash
// between a mute and its queued record loses the record (that mute is then lifted
// only by a person). Deletions (package timers) and join-request declines are stored
// in bot_timers with their due time; Bind reschedules those of an earlier run and runs
// the overdue ones at once.
//
// # Sub-packages
//
// The engine's files are its decisions; the mechanisms they use live below it:
//
//   - groups: the protected group, its Policy from params and the one-second group cache.
//   - membership: the membership, administrator, linked-channel and recent-join caches.
//   - rights: reading a ChatMember; the rights the bot lacks.
//   - warnings: the per-group warning queue, combined warnings and the warnings' buttons.
//   - combine: burst detection and the naming layout of combined warnings.
//   - joinrequests: the pending join requests (gated to groups, counted to channels).
//   - invitelinks: the bot's invite link per (group, channel), its name and refusals.
//   - updateids: which update_ids were handled.
//   - timers: timed message deletions, each message deleted once.
//   - botsettings: admin_config's bot-wide settings (TTLs, rates), kept current.
//   - groupsettings: the /settings command read against a group's params, and its answers.
//   - status: the words of the /status answer, rights health included.
//   - counts: the member and subscriber counts, read from Telegram and stored.
//   - schedule: when maintenance and the sweep run, and the pace of a maintenance.
//   - menus: the command menus Telegram offers, in every catalog language.
//   - store: every collection read and write of the engine.
//   - i18n: the message catalogs.
package gatekeeper
