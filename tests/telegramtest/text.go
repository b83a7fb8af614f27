package telegramtest

import (
	"regexp"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

const maxTextLen = 4096

// formatText applies a parse_mode to a text to send and returns the final
// text and entities, or the Bot API error.
func formatText(text, parseMode string, explicit []MessageEntity) (string, []MessageEntity, *apiError) {
	ents := explicit
	if strings.EqualFold(parseMode, "HTML") {
		var err error
		text, ents, err = parseHTML(text)
		if err != nil {
			return "", nil, badRequest("can't parse entities: " + err.Error())
		}
	}
	text, ents = trimText(text, ents)
	if text == "" {
		return "", nil, badRequest("message text is empty")
	}
	if utf16Len(text) > maxTextLen {
		return "", nil, badRequest("message is too long")
	}
	return text, append(ents, detectEntities(text, ents)...), nil
}

// trimText strips leading and trailing white space like Telegram, moving and
// clipping the entities along.
func trimText(text string, ents []MessageEntity) (string, []MessageEntity) {
	trimmed := strings.TrimLeft(text, " \t\r\n")
	shift := utf16Len(text) - utf16Len(trimmed)
	trimmed = strings.TrimRight(trimmed, " \t\r\n")
	total := utf16Len(trimmed)
	var out []MessageEntity
	for _, e := range ents {
		start, end := max(e.Offset-shift, 0), min(e.Offset+e.Length-shift, total)
		if end > start {
			e.Offset, e.Length = start, end-start
			out = append(out, e)
		}
	}
	return trimmed, out
}

var autoEntityRE = regexp.MustCompile(`(^|[\s(])(/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?|@[A-Za-z0-9_]{3,32}|#[\p{L}\p{N}_]+|https?://[^\s<>"]+|t\.me/[^\s<>"]+)`)

// detectEntities finds what Telegram marks by itself in any text: bot
// commands, mentions, hashtags and URLs, outside code and links.
func detectEntities(text string, existing []MessageEntity) []MessageEntity {
	var out []MessageEntity
	for _, m := range autoEntityRE.FindAllStringSubmatchIndex(text, -1) {
		start, end := m[4], m[5]
		token := text[start:end]
		kind := "url"
		switch token[0] {
		case '/':
			kind = "bot_command"
			if end < len(text) && (isAlnum(text[end]) || text[end] == '_' || text[end] == '@' || text[end] == '/') {
				continue
			}
		case '@':
			kind = "mention"
		case '#':
			kind = "hashtag"
		}
		e := MessageEntity{Type: kind, Offset: utf16Len(text[:start]), Length: utf16Len(token)}
		if !insideLiteral(e, existing) {
			out = append(out, e)
		}
	}
	return out
}

func insideLiteral(e MessageEntity, ents []MessageEntity) bool {
	for _, x := range ents {
		switch x.Type {
		case "code", "pre", "text_link", "text_mention":
			if e.Offset < x.Offset+x.Length && x.Offset < e.Offset+e.Length {
				return true
			}
		}
	}
	return false
}

// utf16Len counts UTF-16 code units, the unit of entity offsets.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16Width(r)
	}
	return n
}

func utf16Width(r rune) int {
	if r >= 0x10000 {
		return 2
	}
	return 1
}

// utf16Slice cuts s by UTF-16 offset and length.
func utf16Slice(s string, off, length int) string {
	units := utf16.Encode([]rune(s))
	if off < 0 || off+length > len(units) {
		return ""
	}
	return string(utf16.Decode(units[off : off+length]))
}

// cutAt splits "/cmd@bot" into "/cmd" and "bot".
func cutAt(cmd string) (string, string, bool) { return strings.Cut(cmd, "@") }

func equalFold(a, b string) bool { return strings.EqualFold(a, b) }

// validUTF8 reports whether a text can be sent at all.
func validUTF8(s string) bool { return utf8.ValidString(s) }
