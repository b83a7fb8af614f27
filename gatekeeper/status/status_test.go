package status_test

import (
	"strings"
	"testing"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper/i18n"
	"github.com/nezuko/nezuko/gatekeeper/rights"
	"github.com/nezuko/nezuko/gatekeeper/status"
)

// Text has one line per fact, in order; lines about channels only when there are
// channels, the member count only when known; every name escaped.
func TestText(t *testing.T) {
	for _, tc := range []struct {
		name string
		r    status.Report
		want []string
	}{
		{"on", status.Report{Title: "Cats & Dogs", Enabled: true, Members: 42, Verified: 2, Restricted: 1, Errors: 3,
			Settings: "action <code>mute</code>", Health: c.GroupHealth{OK: true},
			Channels: []status.Channel{{Name: "@news", Subscribers: 10, Brought: 4}, {Name: "<Club>", Subscribers: 1}}},
			[]string{"<b>Protection of Cats &amp; Dogs</b>", "Status: on", "Channels members must join:",
				"• @news — 10 subscribers", "• &lt;Club&gt; — 1 subscribers", "Members: 42",
				"Last 24 h: 2 verified, 1 restricted, 3 lookup errors.",
				i18n.T("en", i18n.StatusBrought, "list", i18n.T("en", i18n.StatusBroughtItem, "count", "4", "channel", "@news")+", "+
					i18n.T("en", i18n.StatusBroughtItem, "count", "0", "channel", "&lt;Club&gt;")),
				"Settings: action <code>mute</code> (/settings shows them all)", "My rights: all good."}},
		{"off, observing, members unknown", status.Report{Title: "G", Observe: true, Members: -1,
			Channels: []status.Channel{{Name: "@news"}}},
			[]string{"<b>Protection of G</b>", "Status: off — /protect @channel turns it on.",
				"Mode: observe — decisions are logged, nobody is restricted.", "Channels members must join:", "• @news — 0 subscribers",
				"Last 24 h: 0 verified, 0 restricted, 0 lookup errors.",
				i18n.T("en", i18n.StatusBrought, "list", i18n.T("en", i18n.StatusBroughtItem, "count", "0", "channel", "@news")),
				"Settings:  (/settings shows them all)", "My rights: all good."}},
		{"not set up", status.Report{Title: "G", Enabled: true, Members: 0},
			[]string{"<b>Protection of G</b>", i18n.T("en", i18n.StatusNotSetUp), "Members: 0",
				"Last 24 h: 0 verified, 0 restricted, 0 lookup errors.", "Settings:  (/settings shows them all)", "My rights: all good."}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got, want := status.Text("en", tc.r), strings.Join(tc.want, "\n"); got != want {
				t.Fatalf("Text =\n%s\nwant\n%s", got, want)
			}
		})
	}
}

// The health part names each chat's missing rights in words (an unknown right as it
// is) and how to fix them; it ends the answer.
func TestHealth(t *testing.T) {
	health := func(lang string, h c.GroupHealth) string {
		text := status.Text(lang, status.Report{Title: "G", Health: h})
		_, after, _ := strings.Cut(text, i18n.T(lang, i18n.StatusSettings, "settings", "")+"\n")
		return after
	}
	h := c.GroupHealth{Problems: []c.HealthProblem{
		{Title: "Fans <3", Missing: []string{rights.Restrict, rights.Delete}},
		{Title: "@news", Missing: []string{rights.Admin, "can_<fly>"}},
	}}
	want := strings.Join([]string{i18n.T("de", i18n.HealthBad),
		i18n.T("de", i18n.HealthLine, "chat", "Fans &lt;3", "missing", i18n.T("de", i18n.RightRestrict)+", "+i18n.T("de", i18n.RightDelete)),
		i18n.T("de", i18n.HealthLine, "chat", "@news", "missing", i18n.T("de", i18n.RightAdmin)+", can_&lt;fly&gt;"),
		i18n.T("de", i18n.HealthFix)}, "\n")
	if got := health("de", h); got != want {
		t.Fatalf("health =\n%s\nwant\n%s", got, want)
	}
	for _, ok := range []c.GroupHealth{{OK: true, Problems: h.Problems}, {}} {
		if got := health("en", ok); got != "My rights: all good." {
			t.Fatalf("health(%+v) = %q", ok, got)
		}
	}
	for _, r := range []string{rights.Admin, rights.Member, rights.Restrict, rights.Delete, rights.Invite, rights.Supergroup, rights.GroupLink} {
		got := health("en", c.GroupHealth{Problems: []c.HealthProblem{{Title: "x", Missing: []string{r}}}})
		if !strings.Contains(got, "I am missing ") || strings.Contains(got, "missing "+r+"\n") {
			t.Errorf("right %s is not put in words: %q", r, got)
		}
	}
}
