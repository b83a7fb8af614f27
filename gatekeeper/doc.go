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
// method, retries 5xx answers and network errors with backoff (3 tries in all), never
// retries other errors, and holds sendMessage to rate_per_bot_per_second. Warnings
// also wait for rate_per_group_per_minute in a per-group queue; restricts are never
// held back. Tokens never reach an error, a log line or a log row.
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
// Policy is derived from protected_groups.params: action (mute, kick, delete), mode
// (enforce, observe), on_error (restrict, allow), exempt_user_ids and warning_text are
// honoured; the defaults are mute, enforce, restrict.
package gatekeeper
