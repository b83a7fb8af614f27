package i18n

// catalogES is the Spanish catalog.
var catalogES = map[Key]string{
	WarnJoin:             "¡Bienvenido, {user}! Para escribir en este grupo, únete primero a {channels} y pulsa «Ya me he unido».",
	WarnMessage:          "{user}, para escribir en este grupo únete primero a {channels} y pulsa «Ya me he unido».",
	WarnLeft:             "{user}, saliste de {channels}, así que ya no puedes escribir aquí. Vuelve a unirte y pulsa «Ya me he unido».",
	WarnKick:             "{user} fue expulsado de este grupo: hay que unirse antes a {channels}. Únete y vuelve cuando quieras.",
	WarnDelete:           "{user}, tus mensajes aquí se borran hasta que te unas a {channels}. Únete y pulsa «Ya me he unido».",
	WarnSenderChat:       "Aquí se borran los mensajes enviados como {chat}: en este grupo se escribe con la cuenta propia, tras unirse a {channels}. Únete y escribe como tú (toca la foto junto al campo de texto y elige tu cuenta).",
	WarnSenderChatBanned: "{chat} ya no puede publicar en este grupo: aquí se escribe con la cuenta propia, tras unirse a {channels}. Únete y escribe como tú (toca la foto junto al campo de texto y elige tu cuenta).",
	WarnCombined:         "{users}: para escribir en este grupo, uníos primero a {channels} y pulsad «Ya me he unido».",
	WarnCombinedKick:     "{users} fueron expulsados de este grupo: hay que unirse antes a {channels}. Uníos y volved cuando queráis.",
	WarnOthers:           "{users} y {count} más",
	WarnOthersOnly:       "{count} miembros",
	BtnJoin:              "Unirse a {channel}",
	BtnJoined:            "Ya me he unido",

	AnsNotYours: "Este botón es para otra persona.",
	AnsVerified: "¡Gracias! Ya puedes escribir en el grupo.",
	AnsMissing:  "Aún no te has unido a: {channels}",
	AnsFailed:   "Algo salió mal; inténtalo de nuevo en un momento.",
	AnsChecking: "Comprobando…",

	ReqDM:       "¡Hola, {user}! Para entrar en {group}, únete primero a {channels} y pulsa «Ya me he unido».",
	ReqApproved: "¡Bienvenido! Tu solicitud para entrar en {group} ha sido aprobada.",
	ReqExpired:  "Tu solicitud para entrar en {group} caducó: no te uniste a los canales en 24 horas. Puedes volver a solicitarlo.",
	AnsReqGone:  "Esta solicitud ya no está pendiente. Vuelve a solicitar la entrada al grupo.",

	NotAdmin:         "Solo los administradores del grupo pueden usar este comando.",
	GroupsOnly:       "Este comando funciona en grupos: añádeme a tu grupo y úsalo allí.",
	Usage:            "Uso: /protect @canal [@canal2 …] — los miembros deben unirse a todos los canales indicados para escribir aquí.",
	NeedRights:       "Necesito ser administrador de este grupo con permiso para restringir miembros («Expulsar usuarios»). Promuéveme y vuelve a usar /protect.",
	NotProtected:     "Este grupo no está protegido. Usa /protect @canal para empezar.",
	Unprotected:      "La protección está desactivada: los miembros pueden escribir libremente. Los canales quedan guardados; /protect @canal la vuelve a activar.",
	SaveFailed:       "No pude guardar la configuración de protección; inténtalo de nuevo.",
	CheckFailed:      "No pude comprobar mis permisos en este grupo; inténtalo de nuevo.",
	ChannelAbsent:    "{channel} no está vinculado a este grupo.",
	CantFind:         "No encuentro {channel}. Revisa el nombre y añádeme al canal como administrador.",
	NotChannel:       "{channel} no es un canal.",
	NeedChannelAdmin: "Necesito ser administrador de {channel} para ver quién se ha unido. Añádeme allí como administrador y vuelve a usar /protect.",
	Protected:        "La protección está activada. Para escribir aquí hay que unirse a {channels}. Compruebo a cada recién llegado, y quien sale de un canal vuelve a quedar silenciado.",
	NoLongerRequired: "{channel} ya no es obligatorio.",
	NoChannelLeft:    "{channel} ya no es obligatorio. No queda ningún canal, así que la protección está desactivada. /protect @canal la vuelve a activar.",

	SettingsTitle:         "<b>Ajustes de {group}</b>",
	SettingsHint:          "Cambia uno con /settings CLAVE VALOR, por ejemplo <code>/settings mode observe</code> o <code>/settings exempt add 12345</code>. <code>/settings warning_text default</code> restaura el texto por defecto.",
	SettingsSaved:         "Guardado: {key} = {value}",
	SettingsBadValue:      "{key} debe ser uno de: {values}.",
	SettingsBadNumber:     "{key} debe ser un número entero entre {min} y {max}.",
	SettingsUnknown:       "No existe el ajuste {key}. Ajustes: {keys}.",
	SettingsBadID:         "Indica un id numérico de usuario de Telegram, por ejemplo <code>/settings exempt add 12345</code>.",
	SettingsTooLong:       "{key} puede tener como máximo {max} caracteres.",
	SettingsExemptAdded:   "El usuario {id} queda exento: nunca lo compruebo aquí.",
	SettingsExemptRemoved: "El usuario {id} ya no está exento.",
	Default:               "por defecto",
	None:                  "ninguno",

	StatusTitle:              "<b>Protección de {group}</b>",
	StatusOn:                 "Estado: activada",
	StatusOff:                "Estado: desactivada — /protect @canal la activa.",
	StatusNotSetUp:           "Estado: sin configurar. Hazme administrador aquí, añádeme como administrador a tu canal y envía /protect @canal.",
	StatusObserve:            "Modo: observación — las decisiones se registran, nadie queda restringido.",
	StatusChannels:           "Canales a los que hay que unirse:",
	StatusChannel:            "• {channel} — {count} suscriptores",
	StatusMembers:            "Miembros: {count}",
	StatusLast24:             "Últimas 24 h: {verified} verificados, {restricted} restringidos, {errors} errores de consulta.",
	StatusSettings:           "Ajustes: {settings} (/settings los muestra todos)",
	HealthOK:                 "Mis permisos: todo en orden.",
	HealthBad:                "⚠️ Me faltan permisos:",
	HealthLine:               "• {chat}: me falta {missing}",
	HealthFix:                "Corrígelo en la administración de ese chat; mientras tanto sigo haciendo lo que puedo.",
	RightAdmin:               "ser administrador",
	RightMember:              "ser miembro (me expulsaron)",
	RightRestrict:            "el permiso «Expulsar usuarios»",
	RightDelete:              "el permiso «Eliminar mensajes»",
	RightInvite:              "el permiso «Invitar usuarios mediante enlace»",
	RightSupergroup:          "un supergrupo: este es un grupo básico, donde Telegram no deja a ningún bot silenciar a nadie. Haz público el grupo o pon «Historial del chat para nuevos miembros» en Visible para convertirlo",
	RightGroupLink:           "su propio enlace de invitación para este grupo: Telegram rechazó uno nuevo, así que las uniones desde este grupo no se le atribuyen",
	SettingsRequestsUsage:    "Usa <code>/settings requests @canal on</code> (u off): activado, una solicitud de unión pendiente a ese canal cuenta como unirse. Canales: {channels}.",
	SettingsRequestsNotAdmin: "Solo un administrador de {channel} puede cambiar cómo cuentan sus solicitudes de unión.",
	NeedSupergroup:           "Este es un grupo básico, y Telegram solo deja a los bots silenciar miembros en supergrupos, así que no he activado la protección. Convierte el grupo: en su configuración hazlo público (dale un enlace como t.me/tugrupo) o pon «Historial del chat para nuevos miembros» en Visible; Telegram lo convierte al instante en un supergrupo con los mismos miembros. Después envía de nuevo /protect @canal.",
	PrivateNoInvite:          "{channel} es privado: solo se puede entrar con un enlace de invitación, y para crearlo necesito allí el permiso «Invitar usuarios mediante enlace». Sin él, tus miembros no tendrían botón para unirse y seguirían silenciados. Dame ese permiso en {channel} y vuelve a ejecutar /protect.",
	PrivateNotYours:          "{channel} es un canal privado: solo sus administradores pueden exigirlo. Envía /protect con tu propia cuenta (no como administrador anónimo del grupo), desde una cuenta que administre {channel}.",

	StartPrivate: "¡Hola, {user}! Soy <b>Nezuko</b>: reservo tu grupo para los miembros de tus canales.\n\n" +
		"Quien no se ha unido a tus canales queda silenciado hasta que lo haga, con un botón por canal y un botón «Ya me he unido». Quien sale de un canal vuelve a quedar silenciado.\n\n" +
		"<b>Configuración en cuatro pasos</b>\n" +
		"1. Añádeme a tu grupo como administrador con «Expulsar usuarios» y «Eliminar mensajes».\n" +
		"2. Añádeme como administrador a cada canal obligatorio.\n" +
		"3. En el grupo, envía <code>/protect @tucanal</code> (varios canales: <code>/protect @uno @dos</code>).\n" +
		"4. Comprueba con /status; ajusta con /settings (por ejemplo <code>/settings mode observe</code> para probar antes).\n\n" +
		"Comandos en grupos (administradores): /protect, /unprotect, /status, /settings. /help explica más.",
	StartGroup: "Soy Nezuko. Administradores: enviad <code>/protect @tucanal</code> para que los miembros se unan a vuestro canal antes de escribir. /help para más.",
	HelpPrivate: "<b>Cómo funciona Nezuko</b>\n" +
		"• Un recién llegado o un miembro que escribe sin haberse unido a los canales queda silenciado (o, según /settings, expulsado o con sus mensajes borrados) y recibe botones para unirse.\n" +
		"• Tras unirse, pulsa «Ya me he unido» y puede escribir al instante.\n" +
		"• Nunca compruebo a administradores, administradores anónimos, publicaciones de los canales ni bots.\n\n" +
		"<b>Ajustes</b> (/settings CLAVE VALOR en el grupo, solo administradores)\n" +
		"action mute|kick|delete · mode enforce|observe · on_error restrict|allow · language en|es|de · warning_ttl_seconds N · warning_text TEXTO con {user} {channels} {group} · exempt add|remove ID · join_requests on|off\n\n" +
		"<b>Si algo no funciona</b>\n" +
		"Envía /status en el grupo: indica cada permiso que me falta y dónde.",
	HelpGroup: "Administradores: /protect @canal activa la protección, /unprotect la desactiva, /status muestra lo que veo, /settings muestra y cambia los ajustes. Escríbeme en privado para la guía completa.",

	AddedHint: "¡Gracias por añadirme a {group}, {user}! Para protegerlo:\n" +
		"1. Hazme administrador aquí con «Expulsar usuarios» y «Eliminar mensajes».\n" +
		"2. Añádeme como administrador a cada canal obligatorio.\n" +
		"3. Envía <code>/protect @tucanal</code> aquí.\nHasta entonces no hago nada.",
	AddedHintAdmin: "¡Gracias por añadirme a {group}, {user}! Ya soy administrador aquí. Ahora:\n" +
		"1. Añádeme como administrador a cada canal obligatorio.\n" +
		"2. Envía <code>/protect @tucanal</code> aquí.\nHasta entonces no hago nada.",

	BtnAddToGroup: "Añádeme a un grupo",
	MenuStart:     "Inicio: qué hago y cómo configurarme",
	MenuHelp:      "Ayuda",
	MenuProtect:   "Exigir canales: /protect @canal",
	MenuUnprotect: "Dejar de exigir canales",
	MenuStatus:    "Canales, permisos y últimas 24 h",
	MenuSettings:  "Ver o cambiar los ajustes",

	// The subscribers this group's links brought (/status).
	StatusBrought:     "Trajo {list} en los últimos 7 días.",
	StatusBroughtItem: "{count} suscriptores a {channel}",
}
