// Package invitelinks owns the state of the bot's own invite link per (group, channel).
//
// That is: what the engine knows of each link (cached in front of bot_invite_links),
// its name, whether it broke or Telegram refused one lately, which group a link
// belongs to, and which Telegram errors are refusals. The engine makes, probes and
// revokes the links itself.
//
// For each (group, channel) pair the bot makes one invite link of its own, named
// after the group (Name: the title, 32 characters at most), stored in
// bot_invite_links (through Store: the engine's write queue) and used by that group's
// warnings, join-request DMs and sender-chat warnings (a join-request link when the
// channel's count_join_requests is on; switching makes a new one and revokes the
// old). Concurrent callers of one pair make one link (Links.Do).
//
// Every join into, and every chat_join_request to, a channel linked to the bot's
// groups appends a channel_joins row with the group whose link it came by (GroupOf;
// Telegram shows a bot only its own links in full; any other join is
// collections.NoGroup). The engine's maintenance probes each link with
// editChatInviteLink and makes a new one when it was revoked (the replaced row stays,
// revoked_at set, so a join request made by it and approved later is still the
// group's). When no link can be made, health names can_invite_users for the channel
// if Telegram refused for missing rights (RightsRefusal), else rights.GroupLink, and
// warnings fall back to the channel's own link: a link that stopped working and could
// not be recreated is Broken until it is, and after a refusal (Refusal: 400 or 403)
// warnings do not ask again for the pair for 15 minutes (RefusedLately; the
// maintenance asks anyway).
//
//	l := invitelinks.New(db)
//	st, err := l.Stored(groupID, channelID) // nil when the pair has none
//	url, err := l.Do(groupID, channelID, create)
package invitelinks
