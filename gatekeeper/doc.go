// Package gatekeeper is Nezuko's enforcement engine: one Engine per bot mutes the
// members of its protected groups who have not joined every linked channel, warns them
// with one join button per missing channel and an "I have joined" button only they can
// use, and mutes them again when they leave a channel (DESIGN.md §4).
//
//	e, err := gatekeeper.New(gatekeeper.Config{App: app, Logs: logs, BotRecordID: rec.Id,
//		BotID: id, Username: "gate_bot", APIURL: apiURL, OnUnauthorized: stop})
//	b, err := bot.New(token, e.BotOptions()...)
//	e.Bind(b)
//	go b.Start(ctx)           // long polling; or feed webhook updates to e.Handle
//	…
//	cancel(); e.Close(ctx)    // persists the offset, drains the warning queues
//
// # Transport
//
// BotOptions installs an http client (bot.WithHTTPClient) through which every Bot API
// call passes. It writes one api_call_log row per HTTP attempt (getUpdates excepted:
// long polls are not calls the engine makes), honours retry_after of a 429 for every
// method, retries 5xx answers, network errors and answers that are not JSON with
// backoff (3 tries in all), never retries other errors, and holds sendMessage to
// rate_per_bot_per_second. Warnings also wait for rate_per_group_per_minute in a
// per-group queue; restricts are never held back. A getUpdates whose answer is 10 s later than its long-poll timeout is
// abandoned as a network error, so a connection that never answers cannot silence the
// bot. Tokens never reach an error, a log line or a log row.
//
// # Unauthorized tokens
//
// When Telegram answers 401 to any call (getMe, getUpdates or a method), the engine
// calls Config.OnUnauthorized once, from its own goroutine; the bot manager stops the
// bot there with reason "unauthorized". Every error go-telegram/bot reports goes to
// Config.OnError (token redacted); a 401 there also satisfies
// errors.Is(err, bot.ErrorUnauthorized). Config.OnPoll is told the outcome of every
// getUpdates (nil on success), for a manager that marks the bot running or restarts a
// failing loop.
//
// # getMe
//
// BotOptions does not include bot.WithSkipGetMe: bot.New validates the token with
// getMe (a 401 fails bot.New and calls OnUnauthorized). A caller that validated the
// token already may append bot.WithSkipGetMe() itself.
//
// # Updates
//
// BotOptions registers Handle's asynchronous twin as the default handler with
// bot.WithNotAsyncHandlers and an unbuffered updates channel, so updates are
// registered in arrival order (an update the poller took is registered before the
// poller stops) and handled concurrently (at most Config.MaxConcurrent at once). The engine keeps the highest update_id below which every update was
// handled, writes it to bot_offsets at most once a second and at Close, and passes it
// to bot.WithInitialOffset, so a restart resumes after it; Handle ignores update_ids
// already handled (webhook redelivery). Handling runs on the engine's own context:
// stopping the poller does not abort an update half-way; Close waits for it.
//
// # Group settings
//
// Policy is derived from protected_groups.params (DESIGN.md §4), re-read for the next
// update after a change made through the app (hooks call ForgetGroup), else within a
// second: action mute|kick|delete (kick = ban + unban, so the user may
// come back; delete = delete their messages and warn, no restriction), mode
// enforce|observe (observe writes every verification row and acts on none), on_error
// restrict|allow (a failed lookup is logged "error" either way), warning_text with
// {user} {channels} {group} (the template and every value HTML-escaped), language,
// warning_ttl_seconds (warnings and command replies are deleted after it; 0 keeps
// them; unset = admin_config warning_ttl_seconds), exempt_user_ids and join_requests.
// Group admins change them with "/settings KEY VALUE".
//
// # Commands and texts
//
// /protect, /unprotect, /status and /settings answer group admins only; /start and
// /help answer anyone (privately: the set-up guide in the user's language). Every text
// comes from the message catalog (i18n.go; English complete, Spanish, German), chosen
// by the group's language.
//
// # Join requests
//
// With join_requests on, a chat_join_request of a user in every channel is approved;
// anyone else gets a private message with the join buttons and "I have joined" and is
// approved when they press it after joining, or declined after 24 h (Config.Now is the
// clock; pending requests are stored in bot_timers, so a restart still declines them).
//
// # Rights health and maintenance
//
// The bot checks its own rights (admin with can_restrict_members and
// can_delete_messages in the group, can_invite_users with join_requests, admin in each
// channel) on every my_chat_member update, on /protect, on /status and every
// Config.MaintainEvery (15 min), stores protected_groups.health and logs a WARNING when
// a problem appears. The same maintenance stores member and subscriber counts. Added to
// a group, the bot records it (disabled, served by this bot) and sends the adder a
// setup hint; removed, it disables the group.
//
// # Whose restrictions
//
// Real Telegram, not a kind fake, is the reference. The bot records every mute it sets
// in bot_restrictions (kind "channels" for missing channels, "command" for mute_user)
// and lifts only those: before muting (or kicking) it reads the member, and a member
// restricted already is left as they are, so a person's mute is never overwritten,
// made permanent, kicked away or lifted (the warning still goes out). A lift passes
// every permission true ("Pass True for all permissions to lift restrictions from a
// user"; anything less leaves the user restricted, frozen at those rights). A mute of
// the bot's is lifted as soon as the user is seen in every channel: by a channel's
// chat_member update, the button, coming back to the group (Telegram keeps a
// restriction while the user is away), or the minute sweep that re-checks a few of
// the last week's mutes, oldest-checked first (chat_member updates are not promised
// for every member of a large channel). A person's later change of such a member
// (lift, ban, other restriction) makes the restriction theirs: the record goes.
//
// # Timers
//
// Warning and command-reply deletions and join-request declines are stored in
// bot_timers with their due time; Bind reschedules those of an earlier run and runs
// the overdue ones at once. Writes to bot_restrictions and bot_timers go through one
// ordered background queue (retried while the database is locked; Close waits for
// it), so a busy database never holds back a mute, a lift or a warning; the engine
// reads its own queued restriction writes from memory. A crash between a mute and
// its queued record loses the record (that mute is then lifted only by a person).
package gatekeeper
