package telegramtest

import (
	"reflect"
	"testing"
)

// Cases from TDLib's HTML parser tests (the parser behind parse_mode HTML).
func TestParseHTMLErrors(t *testing.T) {
	for markup, want := range map[string]string{
		"&#57311;":                              "Text contains invalid Unicode characters after decoding HTML entities, check for unmatched surrogate code units",
		"🏟 🏟&lt;<abacaba":                       "Unclosed start tag at byte offset 13",
		"🏟 🏟&lt;<abac aba>":                     `Unsupported start tag "abac" at byte offset 13`,
		"🏟 🏟&lt;<i   =aba>":                     `Empty attribute name in the tag "i" at byte offset 13`,
		"🏟 🏟&lt;<i    aba>":                     `Can't find end tag corresponding to start tag "i"`,
		"🏟 🏟&lt;<i    aba  =  ":                 `Unclosed start tag "i" at byte offset 13`,
		"🏟 🏟&lt;<i    aba  =  190azAz-.,":       "Unexpected end of name token at byte offset 27",
		`🏟 🏟&lt;<i    aba  =  "&lt;&gt;&quot;>`: "Unclosed start tag at byte offset 13",
		"🏟 🏟&lt;</":                             "Unexpected end tag at byte offset 13",
		"🏟 🏟&lt;<b></b></":                      "Unexpected end tag at byte offset 20",
		"🏟 🏟&lt;<i>a</i   ":                     "Unclosed end tag at byte offset 17",
		"🏟 🏟&lt;<i>a</em   >":                   `Unmatched end tag at byte offset 17, expected "</i>", found "</em>"`,
		"<span>x</span>":                        `Tag "span" must have class "tg-spoiler" at byte offset 0`,
	} {
		_, _, err := parseHTML(markup)
		if err == nil || err.Error() != want {
			t.Errorf("%q: err = %v, want %q", markup, err, want)
		}
	}
}

func TestParseHTMLEntities(t *testing.T) {
	e := func(typ string, off, n int) MessageEntity { return MessageEntity{Type: typ, Offset: off, Length: n} }
	cases := []struct {
		markup, text string
		ents         []MessageEntity
	}{
		{"&ge;&lt;&gt;&amp;&quot;&laquo;&raquo;&#12345678;", `&ge;<>&"&laquo;&raquo;&#12345678;`, nil},
		{"➡️ ➡️<i>➡️ ➡️</i><b>➡️ ➡️</b>", "➡️ ➡️➡️ ➡️➡️ ➡️", []MessageEntity{e("italic", 5, 5), e("bold", 10, 5)}},
		{"🏟 🏟<i>🏟 &gt;<b aba   =   caba>&lt🏟</b></i>", "🏟 🏟🏟 ><🏟", []MessageEntity{e("italic", 5, 7), e("bold", 9, 3)}},
		{"🏟 🏟&lt;<i>🏟 🏟&lt;</>", "🏟 🏟<🏟 🏟<", []MessageEntity{e("italic", 6, 6)}},
		{"<code><i><b> </b></i></code><i><b><code> </code></b></i>", "  ",
			[]MessageEntity{e("code", 0, 1), e("bold", 0, 1), e("italic", 0, 1), e("code", 1, 1), e("bold", 1, 1), e("italic", 1, 1)}},
		{"<i><b> </b> <code> </code></i>", "   ", []MessageEntity{e("italic", 0, 3), e("bold", 0, 1), e("code", 2, 1)}},
		{"<a>telegram.org </a>", "telegram.org ", nil},
		{"🏟 🏟&lt;<pre><code>🏟 🏟&lt;</code></>", "🏟 🏟<🏟 🏟<", []MessageEntity{e("pre", 6, 6), e("code", 6, 6)}},
		{"🏟 🏟&lt;<pre><code class=\"language-fift\">🏟 🏟&lt;</> </>", "🏟 🏟<🏟 🏟< ", []MessageEntity{e("pre", 6, 7), e("code", 6, 6)}},
		{"<blockquote   expandable>a&lt;<pre  >b;</></>", "a<b;", []MessageEntity{e("expandable_blockquote", 0, 4), e("pre", 2, 2)}},
		{"🏟 🏟&lt;<b></b>", "🏟 🏟<", nil},
	}
	for _, c := range cases {
		text, ents, err := parseHTML(c.markup)
		if err != nil || text != c.text || !reflect.DeepEqual(ents, c.ents) {
			t.Errorf("%q: got %q %+v %v, want %q %+v", c.markup, text, ents, err, c.text, c.ents)
		}
	}
	_, ents, _ := parseHTML(`<a href="telegram.org?&lt;">x</a><pre><code class="language-go">y</code></pre>`)
	if len(ents) != 2 || ents[0].URL != "http://telegram.org/?<" || ents[1].Type != "pre" || ents[1].Language != "go" {
		t.Errorf("link and language: %+v", ents)
	}
	_, ents, _ = parseHTML(`<a href="tg://user?id=42">Bob</a>`)
	if len(ents) != 1 || ents[0].Type != "text_mention" || ents[0].User.ID != 42 {
		t.Errorf("mention: %+v", ents)
	}
}

func TestFormatTextTrimsAndDetects(t *testing.T) {
	text, ents, aerr := formatText("  <b>hi</b> /start@gate_bot @news #tag https://t.me/x  ", "HTML", nil)
	if aerr != nil || text != "hi /start@gate_bot @news #tag https://t.me/x" {
		t.Fatalf("text = %q %v", text, aerr)
	}
	want := []string{"bold", "bot_command", "mention", "hashtag", "url"}
	if len(ents) != len(want) || ents[0].Offset != 0 || ents[0].Length != 2 {
		t.Fatalf("entities = %+v", ents)
	}
	for i, w := range want {
		if ents[i].Type != w {
			t.Errorf("entity %d = %s, want %s", i, ents[i].Type, w)
		}
	}
}
