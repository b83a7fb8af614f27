package gatekeeper

// catalogES is the Spanish catalog.
var catalogES = map[msgKey]string{
	kWarnJoin:             "¡Bienvenido, {user}! Para escribir en este grupo, únete primero a {channels} y pulsa «Ya me he unido».",
	kWarnMessage:          "{user}, para escribir en este grupo únete primero a {channels} y pulsa «Ya me he unido».",
	kWarnLeft:             "{user}, saliste de {channels}, así que ya no puedes escribir aquí. Vuelve a unirte y pulsa «Ya me he unido».",
	kWarnKick:             "{user} fue expulsado de este grupo: hay que unirse antes a {channels}. Únete y vuelve cuando quieras.",
	kWarnDelete:           "{user}, tus mensajes aquí se borran hasta que te unas a {channels}. Únete y pulsa «Ya me he unido».",
	kWarnSenderChat:       "Aquí se borran los mensajes enviados como {chat}: en este grupo se escribe con la cuenta propia, tras unirse a {channels}. Únete y escribe como tú (toca la foto junto al campo de texto y elige tu cuenta).",
	kWarnSenderChatBanned: "{chat} ya no puede publicar en este grupo: aquí se escribe con la cuenta propia, tras unirse a {channels}. Únete y escribe como tú (toca la foto junto al campo de texto y elige tu cuenta).",
	kWarnCombined:         "{users}: para escribir en este grupo, uníos primero a {channels} y pulsad «Ya me he unido».",
	kWarnCombinedKick:     "{users} fueron expulsados de este grupo: hay que unirse antes a {channels}. Uníos y volved cuando queráis.",
	kWarnOthers:           "{users} y {count} más",
	kWarnOthersOnly:       "{count} miembros",
	kBtnJoin:              "Unirse a {channel}",
	kBtnJoined:            "Ya me he unido",

	kAnsNotYours: "Este botón es para otra persona.",
	kAnsVerified: "¡Gracias! Ya puedes escribir en el grupo.",
	kAnsMissing:  "Aún no te has unido a: {channels}",
	kAnsFailed:   "Algo salió mal; inténtalo de nuevo en un momento.",
	kAnsChecking: "Comprobando…",

	kReqDM:       "¡Hola, {user}! Para entrar en {group}, únete primero a {channels} y pulsa «Ya me he unido».",
	kReqApproved: "¡Bienvenido! Tu solicitud para entrar en {group} ha sido aprobada.",
	kReqExpired:  "Tu solicitud para entrar en {group} caducó: no te uniste a los canales en 24 horas. Puedes volver a solicitarlo.",
	kAnsReqGone:  "Esta solicitud ya no está pendiente. Vuelve a solicitar la entrada al grupo.",

	kNotAdmin:         "Solo los administradores del grupo pueden usar este comando.",
	kGroupsOnly:       "Este comando funciona en grupos: añádeme a tu grupo y úsalo allí.",
	kUsage:            "Uso: /protect @canal [@canal2 …] — los miembros deben unirse a todos los canales indicados para escribir aquí.",
	kNeedRights:       "Necesito ser administrador de este grupo con permiso para restringir miembros («Expulsar usuarios»). Promuéveme y vuelve a usar /protect.",
	kNotProtected:     "Este grupo no está protegido. Usa /protect @canal para empezar.",
	kUnprotected:      "La protección está desactivada: los miembros pueden escribir libremente. Los canales quedan guardados; /protect @canal la vuelve a activar.",
	kSaveFailed:       "No pude guardar la configuración de protección; inténtalo de nuevo.",
	kCheckFailed:      "No pude comprobar mis permisos en este grupo; inténtalo de nuevo.",
	kChannelAbsent:    "{channel} no está vinculado a este grupo.",
	kCantFind:         "No encuentro {channel}. Revisa el nombre y añádeme al canal como administrador.",
	kNotChannel:       "{channel} no es un canal.",
	kNeedChannelAdmin: "Necesito ser administrador de {channel} para ver quién se ha unido. Añádeme allí como administrador y vuelve a usar /protect.",
	kProtected:        "La protección está activada. Para escribir aquí hay que unirse a {channels}. Compruebo a cada recién llegado, y quien sale de un canal vuelve a quedar silenciado.",
	kNoLongerRequired: "{channel} ya no es obligatorio.",
	kNoChannelLeft:    "{channel} ya no es obligatorio. No queda ningún canal, así que la protección está desactivada. /protect @canal la vuelve a activar.",

	kSettingsTitle:         "<b>Ajustes de {group}</b>",
	kSettingsHint:          "Cambia uno con /settings CLAVE VALOR, por ejemplo <code>/settings mode observe</code> o <code>/settings exempt add 12345</code>. <code>/settings warning_text default</code> restaura el texto por defecto.",
	kSettingsSaved:         "Guardado: {key} = {value}",
	kSettingsBadValue:      "{key} debe ser uno de: {values}.",
	kSettingsBadNumber:     "{key} debe ser un número entero entre {min} y {max}.",
	kSettingsUnknown:       "No existe el ajuste {key}. Ajustes: {keys}.",
	kSettingsBadID:         "Indica un id numérico de usuario de Telegram, por ejemplo <code>/settings exempt add 12345</code>.",
	kSettingsTooLong:       "{key} puede tener como máximo {max} caracteres.",
	kSettingsExemptAdded:   "El usuario {id} queda exento: nunca lo compruebo aquí.",
	kSettingsExemptRemoved: "El usuario {id} ya no está exento.",
	kDefault:               "por defecto",
	kNone:                  "ninguno",

	kStatusTitle:              "<b>Protección de {group}</b>",
	kStatusOn:                 "Estado: activada",
	kStatusOff:                "Estado: desactivada — /protect @canal la activa.",
	kStatusNotSetUp:           "Estado: sin configurar. Hazme administrador aquí, añádeme como administrador a tu canal y envía /protect @canal.",
	kStatusObserve:            "Modo: observación — las decisiones se registran, nadie queda restringido.",
	kStatusChannels:           "Canales a los que hay que unirse:",
	kStatusChannel:            "• {channel} — {count} suscriptores",
	kStatusMembers:            "Miembros: {count}",
	kStatusLast24:             "Últimas 24 h: {verified} verificados, {restricted} restringidos, {errors} errores de consulta.",
	kStatusSettings:           "Ajustes: {settings} (/settings los muestra todos)",
	kHealthOK:                 "Mis permisos: todo en orden.",
	kHealthBad:                "⚠️ Me faltan permisos:",
	kHealthLine:               "• {chat}: me falta {missing}",
	kHealthFix:                "Corrígelo en la administración de ese chat; mientras tanto sigo haciendo lo que puedo.",
	kRightAdmin:               "ser administrador",
	kRightMember:              "ser miembro (me expulsaron)",
	kRightRestrict:            "el permiso «Expulsar usuarios»",
	kRightDelete:              "el permiso «Eliminar mensajes»",
	kRightInvite:              "el permiso «Invitar usuarios mediante enlace»",
	kRightSupergroup:          "un supergrupo: este es un grupo básico, donde Telegram no deja a ningún bot silenciar a nadie. Haz público el grupo o pon «Historial del chat para nuevos miembros» en Visible para convertirlo",
	kRightGroupLink:           "su propio enlace de invitación para este grupo: Telegram rechazó uno nuevo, así que las uniones desde este grupo no se le atribuyen",
	kSettingsRequestsUsage:    "Usa <code>/settings requests @canal on</code> (u off): activado, una solicitud de unión pendiente a ese canal cuenta como unirse. Canales: {channels}.",
	kSettingsRequestsNotAdmin: "Solo un administrador de {channel} puede cambiar cómo cuentan sus solicitudes de unión.",
	kNeedSupergroup:           "Este es un grupo básico, y Telegram solo deja a los bots silenciar miembros en supergrupos, así que no he activado la protección. Convierte el grupo: en su configuración hazlo público (dale un enlace como t.me/tugrupo) o pon «Historial del chat para nuevos miembros» en Visible; Telegram lo convierte al instante en un supergrupo con los mismos miembros. Después envía de nuevo /protect @canal.",
	kPrivateNoInvite:          "{channel} es privado: solo se puede entrar con un enlace de invitación, y para crearlo necesito allí el permiso «Invitar usuarios mediante enlace». Sin él, tus miembros no tendrían botón para unirse y seguirían silenciados. Dame ese permiso en {channel} y vuelve a ejecutar /protect.",
	kPrivateNotYours:          "{channel} es un canal privado: solo sus administradores pueden exigirlo. Envía /protect con tu propia cuenta (no como administrador anónimo del grupo), desde una cuenta que administre {channel}.",

	kStartPrivate: "¡Hola, {user}! Soy <b>Nezuko</b>: reservo tu grupo para los miembros de tus canales.\n\n" +
		"Quien no se ha unido a tus canales queda silenciado hasta que lo haga, con un botón por canal y un botón «Ya me he unido». Quien sale de un canal vuelve a quedar silenciado.\n\n" +
		"<b>Configuración en cuatro pasos</b>\n" +
		"1. Añádeme a tu grupo como administrador con «Expulsar usuarios» y «Eliminar mensajes».\n" +
		"2. Añádeme como administrador a cada canal obligatorio.\n" +
		"3. En el grupo, envía <code>/protect @tucanal</code> (varios canales: <code>/protect @uno @dos</code>).\n" +
		"4. Comprueba con /status; ajusta con /settings (por ejemplo <code>/settings mode observe</code> para probar antes).\n\n" +
		"Comandos en grupos (administradores): /protect, /unprotect, /status, /settings. /help explica más.",
	kStartGroup: "Soy Nezuko. Administradores: enviad <code>/protect @tucanal</code> para que los miembros se unan a vuestro canal antes de escribir. /help para más.",
	kHelpPrivate: "<b>Cómo funciona Nezuko</b>\n" +
		"• Un recién llegado o un miembro que escribe sin haberse unido a los canales queda silenciado (o, según /settings, expulsado o con sus mensajes borrados) y recibe botones para unirse.\n" +
		"• Tras unirse, pulsa «Ya me he unido» y puede escribir al instante.\n" +
		"• Nunca compruebo a administradores, administradores anónimos, publicaciones de los canales ni bots.\n\n" +
		"<b>Ajustes</b> (/settings CLAVE VALOR en el grupo, solo administradores)\n" +
		"action mute|kick|delete · mode enforce|observe · on_error restrict|allow · language en|es|de · warning_ttl_seconds N · warning_text TEXTO con {user} {channels} {group} · exempt add|remove ID · join_requests on|off\n\n" +
		"<b>Si algo no funciona</b>\n" +
		"Envía /status en el grupo: indica cada permiso que me falta y dónde.",
	kHelpGroup: "Administradores: /protect @canal activa la protección, /unprotect la desactiva, /status muestra lo que veo, /settings muestra y cambia los ajustes. Escríbeme en privado para la guía completa.",

	kAddedHint: "¡Gracias por añadirme a {group}, {user}! Para protegerlo:\n" +
		"1. Hazme administrador aquí con «Expulsar usuarios» y «Eliminar mensajes».\n" +
		"2. Añádeme como administrador a cada canal obligatorio.\n" +
		"3. Envía <code>/protect @tucanal</code> aquí.\nHasta entonces no hago nada.",
	kAddedHintAdmin: "¡Gracias por añadirme a {group}, {user}! Ya soy administrador aquí. Ahora:\n" +
		"1. Añádeme como administrador a cada canal obligatorio.\n" +
		"2. Envía <code>/protect @tucanal</code> aquí.\nHasta entonces no hago nada.",

	kBtnAddToGroup: "Añádeme a un grupo",
	kMenuStart:     "Inicio: qué hago y cómo configurarme",
	kMenuHelp:      "Ayuda",
	kMenuProtect:   "Exigir canales: /protect @canal",
	kMenuUnprotect: "Dejar de exigir canales",
	kMenuStatus:    "Canales, permisos y últimas 24 h",
	kMenuSettings:  "Ver o cambiar los ajustes",

	// The subscribers this group's links brought (/status).
	kStatusBrought:     "Trajo {list} en los últimos 7 días.",
	kStatusBroughtItem: "{count} suscriptores a {channel}",
}
