package gatekeeper

// catalogDE is the German catalog.
var catalogDE = map[msgKey]string{
	kWarnJoin:             "Willkommen, {user}! Um in dieser Gruppe zu schreiben, tritt bitte zuerst {channels} bei und tippe dann auf „Ich bin beigetreten“.",
	kWarnMessage:          "{user}, um in dieser Gruppe zu schreiben, tritt bitte zuerst {channels} bei und tippe dann auf „Ich bin beigetreten“.",
	kWarnLeft:             "{user}, du hast {channels} verlassen und kannst hier deshalb nicht mehr schreiben. Tritt wieder bei und tippe auf „Ich bin beigetreten“.",
	kWarnKick:             "{user} wurde aus der Gruppe entfernt: Mitglieder müssen zuerst {channels} beitreten. Tritt bei und komm dann gern wieder.",
	kWarnDelete:           "{user}, deine Nachrichten hier werden gelöscht, bis du {channels} beitrittst. Tritt bei und tippe auf „Ich bin beigetreten“.",
	kWarnSenderChat:       "Nachrichten im Namen von {chat} werden hier gelöscht: In dieser Gruppe schreiben Mitglieder mit dem eigenen Konto, nachdem sie {channels} beigetreten sind. Tritt bei und schreibe dann als du selbst (tippe auf das Bild neben dem Eingabefeld und wähle dein Konto).",
	kWarnSenderChatBanned: "{chat} darf in dieser Gruppe nicht mehr schreiben: Mitglieder schreiben hier mit dem eigenen Konto, nachdem sie {channels} beigetreten sind. Tritt bei und schreibe dann als du selbst (tippe auf das Bild neben dem Eingabefeld und wähle dein Konto).",
	kWarnCombined:         "{users}: Um in dieser Gruppe zu schreiben, tretet bitte zuerst {channels} bei und tippt dann auf „Ich bin beigetreten“.",
	kWarnCombinedKick:     "{users} wurden aus der Gruppe entfernt: Mitglieder müssen zuerst {channels} beitreten. Tretet bei und kommt dann gern wieder.",
	kWarnOthers:           "{users} und {count} weitere",
	kWarnOthersOnly:       "{count} Mitglieder",
	kBtnJoin:              "{channel} beitreten",
	kBtnJoined:            "Ich bin beigetreten",

	kAnsNotYours: "Dieser Knopf ist für jemand anderen.",
	kAnsVerified: "Danke! Du kannst jetzt in der Gruppe schreiben.",
	kAnsMissing:  "Noch nicht beigetreten: {channels}",
	kAnsFailed:   "Etwas ist schiefgegangen; bitte versuche es gleich noch einmal.",
	kAnsChecking: "Wird geprüft …",

	kReqDM:       "Hallo {user}! Um {group} beizutreten, tritt bitte zuerst {channels} bei und tippe dann auf „Ich bin beigetreten“.",
	kReqApproved: "Willkommen! Deine Anfrage für {group} ist angenommen.",
	kReqExpired:  "Deine Anfrage für {group} ist abgelaufen: Die Kanäle wurden nicht innerhalb von 24 Stunden beigetreten. Du kannst erneut anfragen.",
	kAnsReqGone:  "Diese Anfrage ist nicht mehr offen. Frage erneut an, der Gruppe beizutreten.",

	kNotAdmin:         "Nur Gruppen-Admins können diesen Befehl verwenden.",
	kGroupsOnly:       "Dieser Befehl funktioniert in Gruppen: Füge mich deiner Gruppe hinzu und verwende ihn dort.",
	kUsage:            "Verwendung: /protect @kanal [@kanal2 …] — Mitglieder müssen jedem genannten Kanal beitreten, um hier zu schreiben.",
	kNeedRights:       "Ich muss Admin dieser Gruppe sein und Mitglieder einschränken dürfen („Nutzer sperren“). Befördere mich und führe /protect erneut aus.",
	kNotProtected:     "Diese Gruppe ist nicht geschützt. Starte mit /protect @kanal.",
	kUnprotected:      "Der Schutz ist aus: Mitglieder können frei schreiben. Die Kanäle bleiben gespeichert; /protect @kanal schaltet ihn wieder ein.",
	kSaveFailed:       "Ich konnte die Schutzeinstellungen nicht speichern; bitte versuche es erneut.",
	kCheckFailed:      "Ich konnte meine Rechte in dieser Gruppe nicht prüfen; bitte versuche es erneut.",
	kChannelAbsent:    "{channel} ist nicht mit dieser Gruppe verknüpft.",
	kCantFind:         "Ich finde {channel} nicht. Prüfe den Namen und füge mich dem Kanal als Admin hinzu.",
	kNotChannel:       "{channel} ist kein Kanal.",
	kNeedChannelAdmin: "Ich muss Admin von {channel} sein, um zu sehen, wer beigetreten ist. Füge mich dort als Admin hinzu und führe /protect erneut aus.",
	kProtected:        "Der Schutz ist an. Um hier zu schreiben, müssen Mitglieder {channels} beitreten. Neue Mitglieder prüfe ich beim Beitritt, und wer einen Kanal verlässt, wird wieder stummgeschaltet.",
	kNoLongerRequired: "{channel} ist nicht mehr Pflicht.",
	kNoChannelLeft:    "{channel} ist nicht mehr Pflicht. Es ist kein Kanal mehr übrig, also ist der Schutz aus. /protect @kanal schaltet ihn wieder ein.",

	kSettingsTitle:         "<b>Einstellungen von {group}</b>",
	kSettingsHint:          "Ändern mit /settings SCHLÜSSEL WERT, zum Beispiel <code>/settings mode observe</code> oder <code>/settings exempt add 12345</code>. <code>/settings warning_text default</code> stellt den Standardtext wieder her.",
	kSettingsSaved:         "Gespeichert: {key} = {value}",
	kSettingsBadValue:      "{key} muss einer dieser Werte sein: {values}.",
	kSettingsBadNumber:     "{key} muss eine ganze Zahl von {min} bis {max} sein.",
	kSettingsUnknown:       "Die Einstellung {key} gibt es nicht. Einstellungen: {keys}.",
	kSettingsBadID:         "Gib eine numerische Telegram-Nutzer-ID an, zum Beispiel <code>/settings exempt add 12345</code>.",
	kSettingsTooLong:       "{key} darf höchstens {max} Zeichen lang sein.",
	kSettingsExemptAdded:   "Nutzer {id} ist jetzt ausgenommen: Ich prüfe ihn hier nie.",
	kSettingsExemptRemoved: "Nutzer {id} ist nicht mehr ausgenommen.",
	kDefault:               "Standard",
	kNone:                  "keine",

	kStatusTitle:              "<b>Schutz von {group}</b>",
	kStatusOn:                 "Status: an",
	kStatusOff:                "Status: aus — /protect @kanal schaltet ihn ein.",
	kStatusNotSetUp:           "Status: nicht eingerichtet. Mach mich hier zum Admin, füge mich deinem Kanal als Admin hinzu und sende /protect @kanal.",
	kStatusObserve:            "Modus: beobachten — Entscheidungen werden protokolliert, niemand wird eingeschränkt.",
	kStatusChannels:           "Pflichtkanäle:",
	kStatusChannel:            "• {channel} — {count} Abonnenten",
	kStatusMembers:            "Mitglieder: {count}",
	kStatusLast24:             "Letzte 24 h: {verified} bestätigt, {restricted} eingeschränkt, {errors} Abfragefehler.",
	kStatusSettings:           "Einstellungen: {settings} (/settings zeigt alle)",
	kHealthOK:                 "Meine Rechte: alles in Ordnung.",
	kHealthBad:                "⚠️ Mir fehlen Rechte:",
	kHealthLine:               "• {chat}: mir fehlt {missing}",
	kHealthFix:                "Behebe es in den Admin-Einstellungen dieses Chats; bis dahin erledige ich, was ich kann.",
	kRightAdmin:               "das Admin-Recht",
	kRightMember:              "die Mitgliedschaft (ich wurde entfernt)",
	kRightRestrict:            "das Recht „Nutzer sperren“",
	kRightDelete:              "das Recht „Nachrichten löschen“",
	kRightInvite:              "das Recht „Nutzer per Link einladen“",
	kRightSupergroup:          "eine Supergruppe: Dies ist eine einfache Gruppe, in der Telegram keinem Bot erlaubt, jemanden stummzuschalten. Mache die Gruppe öffentlich oder stelle „Chatverlauf für neue Mitglieder“ auf Sichtbar, um sie umzuwandeln",
	kRightGroupLink:           "einen eigenen Einladungslink für diese Gruppe: Telegram hat einen neuen abgelehnt, daher werden Beitritte über diese Gruppe ihr nicht zugerechnet",
	kSettingsRequestsUsage:    "Nutze <code>/settings requests @kanal on</code> (oder off): eingeschaltet zählt eine offene Beitrittsanfrage an diesen Kanal als Beitritt. Kanäle: {channels}.",
	kSettingsRequestsNotAdmin: "Nur ein Administrator von {channel} darf ändern, wie dessen Beitrittsanfragen zählen.",
	kNeedSupergroup:           "Dies ist eine einfache Gruppe, und Telegram erlaubt Bots das Stummschalten nur in Supergruppen – deshalb habe ich den Schutz nicht eingeschaltet. Wandle die Gruppe um: Mache sie in ihren Einstellungen öffentlich (mit einem Link wie t.me/deinegruppe) oder stelle „Chatverlauf für neue Mitglieder“ auf Sichtbar – Telegram macht sofort eine Supergruppe mit denselben Mitgliedern daraus. Sende danach erneut /protect @kanal.",
	kPrivateNoInvite:          "{channel} ist privat: Man kann nur über einen Einladungslink beitreten, und um einen zu erstellen, brauche ich dort das Recht „Nutzer per Link einladen“. Ohne es bekämen deine Mitglieder keinen Beitreten-Knopf und blieben stummgeschaltet. Gib mir dieses Recht in {channel} und sende /protect erneut.",
	kPrivateNotYours:          "{channel} ist ein privater Kanal: Nur seine Administratoren dürfen ihn verlangen. Sende /protect mit deinem eigenen Konto (nicht als anonymer Gruppen-Admin), von einem Konto, das {channel} verwaltet.",

	kStartPrivate: "Hallo {user}! Ich bin <b>Nezuko</b>: Ich halte deine Gruppe für die Mitglieder deiner Kanäle frei.\n\n" +
		"Wer deinen Kanälen nicht beigetreten ist, wird stummgeschaltet, bis er es tut — mit einem Beitrittsknopf pro Kanal und einem Knopf „Ich bin beigetreten“. Wer einen Kanal verlässt, wird wieder stummgeschaltet.\n\n" +
		"<b>Einrichtung in vier Schritten</b>\n" +
		"1. Füge mich deiner Gruppe hinzu und mach mich zum Admin mit „Nutzer sperren“ und „Nachrichten löschen“.\n" +
		"2. Füge mich jedem Pflichtkanal als Admin hinzu.\n" +
		"3. Sende in der Gruppe <code>/protect @deinkanal</code> (mehrere Kanäle: <code>/protect @eins @zwei</code>).\n" +
		"4. Prüfe mit /status; passe mit /settings an (zum Beispiel <code>/settings mode observe</code> für eine Vorschau).\n\n" +
		"Befehle in Gruppen (Admins): /protect, /unprotect, /status, /settings. /help erklärt mehr.",
	kStartGroup: "Ich bin Nezuko. Admins: Sendet <code>/protect @deinkanal</code>, damit Mitglieder eurem Kanal beitreten, bevor sie schreiben. /help für mehr.",
	kHelpPrivate: "<b>So funktioniert Nezuko</b>\n" +
		"• Wer neu ist oder schreibt, ohne den Kanälen beigetreten zu sein, wird stummgeschaltet (oder, je nach /settings, entfernt oder seine Nachrichten gelöscht) und bekommt Beitrittsknöpfe.\n" +
		"• Nach dem Beitritt tippt er auf „Ich bin beigetreten“ und kann sofort wieder schreiben.\n" +
		"• Admins, anonyme Admins, Beiträge der Kanäle selbst und Bots prüfe ich nie.\n\n" +
		"<b>Einstellungen</b> (/settings SCHLÜSSEL WERT in der Gruppe, nur Admins)\n" +
		"action mute|kick|delete · mode enforce|observe · on_error restrict|allow · language en|es|de · warning_ttl_seconds N · warning_text TEXT mit {user} {channels} {group} · exempt add|remove ID · join_requests on|off\n\n" +
		"<b>Wenn etwas nicht klappt</b>\n" +
		"Sende /status in der Gruppe: Es nennt jedes fehlende Recht und wo.",
	kHelpGroup: "Admins: /protect @kanal schaltet den Schutz ein, /unprotect aus, /status zeigt, was ich sehe, /settings zeigt und ändert die Einstellungen. Schreib mir privat für die ganze Anleitung.",

	kAddedHint: "Danke, dass du mich zu {group} hinzugefügt hast, {user}! Zum Schützen:\n" +
		"1. Mach mich hier zum Admin mit „Nutzer sperren“ und „Nachrichten löschen“.\n" +
		"2. Füge mich jedem Pflichtkanal als Admin hinzu.\n" +
		"3. Sende hier <code>/protect @deinkanal</code>.\nBis dahin tue ich nichts.",
	kAddedHintAdmin: "Danke, dass du mich zu {group} hinzugefügt hast, {user}! Ich bin hier Admin. Weiter:\n" +
		"1. Füge mich jedem Pflichtkanal als Admin hinzu.\n" +
		"2. Sende hier <code>/protect @deinkanal</code>.\nBis dahin tue ich nichts.",

	kBtnAddToGroup: "Zu einer Gruppe hinzufügen",
	kMenuStart:     "Start: was ich tue und wie man mich einrichtet",
	kMenuHelp:      "Hilfe",
	kMenuProtect:   "Kanäle verlangen: /protect @kanal",
	kMenuUnprotect: "Keine Kanäle mehr verlangen",
	kMenuStatus:    "Kanäle, Rechte und die letzten 24 h",
	kMenuSettings:  "Einstellungen zeigen oder ändern",

	// The subscribers this group's links brought (/status).
	kStatusBrought:     "Brachte {list} in den letzten 7 Tagen.",
	kStatusBroughtItem: "{count} Abonnenten zu {channel}",
}
