package warnings_test

import (
	"strings"
	"testing"
	"time"

	"github.com/nezuko/nezuko/gatekeeper/store"
	"github.com/nezuko/nezuko/gatekeeper/warnings"
)

// A button's data names the warned user, or the combined warning; anything else is
// not the warnings'.
func TestCallbackData(t *testing.T) {
	if data := warnings.VerifyData(42); data != "nzv:42" {
		t.Fatalf("VerifyData = %q", data)
	}
	if id, ok := warnings.ParseVerifyData("nzv:42"); !ok || id != 42 {
		t.Fatalf("ParseVerifyData = %d, %v", id, ok)
	}
	if id, ok := warnings.ParseCombinedData(warnings.CombinedPrefix + "7"); !ok || id != 7 {
		t.Fatalf("ParseCombinedData = %d, %v", id, ok)
	}
	for _, data := range []string{"nzv:abc", "nzb:1", "nzv:", "", "nzr:-100"} {
		if _, ok := warnings.ParseVerifyData(data); ok {
			t.Errorf("ParseVerifyData(%q) is a user", data)
		}
	}
	for _, data := range []string{"nzb:x", "nzv:1", ""} {
		if _, ok := warnings.ParseCombinedData(data); ok {
			t.Errorf("ParseCombinedData(%q) is a combined warning", data)
		}
	}
}

// A channel is named by @username, else its title.
func TestChannelName(t *testing.T) {
	for _, tc := range []struct {
		ch   store.Channel
		want string
	}{
		{store.Channel{Username: "news", Title: "News"}, "@news"},
		{store.Channel{Title: "Private"}, "Private"},
		{store.Channel{}, "the channel"},
	} {
		if got := warnings.ChannelName(tc.ch); got != tc.want {
			t.Errorf("ChannelName(%+v) = %q, want %q", tc.ch, got, tc.want)
		}
	}
}

// A join button leads to the bot's link for the group, else the channel's invite
// link, else t.me/username; a channel with none has no button. "I have joined" comes
// last, only with data.
func TestKeyboard(t *testing.T) {
	chans := []store.Channel{
		{ID: 1, Username: "a", InviteLink: "https://t.me/+inv", GroupLink: "https://t.me/+bot"},
		{ID: 2, Username: "b", InviteLink: "https://t.me/+inv2"},
		{ID: 3, Username: "c"},
		{ID: 4, Title: "Hidden"},
	}
	rows := warnings.Keyboard("en", "nzv:1", chans).InlineKeyboard
	want := []string{"https://t.me/+bot", "https://t.me/+inv2", "https://t.me/c"}
	if len(rows) != 4 {
		t.Fatalf("rows = %+v", rows)
	}
	for i, url := range want {
		if rows[i][0].URL != url || rows[i][0].Text != "Join @"+string(rune('a'+i)) {
			t.Errorf("row %d = %+v, want %s", i, rows[i][0], url)
		}
	}
	if last := rows[3][0]; last.CallbackData != "nzv:1" || last.Text != "I have joined" {
		t.Errorf("last row = %+v", last)
	}
	if rows := warnings.Keyboard("en", "", chans[2:3]).InlineKeyboard; len(rows) != 1 {
		t.Errorf("without data: %+v", rows)
	}
}

// A combined warning follows the group's warning_text, every value HTML-escaped
// and {user} the list of names.
func TestCombinedWarningFollowsTheTemplate(t *testing.T) {
	r := newRig(t, 20)
	r.rate.SetRate(1)
	r.rate.Reserve(group, time.Now())
	for id := int64(1); id <= 4; id++ {
		f := facts(id)
		f.Template, f.Title = "<b>{user}</b> must join {channels} to write in {group}", "A & B"
		r.w.Warn(group, id, 0, "own warning", nil, 0, f)
	}
	r.rate.SetRate(7)
	eventually(t, "the combined warning", func() bool { return len(r.f.texts()) == 1 })
	_, m := r.f.only(t)
	want := "&lt;b&gt;" + user(1) + ", " + user(2) + ", " + user(3) + ", " + user(4) +
		"&lt;/b&gt; must join @news to write in A &amp; B"
	if m.text != want {
		t.Fatalf("text = %q, want %q", m.text, want)
	}
}

// More users than a message may name are counted ("and K others"), the newest
// first; an edit names the others.
func TestCombinedWarningCountsTheOthers(t *testing.T) {
	r := newRig(t, 20)
	_, first := r.burst(t, 60)
	if !strings.Contains(first.text, "and 10 others") || strings.Contains(first.text, user(1)) || !strings.Contains(first.text, user(11)) {
		t.Fatalf("first text = %q, want users 11 to 60 named and 10 counted", first.text)
	}
	eventually(t, "users 1 to 10 named in an edit", func() bool {
		_, m := r.f.only(t)
		return strings.Contains(m.text, user(1)) && strings.Contains(m.text, user(10))
	})
	if _, m := r.f.only(t); !strings.Contains(m.text, "and 10 others") {
		t.Fatalf("edited text = %q, want 50 named and 10 counted", m.text)
	}
	for id := int64(1); id <= 60; id++ {
		if !r.w.Has(group, id) {
			t.Fatalf("user %d has no warning", id)
		}
	}
}
