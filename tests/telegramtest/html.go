package telegramtest

import (
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// parseHTML turns an HTML-formatted text into plain text and entities the way
// Telegram's parse_mode HTML does, with its error messages (which the Bot API
// prefixes with "can't parse entities: ").
func parseHTML(text string) (string, []MessageEntity, error) {
	at := func(i int) byte {
		if i < len(text) {
			return text[i]
		}
		return 0
	}
	type open struct {
		tag    string
		offset int // UTF-16 offset in the result
		begin  int // byte position in the result
		attrs  map[string]string
	}
	var (
		res   []byte
		u16   int
		stack []open
		ents  []MessageEntity
	)
	for i := 0; i < len(text); {
		c := text[i]
		if c == '&' {
			if r, next, ok := decodeEntity(text, i); ok {
				if r >= 0xD800 && r <= 0xDFFF {
					return "", nil, fmt.Errorf("Text contains invalid Unicode characters after decoding HTML entities, check for unmatched surrogate code units")
				}
				res = utf8.AppendRune(res, r)
				u16 += utf16Width(r)
				i = next
				continue
			}
		}
		if c != '<' {
			res = append(res, c)
			if c < 0x80 || c >= 0xC0 {
				u16++
				if c >= 0xF0 {
					u16++
				}
			}
			i++
			continue
		}
		begin := i
		i++
		if at(i) != '/' {
			for at(i) != 0 && !isSpace(at(i)) && at(i) != '>' {
				i++
			}
			if at(i) == 0 {
				return "", nil, fmt.Errorf("Unclosed start tag at byte offset %d", begin)
			}
			tag := strings.ToLower(text[begin+1 : i])
			if _, ok := htmlTags[tag]; !ok {
				return "", nil, fmt.Errorf("Unsupported start tag %q at byte offset %d", tag, begin)
			}
			attrs := map[string]string{}
			for at(i) != '>' {
				for at(i) != 0 && isSpace(at(i)) {
					i++
				}
				if at(i) == '>' {
					break
				}
				nameBegin := i
				for at(i) != 0 && !isSpace(at(i)) && at(i) != '=' && at(i) != '>' {
					i++
				}
				name := strings.ToLower(text[nameBegin:i])
				if name == "" {
					return "", nil, fmt.Errorf("Empty attribute name in the tag %q at byte offset %d", tag, begin)
				}
				for at(i) != 0 && isSpace(at(i)) {
					i++
				}
				if at(i) == 0 {
					return "", nil, fmt.Errorf("Unclosed start tag %q at byte offset %d", tag, begin)
				}
				if at(i) != '=' {
					attrs[name] = ""
					continue
				}
				i++
				for at(i) != 0 && isSpace(at(i)) {
					i++
				}
				if at(i) == 0 {
					return "", nil, fmt.Errorf("Unclosed start tag %q at byte offset %d", tag, begin)
				}
				var val []byte
				if q := at(i); q != '\'' && q != '"' {
					tokenBegin := i
					for isAlnum(at(i)) || at(i) == '.' || at(i) == '-' {
						i++
					}
					val = []byte(strings.ToLower(text[tokenBegin:i]))
					if !isSpace(at(i)) && at(i) != '>' {
						return "", nil, fmt.Errorf("Unexpected end of name token at byte offset %d", tokenBegin)
					}
				} else {
					i++
					for at(i) != q && at(i) != 0 {
						if r, next, ok := decodeEntity(text, i); ok {
							val = utf8.AppendRune(val, r)
							i = next
							continue
						}
						val = append(val, text[i])
						i++
					}
					if at(i) == q {
						i++
					}
				}
				if at(i) == 0 {
					return "", nil, fmt.Errorf("Unclosed start tag at byte offset %d", begin)
				}
				attrs[name] = string(val)
			}
			i++
			if tag == "span" && attrs["class"] != "tg-spoiler" {
				return "", nil, fmt.Errorf("Tag \"span\" must have class \"tg-spoiler\" at byte offset %d", begin)
			}
			stack = append(stack, open{tag: tag, offset: u16, begin: len(res), attrs: attrs})
			continue
		}
		if len(stack) == 0 {
			return "", nil, fmt.Errorf("Unexpected end tag at byte offset %d", begin)
		}
		i++
		nameBegin := i
		for at(i) != 0 && !isSpace(at(i)) && at(i) != '>' {
			i++
		}
		endName := strings.ToLower(text[nameBegin:i])
		for at(i) != 0 && isSpace(at(i)) {
			i++
		}
		if at(i) != '>' {
			return "", nil, fmt.Errorf("Unclosed end tag at byte offset %d", begin)
		}
		i++
		top := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if endName != "" && endName != top.tag {
			return "", nil, fmt.Errorf("Unmatched end tag at byte offset %d, expected \"</%s>\", found \"</%s>\"", begin, top.tag, endName)
		}
		length := u16 - top.offset
		if length == 0 {
			continue
		}
		e := MessageEntity{Type: htmlTags[top.tag], Offset: top.offset, Length: length}
		var last *MessageEntity
		if n := len(ents); n > 0 && ents[n-1].Offset == e.Offset && ents[n-1].Length == e.Length {
			last = &ents[n-1]
		}
		switch top.tag {
		case "a":
			href := top.attrs["href"]
			if href == "" {
				href = string(res[top.begin:])
			}
			if id, ok := strings.CutPrefix(href, "tg://user?id="); ok {
				n, err := strconv.ParseInt(id, 10, 64)
				if err != nil {
					continue
				}
				e.Type, e.User = "text_mention", &User{ID: n}
			} else if e.URL = normalizeURL(href); e.URL == "" {
				continue
			}
		case "code":
			lang, hasLang := strings.CutPrefix(top.attrs["class"], "language-")
			if hasLang && lang != "" && last != nil && last.Type == "pre" {
				last.Language = lang
				continue
			}
			if hasLang && lang != "" {
				e.Language = lang // kept only if a pre around it takes it
			}
		case "pre":
			if last != nil && last.Type == "code" && last.Language != "" {
				last.Type = "pre"
				continue
			}
		case "blockquote":
			if _, ok := top.attrs["expandable"]; ok {
				e.Type = "expandable_blockquote"
			}
		case "tg-emoji":
			e.CustomEmojiID = top.attrs["emoji-id"]
		}
		ents = append(ents, e)
	}
	if len(stack) > 0 {
		return "", nil, fmt.Errorf("Can't find end tag corresponding to start tag %q", stack[len(stack)-1].tag)
	}
	for k := range ents {
		if ents[k].Type == "code" {
			ents[k].Language = ""
		}
	}
	sortEntities(ents)
	return string(res), ents, nil
}

// htmlTags maps the supported tags to their entity types.
var htmlTags = map[string]string{
	"b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline", "ins": "underline",
	"s": "strikethrough", "strike": "strikethrough", "del": "strikethrough",
	"span": "spoiler", "tg-spoiler": "spoiler", "a": "text_link", "code": "code", "pre": "pre",
	"blockquote": "blockquote", "tg-emoji": "custom_emoji",
}

// entityPriority orders entities that share offset and length, as Telegram does.
var entityPriority = map[string]int{
	"blockquote": 0, "expandable_blockquote": 0, "pre": 11, "code": 20, "text_link": 49, "text_mention": 49,
	"bold": 90, "italic": 91, "underline": 92, "strikethrough": 93, "spoiler": 94, "custom_emoji": 99,
}

func sortEntities(ents []MessageEntity) {
	prio := func(t string) int {
		if p, ok := entityPriority[t]; ok {
			return p
		}
		return 50
	}
	sort.SliceStable(ents, func(a, b int) bool {
		x, y := ents[a], ents[b]
		if x.Offset != y.Offset {
			return x.Offset < y.Offset
		}
		if x.Length != y.Length {
			return x.Length > y.Length
		}
		return prio(x.Type) < prio(y.Type)
	})
}

// decodeEntity decodes &lt; &gt; &amp; &quot; and numeric references at
// text[i] (the ';' is optional); anything else stays literal.
func decodeEntity(text string, i int) (rune, int, bool) {
	j := i + 1
	var r int64
	if j < len(text) && text[j] == '#' {
		j++
		hex := j < len(text) && text[j] == 'x'
		if hex {
			j++
		}
		start := j
		for j < len(text) && (isDigit(text[j]) || hex && strings.IndexByte("abcdefABCDEF", text[j]) >= 0) {
			j++
		}
		base := 10
		if hex {
			base = 16
		}
		n, err := strconv.ParseInt(text[start:j], base, 64)
		if err != nil || n == 0 || n >= 0x10ffff || j-i >= 10 {
			return 0, 0, false
		}
		r = n
	} else {
		for j < len(text) && isAlpha(text[j]) {
			j++
		}
		switch text[i+1 : j] {
		case "lt":
			r = '<'
		case "gt":
			r = '>'
		case "amp":
			r = '&'
		case "quot":
			r = '"'
		default:
			return 0, 0, false
		}
	}
	if j < len(text) && text[j] == ';' {
		j++
	}
	return rune(r), j, true
}

// normalizeURL checks a link target like Telegram: it needs a host with a
// dot; a missing scheme becomes http, a missing path "/". "" means invalid.
func normalizeURL(raw string) string {
	if strings.ContainsAny(raw, " \t\r\n") {
		return ""
	}
	if !strings.Contains(raw, "://") {
		raw = "http://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "tg" && !strings.Contains(u.Host, ".")) {
		return ""
	}
	if u.Path == "" && u.Scheme != "tg" {
		u.Path = "/"
	}
	return u.String()
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isAlnum(c byte) bool { return isAlpha(c) || isDigit(c) }
