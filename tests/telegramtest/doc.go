// Package telegramtest is an in-process fake of the Telegram Bot API for tests
// and demos. It keeps bots, users, chats, members and messages, answers the
// Bot API methods with the real JSON shapes and error descriptions, queues the
// updates real Telegram would send (for getUpdates long polling or a
// webhook), records every call, and can inject faults and flood limits.
//
//	tg := telegramtest.NewServer(t)
//	bt := tg.AddBot("gate_bot")
//	group := tg.AddSupergroup("Fans")
//	tg.SetMember(group.ID, bt.ID, telegramtest.Admin(telegramtest.AdminRights{CanRestrictMembers: true}))
//	b, _ := bot.New(bt.Token, bot.WithServerURL(tg.URL))
//
// Outside tests, New returns a server to Start and Close, or to mount as an
// http.Handler.
//
// What it models, in short:
//
//   - Requests as JSON, urlencoded or multipart form (go-telegram/bot sends
//     multipart with nested values JSON-encoded); answers exactly as the Bot
//     API: {"ok":true,"result":…} or {"ok":false,"error_code":…,"description":…}
//     with Telegram's descriptions, "parameters":{"retry_after":N} on 429.
//   - Bots (token → bot user, privacy mode), users, groups, supergroups
//     (ids -100…), channels, members with real statuses and rights, messages
//     with per-chat increasing ids, callback answers, invite links, join
//     requests (a join request, like a private /start, lets the bot write
//     to the user).
//   - Updates only for the bots that would get them, filtered by each bot's
//     allowed_updates when they are made (by default without chat_member),
//     served by getUpdates long polling or POSTed to a webhook with the
//     X-Telegram-Bot-Api-Secret-Token header. getUpdates confirms as
//     documented (an offset forgets every lower update_id, a negative one
//     keeps the last -offset); a long poll is ended with 409 by the next long
//     poll of the same token ("terminated by other getUpdates request") or by
//     setWebhook, and getUpdates while a webhook is set is a 409 (a 409 within
//     3 s of the previous one is answered 3 s late, as telegram-bot-api does). Webhook
//     deliveries run in parallel over up to max_connections (default 40)
//     connections, in order only within a delivery queue (a chat's messages,
//     a user's chat_member updates), so they arrive out of order; a failed
//     one is retried with a doubling pause. An update made a week (on the
//     WithClock clock) after the bot's previous one gets a random update_id,
//     as on Telegram; IdleWeek does it at once, at a random, lower id.
//   - Basic groups as Telegram has them: no restrictChatMember or
//     unbanChatMember there; MigrateToSupergroup upgrades one (new -100… id,
//     migrate_to/migrate_from service messages, and a 400 with
//     parameters.migrate_to_chat_id for every later call to the old id).
//   - getChatMember about users never seen in a chat answers status left, or
//     the 400 real Telegram sometimes gives (SetUnseenMemberError).
//   - Restrictions as Telegram keeps them: only every permission true lifts
//     one (anything less stays "restricted" with exactly those rights, deaf
//     to later changes of the chat's defaults); a restricted user who leaves
//     stays restricted with is_member false and is restricted again on
//     coming back; until_date is kept, reported, and lifts the restriction
//     when it passes. RestrictFor is "an admin restricts X for d".
//   - Permission checks like Telegram's, parse_mode HTML checked like
//     Telegram's parser, injected faults, and optional flood limits
//     (SetFloodLimits: per bot per second, per group or channel per minute),
//     which sendMessage and editMessageText share, as on Telegram.
//   - Forum supergroups (AddForum, AddTopic, DeleteTopic, SendInTopic): topic messages
//     carry message_thread_id and is_topic_message; sendMessage into a
//     thread the forum lacks answers "message thread not found".
//   - Messages sent on behalf of a channel (SendAsChannel: sender_chat and
//     the Channel_Bot placeholder from), banChatSenderChat and
//     unbanChatSenderChat with Telegram's rights checks; the owner of a
//     banned channel can no longer post as any of their channels.
//   - Callback queries expire: answerCallbackQuery later than
//     DefaultCallbackDeadline (15 s; WithCallbackDeadline) after the press
//     is refused with "query is too old and response timeout expired or
//     query ID is invalid", as is a second answer.
//   - Invite links as people use them: JoinByLink joins through a link (a
//     join-request link sends chat_join_request with that invite_link, also in
//     channels), and chat_member carries the link used — in full only for the
//     bot that created it, its hash replaced by "…" for other bots, as the Bot
//     API says of links "created by another chat administrator". Link names
//     longer than 32 characters are cut (TDLib does, it does not refuse);
//     editChatInviteLink, revokeChatInviteLink, and RevokeLink (an admin in the
//     app). A pending request ends without any update when the user withdraws
//     it or an admin declines it in the app (WithdrawRequest); ApproveRequest
//     approves as the owner. RequestJoin is a direct request, without a link.
//   - Every call recorded (Calls, CallsFor, WaitCall) and the state readable
//     (Messages, Member, CallbackAnswer, Pending).
//
// Methods: getMe, getUpdates, setWebhook, deleteWebhook, getWebhookInfo,
// getChat, getChatMember, getChatAdministrators, getChatMemberCount,
// restrictChatMember, banChatMember, unbanChatMember, banChatSenderChat,
// unbanChatSenderChat, approveChatJoinRequest,
// declineChatJoinRequest, sendMessage, editMessageText, deleteMessage,
// answerCallbackQuery, createChatInviteLink, editChatInviteLink,
// revokeChatInviteLink, exportChatInviteLink,
// setMyCommands, getMyCommands, deleteMyCommands, leaveChat; any other answers
// 404 "Not Found". setWebhook refuses what api.telegram.org refuses (http,
// ports other than 443, 80, 88, 8443, reserved IP addresses) with Telegram's
// descriptions; WithLocalMode makes the server a Bot API server started with
// --local, which accepts those (a receiver on loopback, as tests need).
package telegramtest
