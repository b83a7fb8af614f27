// Package telegram is Nezuko's Telegram Bot API client: the http client every bot's
// calls pass through (logging, retries, rate limits, token redaction) and the token
// facts the server needs outside the bots (shape, getMe). It knows no engine.
//
//	cl := telegram.New(telegram.Config{BotID: id, OnCall: logRow, OnPoll: polled})
//	b, err := bot.New(token, bot.WithServerURL(apiURL), bot.WithHTTPClient(cl.PollTimeout(), cl))
//	b.SendMessage(telegram.WithCall(ctx, chatID, userID), params)
//
//	me, err := telegram.Identify(ctx, apiURL, token)
//	if errors.Is(err, telegram.ErrRefused) { … }
//
// # Calls
//
// Client.Do reports one Call per HTTP attempt to Config.OnCall (getUpdates excepted:
// long polls are not calls the bot makes), with the chat and user of WithCall (else
// the request's chat_id and user_id). It honours retry_after of a 429 for every
// method (at most 5 times for one call), retries 5xx answers, network errors and
// answers that are not JSON with backoff (3 tries in all), and never retries other
// errors: those are logged with Telegram's reason at WARN, except the refusals that
// are part of normal work ("message to delete not found", "message is not modified",
// "can't initiate conversation", a getChatMember of a non-member), logged at DEBUG
// with error_type collections.ExpectedRefusal + the reason. A 400 carrying
// parameters.migrate_to_chat_id ("the group has been migrated to a supergroup with
// the specified identifier") goes to Config.OnMigrate. One attempt may take 20 s.
//
// # Rate limits
//
// sendMessage and editMessageText wait for the bot's rate (Config.RatePerSecond,
// SetRate; edits share the sending limits, tdlib/td#3034). GroupLimiter is the
// per-group budget (rate_per_group_per_minute, a sliding minute per chat; a slot is
// held a minute and a second: Telegram counts it when the call arrives); the caller
// decides what waits for it. Every wait is reported to Events.RateLimitWait.
//
// # Polls, 401 and 409
//
// A getUpdates whose answer is 10 s later than its long-poll timeout is abandoned as
// a network error, so a connection that never answers cannot silence the bot. Its
// outcome goes to Config.OnPoll (nil on success). When Telegram answers 401 to any
// call, Config.OnUnauthorized is called once, from its own goroutine. A 409 to
// getUpdates means another process took this token over (a newer long poll:
// "Conflict: terminated by other getUpdates request; make sure that only one bot
// instance is running"; or a webhook): OnPoll gets an error satisfying
// errors.Is(err, bot.ErrorConflict) with Telegram's description, and the client sends
// no further getUpdates. A 429 to getUpdates is waited out here (go-telegram/bot
// would poll again within 100 ms).
//
// # Tokens
//
// The client learns the token from the request path and Redact removes it from any
// error text; errors from Do are redacted already. Identify validates a token with
// getMe; its errors never contain the token.
package telegram
