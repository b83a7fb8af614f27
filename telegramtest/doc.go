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
//     X-Telegram-Bot-Api-Secret-Token header and retried on failure.
//   - Restrictions as Telegram keeps them: only every permission true lifts
//     one (anything less stays "restricted" with exactly those rights, deaf
//     to later changes of the chat's defaults); a restricted user who leaves
//     stays restricted with is_member false and is restricted again on
//     coming back; until_date is kept, reported, and lifts the restriction
//     when it passes. RestrictFor is "an admin restricts X for d".
//   - Permission checks like Telegram's, parse_mode HTML checked like
//     Telegram's parser, optional flood limits, injected faults.
//   - Every call recorded (Calls, CallsFor, WaitCall) and the state readable
//     (Messages, Member, CallbackAnswer, Pending).
//
// Methods: getMe, getUpdates, setWebhook, deleteWebhook, getWebhookInfo,
// getChat, getChatMember, getChatAdministrators, getChatMemberCount,
// restrictChatMember, banChatMember, unbanChatMember, approveChatJoinRequest,
// declineChatJoinRequest, sendMessage, editMessageText, deleteMessage,
// answerCallbackQuery, createChatInviteLink, exportChatInviteLink,
// setMyCommands, getMyCommands, deleteMyCommands, leaveChat; any other answers
// 404 "Not Found". Unlike Telegram, setWebhook also accepts http:// URLs, so
// that a receiver on loopback works.
package telegramtest
