package gatekeeper

// catalogEN is the English catalog: complete, and the fallback of the others.
var catalogEN = map[msgKey]string{
	kWarnJoin:             "Welcome, {user}! To write in this group, please join {channels} first, then press “I have joined”.",
	kWarnMessage:          "{user}, to write in this group please join {channels} first, then press “I have joined”.",
	kWarnLeft:             "{user}, you left {channels}, so you can no longer write here. Join again, then press “I have joined”.",
	kWarnKick:             "{user} was removed from this group: members must join {channels} first. Join, then come back — you are welcome.",
	kWarnDelete:           "{user}, your messages here are deleted until you join {channels}. Join, then press “I have joined”.",
	kWarnSenderChat:       "Messages sent as {chat} are deleted here: members write in this group as themselves, after joining {channels}. Join, then write as yourself (tap the picture next to the message field and choose your own account).",
	kWarnSenderChatBanned: "{chat} may no longer post in this group: members write here as themselves, after joining {channels}. Join, then write as yourself (tap the picture next to the message field and choose your own account).",
	kWarnCombined:         "{users}: to write in this group, please join {channels} first, then press “I have joined”.",
	kWarnCombinedKick:     "{users} were removed from this group: members must join {channels} first. Join, then come back — you are welcome.",
	kWarnOthers:           "{users} and {count} others",
	kWarnOthersOnly:       "{count} members",
	kBtnJoin:              "Join {channel}",
	kBtnJoined:            "I have joined",

	kAnsNotYours: "This button is for someone else.",
	kAnsVerified: "Thanks! You can write in the group now.",
	kAnsMissing:  "You have not joined yet: {channels}",
	kAnsFailed:   "Something went wrong; please try again in a moment.",
	kAnsChecking: "Checking…",

	kReqDM:       "Hello {user}! To join {group}, please join {channels} first, then press “I have joined”.",
	kReqApproved: "Welcome! Your request to join {group} is approved.",
	kReqExpired:  "Your request to join {group} expired: the channels were not joined within 24 hours. You can ask to join again.",
	kAnsReqGone:  "This request is no longer pending. Ask to join the group again.",

	kNotAdmin:         "Only group admins can use this command.",
	kGroupsOnly:       "This command works in groups: add me to your group and use it there.",
	kUsage:            "Usage: /protect @channel [@channel2 …] — members must join every listed channel to write here.",
	kNeedRights:       "I need to be an admin of this group with the right to restrict members (“Ban users”). Promote me, then run /protect again.",
	kNotProtected:     "This group is not protected. Use /protect @channel to start.",
	kUnprotected:      "Protection is off: members can write freely. The channels stay saved; /protect @channel turns it on again.",
	kSaveFailed:       "I could not save the protection settings; please try again.",
	kCheckFailed:      "I could not check my rights in this group; please try again.",
	kChannelAbsent:    "{channel} is not linked to this group.",
	kCantFind:         "I can't find {channel}. Check the name, and add me to the channel as an admin.",
	kNotChannel:       "{channel} is not a channel.",
	kNeedChannelAdmin: "I need to be an admin of {channel} to see who has joined it. Add me there as an admin, then run /protect again.",
	kProtected:        "Protection is on. To write here, members must join {channels}. Newcomers are checked when they join, and anyone who leaves a channel is muted again.",
	kNoLongerRequired: "{channel} is no longer required.",
	kNoChannelLeft:    "{channel} is no longer required. No channel is left, so protection is off: members can write freely. /protect @channel turns it on again.",

	kSettingsTitle:         "<b>Settings of {group}</b>",
	kSettingsHint:          "Change one with /settings KEY VALUE, for example <code>/settings mode observe</code> or <code>/settings exempt add 12345</code>. <code>/settings warning_text default</code> restores the default text.",
	kSettingsSaved:         "Saved: {key} = {value}",
	kSettingsBadValue:      "{key} must be one of: {values}.",
	kSettingsBadNumber:     "{key} must be a whole number from {min} to {max}.",
	kSettingsUnknown:       "There is no setting {key}. Settings: {keys}.",
	kSettingsBadID:         "Give a numeric Telegram user id, for example <code>/settings exempt add 12345</code>.",
	kSettingsTooLong:       "{key} may be at most {max} characters long.",
	kSettingsExemptAdded:   "User {id} is exempt now: I never check them here.",
	kSettingsExemptRemoved: "User {id} is no longer exempt.",
	kDefault:               "default",
	kNone:                  "none",

	kStatusTitle:              "<b>Protection of {group}</b>",
	kStatusOn:                 "Status: on",
	kStatusOff:                "Status: off — /protect @channel turns it on.",
	kStatusNotSetUp:           "Status: not set up. Make me an admin here, add me as an admin to your channel, then send /protect @channel.",
	kStatusObserve:            "Mode: observe — decisions are logged, nobody is restricted.",
	kStatusChannels:           "Channels members must join:",
	kStatusChannel:            "• {channel} — {count} subscribers",
	kStatusMembers:            "Members: {count}",
	kStatusLast24:             "Last 24 h: {verified} verified, {restricted} restricted, {errors} lookup errors.",
	kStatusSettings:           "Settings: {settings} (/settings shows them all)",
	kHealthOK:                 "My rights: all good.",
	kHealthBad:                "⚠️ My rights are incomplete:",
	kHealthLine:               "• {chat}: I am missing {missing}",
	kHealthFix:                "Fix it in that chat's admin settings; meanwhile I keep serving what I can.",
	kRightAdmin:               "admin rights",
	kRightMember:              "membership (I was removed)",
	kRightRestrict:            "the “Ban users” right",
	kRightDelete:              "the “Delete messages” right",
	kRightInvite:              "the “Invite users via link” right",
	kRightSupergroup:          "a supergroup: this is a basic group, where Telegram lets no bot mute anyone. Make the group public or set “Chat history for new members” to Visible to upgrade it",
	kRightGroupLink:           "its own invite link for this group: Telegram refused a new one, so joins through this group are not counted for it",
	kSettingsRequestsUsage:    "Use <code>/settings requests @channel on</code> (or off): with it on, a pending join request to that channel counts as joining it. Channels: {channels}.",
	kSettingsRequestsNotAdmin: "Only an administrator of {channel} may change how its join requests count.",
	kNeedSupergroup:           "This is a basic group, and Telegram lets bots mute members only in supergroups, so I have not turned protection on. Upgrade the group: in its settings make it public (give it a link such as t.me/yourgroup) or set “Chat history for new members” to Visible — Telegram turns it into a supergroup at once, with the same members. Then send /protect @channel again.",
	kPrivateNoInvite:          "{channel} is private: people can join it only through an invite link, and to make one I need the right “Invite users via link” there. Without it your members would get no join button and stay muted. Give me that right in {channel}, then run /protect again.",
	kPrivateNotYours:          "{channel} is a private channel: only its administrators may require it. Send /protect as yourself (not as the anonymous group admin), from an account that administers {channel}.",

	kStartPrivate: "Hello {user}! I am <b>Nezuko</b>: I keep your group for the members of your channels.\n\n" +
		"Whoever has not joined your channels is muted until they do, with one join button per channel and an “I have joined” button. Who leaves a channel is muted again.\n\n" +
		"<b>Set up in four steps</b>\n" +
		"1. Add me to your group and make me an admin with “Ban users” and “Delete messages”.\n" +
		"2. Add me as an admin to each channel members must join.\n" +
		"3. In the group, send <code>/protect @yourchannel</code> (several channels: <code>/protect @one @two</code>).\n" +
		"4. Check with /status; tune with /settings (for example <code>/settings mode observe</code> to preview first).\n\n" +
		"Commands in groups (admins): /protect, /unprotect, /status, /settings. /help explains more.",
	kStartGroup: "I am Nezuko. Admins: send <code>/protect @yourchannel</code> to make members join your channel before they write. /help for more.",
	kHelpPrivate: "<b>How Nezuko works</b>\n" +
		"• A newcomer or a member who writes without having joined the channels is muted (or, per /settings, kicked or has messages deleted) and gets join buttons.\n" +
		"• After joining, they press “I have joined” and can write again at once.\n" +
		"• Admins, anonymous admins, the channels' own posts and bots are never checked.\n\n" +
		"<b>Settings</b> (/settings KEY VALUE in the group, admins only)\n" +
		"action mute|kick|delete · mode enforce|observe · on_error restrict|allow · language en|es|de · warning_ttl_seconds N · warning_text TEXT with {user} {channels} {group} · exempt add|remove ID · join_requests on|off\n\n" +
		"<b>If something does not work</b>\n" +
		"Send /status in the group: it lists every right I am missing and where.",
	kHelpGroup: "Admins: /protect @channel turns protection on, /unprotect turns it off, /status shows what I see, /settings shows and changes the settings. Write to me privately for the full guide.",

	kAddedHint: "Thanks for adding me to {group}, {user}! To protect it:\n" +
		"1. Make me an admin here with “Ban users” and “Delete messages”.\n" +
		"2. Add me as an admin to each channel members must join.\n" +
		"3. Send <code>/protect @yourchannel</code> here.\nUntil then I do nothing.",
	kAddedHintAdmin: "Thanks for adding me to {group}, {user}! I am an admin here. Next:\n" +
		"1. Add me as an admin to each channel members must join.\n" +
		"2. Send <code>/protect @yourchannel</code> here.\nUntil then I do nothing.",

	kBtnAddToGroup: "Add me to a group",
	kMenuStart:     "Start: what I do and how to set me up",
	kMenuHelp:      "Help",
	kMenuProtect:   "Require channels: /protect @channel",
	kMenuUnprotect: "Stop requiring channels",
	kMenuStatus:    "Channels, rights and the last 24 h",
	kMenuSettings:  "Show or change the settings",

	// The subscribers this group's links brought (/status).
	kStatusBrought:     "Brought {list} in the last 7 days.",
	kStatusBroughtItem: "{count} subscribers to {channel}",
}
