package telegramtest

import (
	"html"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"
)

// FuzzParseHTML feeds arbitrary markup to the fake's parse_mode HTML parser: it never
// panics, and what it accepts (in UTF-8) has entities inside the text (UTF-16 offsets, as
// Telegram counts) and, without markup, is the text itself.
func FuzzParseHTML(f *testing.F) {
	for _, s := range []string{
		"", "plain", "<b>bold</b>", `<a href="tg://user?id=42">Bob</a>`, `<a href="https://t.me/x?a=1&amp;b=2">x</a>`,
		"<pre><code class=\"language-go\">x</code></pre>", "<blockquote expandable>q</blockquote>", "<tg-spoiler>s</tg-spoiler>",
		`<span class="tg-spoiler">s</span>`, `<tg-emoji emoji-id="1">👍</tg-emoji>`, "&lt;&gt;&amp;&quot;&#39;&#x1F600;&#128512;",
		"&#57311;", "&#xD800;", "&#99999999999;", "&#;", "&bogus;", "&", "<", ">", "</b>", "<b><i>x</b></i>", "<b",
		"<a href=>x</a>", `<a href="x" href="y">z</a>`, "<i =a>", "🏟 🏟&lt;<i>🏟 🏟&lt;</>", "\xff\xfe<b>\x00</b>",
		strings.Repeat("<b>", 100) + strings.Repeat("</b>", 100),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, markup string) {
		text, ents, err := parseHTML(markup)
		if err != nil || !utf8.ValidString(markup) {
			return // the fake, as Telegram, refuses text that is not UTF-8 before parsing
		}
		n := len(utf16.Encode([]rune(text)))
		for _, e := range ents {
			if e.Offset < 0 || e.Length <= 0 || e.Offset+e.Length > n {
				t.Fatalf("parseHTML(%q) = %q with entity %+v outside its %d UTF-16 units", markup, text, e, n)
			}
		}
		if !strings.ContainsAny(markup, "<&") && (text != markup || len(ents) != 0) {
			t.Fatalf("parseHTML(%q) = %q %+v, want the text itself", markup, text, ents)
		}
	})
}

// FuzzEscapedTextIsLiteral checks the escaping the bot relies on: any UTF-8 text passed
// through html.EscapeString is accepted by the HTML parser and shows as itself, with no
// entity — so no name, title or custom text can inject markup.
func FuzzEscapedTextIsLiteral(f *testing.F) {
	for _, s := range []string{
		"", "Eve", `</a><a href="tg://x">Eve</a> &amp; <b>`, "Cats & <Dogs>", "&lt;3", "&#39;'\"", "\u202e\u200b🏳️‍🌈 عربى",
		"<b>", "</b>", "<a href=\"https://evil.example\">click</a>", "&#57311;", "&#xD800;", "\x00",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return // Telegram refuses text that is not UTF-8 before parsing it
		}
		text, ents, err := parseHTML(html.EscapeString(s))
		if err != nil || text != s || len(ents) != 0 {
			t.Fatalf("parseHTML(EscapeString(%q)) = %q %+v %v, want the text itself", s, text, ents, err)
		}
	})
}
