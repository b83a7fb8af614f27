package i18n

// catalogDE is the German catalog.
var catalogDE = map[Key]string{
	WarnJoin:             "Willkommen, {user}! Um in dieser Gruppe zu schreiben, tritt bitte zuerst {channels} bei und tippe dann auf „Ich bin beigetreten“.",
	WarnMessage:          "{user}, um in dieser Gruppe zu schreiben, tritt bitte zuerst {channels} bei und tippe dann auf „Ich bin beigetreten“.",
	WarnLeft:             "{user}, du hast {channels} verlassen und kannst hier deshalb nicht mehr schreiben. Tritt wieder bei und tippe auf „Ich bin beigetreten“.",
	WarnKick:             "{user} wurde aus der Gruppe entfernt: Mitglieder müssen zuerst {channels} beitreten. Tritt bei und komm dann gern wieder.",
	WarnDelete:           "{user}, deine Nachrichten hier werden gelöscht, bis du {channels} beitrittst. Tritt bei und tippe auf „Ich bin beigetreten“.",
	WarnSenderChat:       "Nachrichten im Namen von {chat} werden hier gelöscht: In dieser Gruppe schreiben Mitglieder mit dem eigenen Konto, nachdem sie {channels} beigetreten sind. Tritt bei und schreibe dann als du selbst (tippe auf das Bild neben dem Eingabefeld und wähle dein Konto).",
	WarnSenderChatBanned: "{chat} darf in dieser Gruppe nicht mehr schreiben: Mitglieder schreiben hier mit dem eigenen Konto, nachdem sie {channels} beigetreten sind. Tritt bei und schreibe dann als du selbst (tippe auf das Bild neben dem Eingabefeld und wähle dein Konto).",
	WarnCombined:         "{users}: Um in dieser Gruppe zu schreiben, tretet bitte zuerst {channels} bei und tippt dann auf „Ich bin beigetreten“.",
	WarnCombinedKick:     "{users} wurden aus der Gruppe entfernt: Mitglieder müssen zuerst {channels} beitreten. Tretet bei und kommt dann gern wieder.",
	WarnOthers:           "{users} und {count} weitere",
	WarnOthersOnly:       "{count} Mitglieder",
	BtnJoin:              "{channel} beitreten",
	BtnJoined:            "Ich bin beigetreten",

	AnsNotYours: "Dieser Knopf ist für jemand anderen.",
	AnsVerified: "Danke! Du kannst jetzt in der Gruppe schreiben.",
	AnsMissing:  "Noch nicht beigetreten: {channels}",
	AnsFailed:   "Etwas ist schiefgegangen; bitte versuche es gleich noch einmal.",
	AnsChecking: "Wird geprüft …",

	ReqDM:       "Hallo {user}! Um {group} beizutreten, tritt bitte zuerst {channels} bei und tippe dann auf „Ich bin beigetreten“.",
	ReqApproved: "Willkommen! Deine Anfrage für {group} ist angenommen.",
	ReqExpired:  "Deine Anfrage für {group} ist abgelaufen: Die Kanäle wurden nicht innerhalb von 24 Stunden beigetreten. Du kannst erneut anfragen.",
	AnsReqGone:  "Diese Anfrage ist nicht mehr offen. Frage erneut an, der Gruppe beizutreten.",

	NotAdmin:         "Nur Gruppen-Admins können diesen Befehl verwenden.",
	GroupsOnly:       "Dieser Befehl funktioniert in Gruppen: Füge mich deiner Gruppe hinzu und verwende ihn dort.",
	Usage:            "Verwendung: /protect @kanal [@kanal2 …] — Mitglieder müssen jedem genannten Kanal beitreten, um hier zu schreiben.",
	NeedRights:       "Ich muss Admin dieser Gruppe sein und Mitglieder einschränken dürfen („Nutzer sperren“). Befördere mich und führe /protect erneut aus.",
	NotProtected:     "Diese Gruppe ist nicht geschützt. Starte mit /protect @kanal.",
	Unprotected:      "Der Schutz ist aus: Mitglieder können frei schreiben. Die Kanäle bleiben gespeichert; /protect @kanal schaltet ihn wieder ein.",
	SaveFailed:       "Ich konnte die Schutzeinstellungen nicht speichern; bitte versuche es erneut.",
	CheckFailed:      "Ich konnte meine Rechte in dieser Gruppe nicht prüfen; bitte versuche es erneut.",
	ChannelAbsent:    "{channel} ist nicht mit dieser Gruppe verknüpft.",
	CantFind:         "Ich finde {channel} nicht. Prüfe den Namen und füge mich dem Kanal als Admin hinzu.",
	NotChannel:       "{channel} ist kein Kanal.",
	NeedChannelAdmin: "Ich muss Admin von {channel} sein, um zu sehen, wer beigetreten ist. Füge mich dort als Admin hinzu und führe /protect erneut aus.",
	Protected:        "Der Schutz ist an. Um hier zu schreiben, müssen Mitglieder {channels} beitreten. Neue Mitglieder prüfe ich beim Beitritt, und wer einen Kanal verlässt, wird wieder stummgeschaltet.",
	NoLongerRequired: "{channel} ist nicht mehr Pflicht.",
	NoChannelLeft:    "{channel} ist nicht mehr Pflicht. Es ist kein Kanal mehr übrig, also ist der Schutz aus. /protect @kanal schaltet ihn wieder ein.",

	SettingsTitle:         "<b>Einstellungen von {group}</b>",
	SettingsHint:          "Ändern mit /settings SCHLÜSSEL WERT, zum Beispiel <code>/settings mode observe</code> oder <code>/settings exempt add 12345</code>. <code>/settings warning_text default</code> stellt den Standardtext wieder her.",
	SettingsSaved:         "Gespeichert: {key} = {value}",
	SettingsBadValue:      "{key} muss einer dieser Werte sein: {values}.",
	SettingsBadNumber:     "{key} muss eine ganze Zahl von {min} bis {max} sein.",
	SettingsUnknown:       "Die Einstellung {key} gibt es nicht. Einstellungen: {keys}.",
	SettingsBadID:         "Gib eine numerische Telegram-Nutzer-ID an, zum Beispiel <code>/settings exempt add 12345</code>.",
	SettingsTooLong:       "{key} darf höchstens {max} Zeichen lang sein.",
	SettingsExemptAdded:   "Nutzer {id} ist jetzt ausgenommen: Ich prüfe ihn hier nie.",
	SettingsExemptRemoved: "Nutzer {id} ist nicht mehr ausgenommen.",
	Default:               "Standard",
	None:                  "keine",

	StatusTitle:              "<b>Schutz von {group}</b>",
	StatusOn:                 "Status: an",
	StatusOff:                "Status: aus — /protect @kanal schaltet ihn ein.",
	StatusNotSetUp:           "Status: nicht eingerichtet. Mach mich hier zum Admin, füge mich deinem Kanal als Admin hinzu und sende /protect @kanal.",
	StatusObserve:            "Modus: beobachten — Entscheidungen werden protokolliert, niemand wird eingeschränkt.",
	StatusChannels:           "Pflichtkanäle:",
	StatusChannel:            "• {channel} — {count} Abonnenten",
	StatusMembers:            "Mitglieder: {count}",
	StatusLast24:             "Letzte 24 h: {verified} bestätigt, {restricted} eingeschränkt, {errors} Abfragefehler.",
	StatusSettings:           "Einstellungen: {settings} (/settings zeigt alle)",
	HealthOK:                 "Meine Rechte: alles in Ordnung.",
	HealthBad:                "⚠️ Mir fehlen Rechte:",
	HealthLine:               "• {chat}: mir fehlt {missing}",
	HealthFix:                "Behebe es in den Admin-Einstellungen dieses Chats; bis dahin erledige ich, was ich kann.",
	RightAdmin:               "das Admin-Recht",
	RightMember:              "die Mitgliedschaft (ich wurde entfernt)",
	RightRestrict:            "das Recht „Nutzer sperren“",
	RightDelete:              "das Recht „Nachrichten löschen“",
	RightInvite:              "das Recht „Nutzer per Link einladen“",
	RightSupergroup:          "eine Supergruppe: Dies ist eine einfache Gruppe, in der Telegram keinem Bot erlaubt, jemanden stummzuschalten. Mache die Gruppe öffentlich oder stelle „Chatverlauf für neue Mitglieder“ auf Sichtbar, um sie umzuwandeln",
	RightGroupLink:           "einen eigenen Einladungslink für diese Gruppe: Telegram hat einen neuen abgelehnt, daher werden Beitritte über diese Gruppe ihr nicht zugerechnet",
	SettingsRequestsUsage:    "Nutze <code>/settings requests @kanal on</code> (oder off): eingeschaltet zählt eine offene Beitrittsanfrage an diesen Kanal als Beitritt. Kanäle: {channels}.",
	SettingsRequestsNotAdmin: "Nur ein Administrator von {channel} darf ändern, wie dessen Beitrittsanfragen zählen.",
	NeedSupergroup:           "Dies ist eine einfache Gruppe, und Telegram erlaubt Bots das Stummschalten nur in Supergruppen – deshalb habe ich den Schutz nicht eingeschaltet. Wandle die Gruppe um: Mache sie in ihren Einstellungen öffentlich (mit einem Link wie t.me/deinegruppe) oder stelle „Chatverlauf für neue Mitglieder“ auf Sichtbar – Telegram macht sofort eine Supergruppe mit denselben Mitgliedern daraus. Sende danach erneut /protect @kanal.",
	PrivateNoInvite:          "{channel} ist privat: Man kann nur über einen Einladungslink beitreten, und um einen zu erstellen, brauche ich dort das Recht „Nutzer per Link einladen“. Ohne es bekämen deine Mitglieder keinen Beitreten-Knopf und blieben stummgeschaltet. Gib mir dieses Recht in {channel} und sende /protect erneut.",
	PrivateNotYours:          "{channel} ist ein privater Kanal: Nur seine Administratoren dürfen ihn verlangen. Sende /protect mit deinem eigenen Konto (nicht als anonymer Gruppen-Admin), von einem Konto, das {channel} verwaltet.",

	StartPrivate: "Hallo {user}! Ich bin <b>Nezuko</b>: Ich halte deine Gruppe für die Mitglieder deiner Kanäle frei.\n\n" +
		"Wer deinen Kanälen nicht beigetreten ist, wird stummgeschaltet, bis er es tut — mit einem Beitrittsknopf pro Kanal und einem Knopf „Ich bin beigetreten“. Wer einen Kanal verlässt, wird wieder stummgeschaltet.\n\n" +
		"<b>Einrichtung in vier Schritten</b>\n" +
		"1. Füge mich deiner Gruppe hinzu und mach mich zum Admin mit „Nutzer sperren“ und „Nachrichten löschen“.\n" +
		"2. Füge mich jedem Pflichtkanal als Admin hinzu.\n" +
		"3. Sende in der Gruppe <code>/protect @deinkanal</code> (mehrere Kanäle: <code>/protect @eins @zwei</code>).\n" +
		"4. Prüfe mit /status; passe mit /settings an (zum Beispiel <code>/settings mode observe</code> für eine Vorschau).\n\n" +
		"Befehle in Gruppen (Admins): /protect, /unprotect, /status, /settings. /help erklärt mehr.",
	StartGroup: "Ich bin Nezuko. Admins: Sendet <code>/protect @deinkanal</code>, damit Mitglieder eurem Kanal beitreten, bevor sie schreiben. /help für mehr.",
	HelpPrivate: "<b>So funktioniert Nezuko</b>\n" +
		"• Wer neu ist oder schreibt, ohne den Kanälen beigetreten zu sein, wird stummgeschaltet (oder, je nach /settings, entfernt oder seine Nachrichten gelöscht) und bekommt Beitrittsknöpfe.\n" +
		"• Nach dem Beitritt tippt er auf „Ich bin beigetreten“ und kann sofort wieder schreiben.\n" +
		"• Admins, anonyme Admins, Beiträge der Kanäle selbst und Bots prüfe ich nie.\n\n" +
		"<b>Einstellungen</b> (/settings SCHLÜSSEL WERT in der Gruppe, nur Admins)\n" +
		"action mute|kick|delete · mode enforce|observe · on_error restrict|allow · language en|es|de · warning_ttl_seconds N · warning_text TEXT mit {user} {channels} {group} · exempt add|remove ID · join_requests on|off\n\n" +
		"<b>Wenn etwas nicht klappt</b>\n" +
		"Sende /status in der Gruppe: Es nennt jedes fehlende Recht und wo.",
	HelpGroup: "Admins: /protect @kanal schaltet den Schutz ein, /unprotect aus, /status zeigt, was ich sehe, /settings zeigt und ändert die Einstellungen. Schreib mir privat für die ganze Anleitung.",

	AddedHint: "Danke, dass du mich zu {group} hinzugefügt hast, {user}! Zum Schützen:\n" +
		"1. Mach mich hier zum Admin mit „Nutzer sperren“ und „Nachrichten löschen“.\n" +
		"2. Füge mich jedem Pflichtkanal als Admin hinzu.\n" +
		"3. Sende hier <code>/protect @deinkanal</code>.\nBis dahin tue ich nichts.",
	AddedHintAdmin: "Danke, dass du mich zu {group} hinzugefügt hast, {user}! Ich bin hier Admin. Weiter:\n" +
		"1. Füge mich jedem Pflichtkanal als Admin hinzu.\n" +
		"2. Sende hier <code>/protect @deinkanal</code>.\nBis dahin tue ich nichts.",

	BtnAddToGroup: "Zu einer Gruppe hinzufügen",
	MenuStart:     "Start: was ich tue und wie man mich einrichtet",
	MenuHelp:      "Hilfe",
	MenuProtect:   "Kanäle verlangen: /protect @kanal",
	MenuUnprotect: "Keine Kanäle mehr verlangen",
	MenuStatus:    "Kanäle, Rechte und die letzten 24 h",
	MenuSettings:  "Einstellungen zeigen oder ändern",

	// The subscribers this group's links brought (/status).
	StatusBrought:     "Brachte {list} in den letzten 7 Tagen.",
	StatusBroughtItem: "{count} Abonnenten zu {channel}",
}
