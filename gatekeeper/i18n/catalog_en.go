package i18n

// catalogEN is the English catalog: complete, and the fallback of the others.
var catalogEN = map[Key]string{
	WarnJoin:             "Welcome, {user}! To write in this group, please join {channels} first, then press “I have joined”.",
	WarnMessage:          "{user}, to write in this group please join {channels} first, then press “I have joined”.",
	WarnLeft:             "{user}, you left {channels}, so you can no longer write here. Join again, then press “I have joined”.",
	WarnKick:             "{user} was removed from this group: members must join {channels} first. Join, then come back — you are welcome.",
	WarnDelete:           "{user}, your messages here are deleted until you join {channels}. Join, then press “I have joined”.",
	WarnSenderChat:       "Messages sent as {chat} are deleted here: members write in this group as themselves, after joining {channels}. Join, then write as yourself (tap the picture next to the message field and choose your own account).",
	WarnSenderChatBanned: "{chat} may no longer post in this group: members write here as themselves, after joining {channels}. Join, then write as yourself (tap the picture next to the message field and choose your own account).",
	WarnCombined:         "{users}: to write in this group, please join {channels} first, then press “I have joined”.",
	WarnCombinedKick:     "{users} were removed from this group: members must join {channels} first. Join, then come back — you are welcome.",
	WarnOthers:           "{users} and {count} others",
	WarnOthersOnly:       "{count} members",
	BtnJoin:              "Join {channel}",
	BtnJoined:            "I have joined",

	AnsNotYours: "This button is for someone else.",
	AnsVerified: "Thanks! You can write in the group now.",
	AnsMissing:  "You have not joined yet: {channels}",
	AnsFailed:   "Something went wrong; please try again in a moment.",
	AnsChecking: "Checking…",

	ReqDM:       "Hello {user}! To join {group}, please join {channels} first, then press “I have joined”.",
	ReqApproved: "Welcome! Your request to join {group} is approved.",
	ReqExpired:  "Your request to join {group} expired: the channels were not joined within 24 hours. You can ask to join again.",
	AnsReqGone:  "This request is no longer pending. Ask to join the group again.",

	NotAdmin:         "Only group admins can use this command.",
	GroupsOnly:       "This command works in groups: add me to your group and use it there.",
	Usage:            "Usage: /protect @channel [@channel2 …] — members must join every listed channel to write here.",
	NeedRights:       "I need to be an admin of this group with the right to restrict members (“Ban users”). Promote me, then run /protect again.",
	NotProtected:     "This group is not protected. Use /protect @channel to start.",
	Unprotected:      "Protection is off: members can write freely. The channels stay saved; /protect @channel turns it on again.",
	SaveFailed:       "I could not save the protection settings; please try again.",
	CheckFailed:      "I could not check my rights in this group; please try again.",
	ChannelAbsent:    "{channel} is not linked to this group.",
	CantFind:         "I can't find {channel}. Check the name, and add me to the channel as an admin.",
	NotChannel:       "{channel} is not a channel.",
	NeedChannelAdmin: "I need to be an admin of {channel} to see who has joined it. Add me there as an admin, then run /protect again.",
	Protected:        "Protection is on. To write here, members must join {channels}. Newcomers are checked when they join, and anyone who leaves a channel is muted again.",
	NoLongerRequired: "{channel} is no longer required.",
	NoChannelLeft:    "{channel} is no longer required. No channel is left, so protection is off: members can write freely. /protect @channel turns it on again.",

	SettingsTitle:         "<b>Settings of {group}</b>",
	SettingsHint:          "Change one with /settings KEY VALUE, for example <code>/settings mode observe</code> or <code>/settings exempt add 12345</code>. <code>/settings warning_text default</code> restores the default text.",
	SettingsSaved:         "Saved: {key} = {value}",
	SettingsBadValue:      "{key} must be one of: {values}.",
	SettingsBadNumber:     "{key} must be a whole number from {min} to {max}.",
	SettingsUnknown:       "There is no setting {key}. Settings: {keys}.",
	SettingsBadID:         "Give a numeric Telegram user id, for example <code>/settings exempt add 12345</code>.",
	SettingsTooLong:       "{key} may be at most {max} characters long.",
	SettingsExemptAdded:   "User {id} is exempt now: I never check them here.",
	SettingsExemptRemoved: "User {id} is no longer exempt.",
	Default:               "default",
	None:                  "none",

	StatusTitle:              "<b>Protection of {group}</b>",
	StatusOn:                 "Status: on",
	StatusOff:                "Status: off — /protect @channel turns it on.",
	StatusNotSetUp:           "Status: not set up. Make me an admin here, add me as an admin to your channel, then send /protect @channel.",
	StatusObserve:            "Mode: observe — decisions are logged, nobody is restricted.",
	StatusChannels:           "Channels members must join:",
	StatusChannel:            "• {channel} — {count} subscribers",
	StatusMembers:            "Members: {count}",
	StatusLast24:             "Last 24 h: {verified} verified, {restricted} restricted, {errors} lookup errors.",
	StatusSettings:           "Settings: {settings} (/settings shows them all)",
	HealthOK:                 "My rights: all good.",
	HealthBad:                "⚠️ My rights are incomplete:",
	HealthLine:               "• {chat}: I am missing {missing}",
	HealthFix:                "Fix it in that chat's admin settings; meanwhile I keep serving what I can.",
	RightAdmin:               "admin rights",
	RightMember:              "membership (I was removed)",
	RightRestrict:            "the “Ban users” right",
	RightDelete:              "the “Delete messages” right",
	RightInvite:              "the “Invite users via link” right",
	RightSupergroup:          "a supergroup: this is a basic group, where Telegram lets no bot mute anyone. Make the group public or set “Chat history for new members” to Visible to upgrade it",
	RightGroupLink:           "its own invite link for this group: Telegram refused a new one, so joins through this group are not counted for it",
	SettingsRequestsUsage:    "Use <code>/settings requests @channel on</code> (or off): with it on, a pending join request to that channel counts as joining it. Channels: {channels}.",
	SettingsRequestsNotAdmin: "Only an administrator of {channel} may change how its join requests count.",
	NeedSupergroup:           "This is a basic group, and Telegram lets bots mute members only in supergroups, so I have not turned protection on. Upgrade the group: in its settings make it public (give it a link such as t.me/yourgroup) or set “Chat history for new members” to Visible — Telegram turns it into a supergroup at once, with the same members. Then send /protect @channel again.",
	PrivateNoInvite:          "{channel} is private: people can join it only through an invite link, and to make one I need the right “Invite users via link” there. Without it your members would get no join button and stay muted. Give me that right in {channel}, then run /protect again.",
	PrivateNotYours:          "{channel} is a private channel: only its administrators may require it. Send /protect as yourself (not as the anonymous group admin), from an account that administers {channel}.",

	StartPrivate: "Hello {user}! I am <b>Nezuko</b>: I keep your group for the members of your channels.\n\n" +
		"Whoever has not joined your channels is muted until they do, with one join button per channel and an “I have joined” button. Who leaves a channel is muted again.\n\n" +
		"<b>Set up in four steps</b>\n" +
		"1. Add me to your group and make me an admin with “Ban users” and “Delete messages”.\n" +
		"2. Add me as an admin to each channel members must join.\n" +
		"3. In the group, send <code>/protect @yourchannel</code> (several channels: <code>/protect @one @two</code>).\n" +
		"4. Check with /status; tune with /settings (for example <code>/settings mode observe</code> to preview first).\n\n" +
		"Commands in groups (admins): /protect, /unprotect, /status, /settings. /help explains more.",
	StartGroup: "I am Nezuko. Admins: send <code>/protect @yourchannel</code> to make members join your channel before they write. /help for more.",
	HelpPrivate: "<b>How Nezuko works</b>\n" +
		"• A newcomer or a member who writes without having joined the channels is muted (or, per /settings, kicked or has messages deleted) and gets join buttons.\n" +
		"• After joining, they press “I have joined” and can write again at once.\n" +
		"• Admins, anonymous admins, the channels' own posts and bots are never checked.\n\n" +
		"<b>Settings</b> (/settings KEY VALUE in the group, admins only)\n" +
		"action mute|kick|delete · mode enforce|observe · on_error restrict|allow · language en|es|de · warning_ttl_seconds N · warning_text TEXT with {user} {channels} {group} · exempt add|remove ID · join_requests on|off\n\n" +
		"<b>If something does not work</b>\n" +
		"Send /status in the group: it lists every right I am missing and where.",
	HelpGroup: "Admins: /protect @channel turns protection on, /unprotect turns it off, /status shows what I see, /settings shows and changes the settings. Write to me privately for the full guide.",

	AddedHint: "Thanks for adding me to {group}, {user}! To protect it:\n" +
		"1. Make me an admin here with “Ban users” and “Delete messages”.\n" +
		"2. Add me as an admin to each channel members must join.\n" +
		"3. Send <code>/protect @yourchannel</code> here.\nUntil then I do nothing.",
	AddedHintAdmin: "Thanks for adding me to {group}, {user}! I am an admin here. Next:\n" +
		"1. Add me as an admin to each channel members must join.\n" +
		"2. Send <code>/protect @yourchannel</code> here.\nUntil then I do nothing.",

	BtnAddToGroup: "Add me to a group",
	MenuStart:     "Start: what I do and how to set me up",
	MenuHelp:      "Help",
	MenuProtect:   "Require channels: /protect @channel",
	MenuUnprotect: "Stop requiring channels",
	MenuStatus:    "Channels, rights and the last 24 h",
	MenuSettings:  "Show or change the settings",

	// The subscribers this group's links brought (/status).
	StatusBrought:     "Brought {list} in the last 7 days.",
	StatusBroughtItem: "{count} subscribers to {channel}",
}
