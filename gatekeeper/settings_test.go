package gatekeeper_test

import (
	"strings"
	"testing"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper"
	"github.com/nezuko/nezuko/gatekeeper/groups"
	"github.com/nezuko/nezuko/tests/telegramtest"
)

// action kick removes a newcomer without the channels (ban + unban, so they can join
// again), with join buttons but no "I have joined" button.
func TestActionKickRemovesAndAllowsRejoining(t *testing.T) {
	w, group, news := newFansWorld(t)
	w.setParams(group, func(p *c.GroupParams) { p.Action = groups.ActionKick })
	w.start(false)

	alice := w.tg.AddUser("Alice")
	mustV[telegramtest.Message](t)(w.tg.Join(group.ID, alice))
	w.pump()
	if len(w.callsFor("banChatMember", alice.ID)) != 1 || len(w.callsFor("unbanChatMember", alice.ID)) != 1 {
		t.Fatal("kick is not ban + unban")
	}
	if len(w.callsFor("restrictChatMember", alice.ID)) != 0 {
		t.Fatal("kick also restricted")
	}
	if got := w.tg.Member(group.ID, alice.ID); got.Status != telegramtest.StatusLeft {
		t.Fatalf("alice = %+v, want left (not banned)", got)
	}
	w.tg.WaitFor(t, wait, func() bool { return len(w.warnings(group.ID)) == 1 })
	warn := w.warnings(group.ID)[0]
	if b := buttonTexts(warn); strings.Contains(b, "I have joined") || !strings.Contains(b, "Join @news") {
		t.Fatalf("kick warning buttons = %q", b)
	}
	if !strings.Contains(warn.Text, "was removed") {
		t.Fatalf("kick warning = %q", warn.Text)
	}
	mustV[telegramtest.Message](t)(w.tg.Join(news.ID, alice))
	mustV[telegramtest.Message](t)(w.tg.Join(group.ID, alice)) // back, now a subscriber
	w.pump()
	if got := w.tg.Member(group.ID, alice.ID); got.Status != telegramtest.StatusMember {
		t.Fatalf("alice after rejoining = %+v", got)
	}
}

// action delete deletes a non-member's messages and warns, restricting nobody.
func TestActionDeleteOnlyDeletes(t *testing.T) {
	w, group, _ := newFansWorld(t)
	w.setParams(group, func(p *c.GroupParams) { p.Action = groups.ActionDelete })
	w.start(false)

	mallory := w.tg.AddUser("Mallory")
	w.member(mallory, group)
	spam := mustV[telegramtest.Message](t)(w.tg.Send(group.ID, mallory, "spam"))
	w.pump()
	if n := len(w.tg.Calls("restrictChatMember")) + len(w.tg.Calls("banChatMember")); n != 0 {
		t.Fatalf("delete-only made %d restrict/ban calls", n)
	}
	for _, m := range w.tg.Messages(group.ID) {
		if m.MessageID == spam.MessageID {
			t.Fatal("message not deleted")
		}
	}
	w.tg.WaitFor(t, wait, func() bool { return len(w.warnings(group.ID)) == 1 })
	if txt := w.warnings(group.ID)[0].Text; !strings.Contains(txt, "messages here are deleted") {
		t.Fatalf("warning = %q", txt)
	}
	if got := w.tg.Member(group.ID, mallory.ID); got.Status != telegramtest.StatusMember {
		t.Fatalf("mallory = %+v", got)
	}
}

// mode observe restricts, warns and deletes nothing, but logs every decision.
func TestObserveModeOnlyLogs(t *testing.T) {
	w, group, _ := newFansWorld(t)
	w.setParams(group, func(p *c.GroupParams) { p.Mode = groups.ModeObserve })
	w.start(false)

	alice, bob := w.tg.AddUser("Alice"), w.tg.AddUser("Bob")
	w.member(bob, group)
	mustV[telegramtest.Message](t)(w.tg.Join(group.ID, alice))
	mustV[telegramtest.Message](t)(w.tg.Send(group.ID, bob, "hi"))
	w.pump()
	for _, m := range []string{"restrictChatMember", "banChatMember", "deleteMessage", "sendMessage"} {
		if n := len(w.tg.Calls(m)); n != 0 {
			t.Fatalf("observe mode made %d %s calls", n, m)
		}
	}
	for _, u := range []telegramtest.User{alice, bob} {
		rows := w.verifications(u.ID)
		if len(rows) != 1 || rows[0].GetString(c.FieldStatus) != c.Restricted {
			t.Fatalf("%s: %d rows, want one 'restricted' decision", u.FirstName, len(rows))
		}
	}
}

// on_error decides what a failed lookup means; the row says error either way.
func TestOnErrorAllowOrRestrict(t *testing.T) {
	for _, tc := range []struct {
		onError    string
		restricted bool
	}{{groups.OnErrorAllow, false}, {groups.OnErrorRestrict, true}} {
		t.Run(tc.onError, func(t *testing.T) {
			w, group, _ := newFansWorld(t)
			w.setParams(group, func(p *c.GroupParams) { p.OnError = tc.onError })
			w.start(false)

			alice := w.tg.AddUser("Alice")
			w.tg.InjectFault(telegramtest.Fault{Method: "getChatMember", Kind: telegramtest.FaultServerError, Times: -1})
			mustV[telegramtest.Message](t)(w.tg.Join(group.ID, alice))
			w.pump()
			w.tg.ClearFaults()
			if got := w.tg.Member(group.ID, alice.ID).Status == telegramtest.StatusRestricted; got != tc.restricted {
				t.Fatalf("restricted = %v, want %v", got, tc.restricted)
			}
			rows := w.verifications(alice.ID)
			if len(rows) != 1 || rows[0].GetString(c.FieldStatus) != c.VerifyErr || rows[0].GetString(c.FieldErrorType) == "" {
				t.Fatalf("rows = %d, want one error row with an error_type", len(rows))
			}
		})
	}
}

// An exempt user is never checked, whatever they do.
func TestExemptUserIsUntouched(t *testing.T) {
	w, group, _ := newFansWorld(t)
	alice := w.tg.AddUser("Alice")
	w.setParams(group, func(p *c.GroupParams) { p.ExemptUserIDs = []int64{alice.ID} })
	w.start(false)

	mustV[telegramtest.Message](t)(w.tg.Join(group.ID, alice))
	mustV[telegramtest.Message](t)(w.tg.Send(group.ID, alice, "hello"))
	w.pump()
	if n := len(w.callsFor("getChatMember", alice.ID)) + len(w.tg.Calls("restrictChatMember")) +
		len(w.tg.Calls("deleteMessage")) + len(w.tg.Calls("sendMessage")); n != 0 {
		t.Fatalf("%d calls about an exempt user", n)
	}
	if rows := w.verifications(alice.ID); len(rows) != 0 {
		t.Fatalf("%d rows for an exempt user", len(rows))
	}
}

// A custom warning text gets its placeholders, with every user-supplied string
// HTML-escaped (the template, the name, the group title).
func TestCustomWarningTextIsEscaped(t *testing.T) {
	w := newWorld(t)
	group := w.supergroup("Cats & <Dogs>")
	news := w.channel("News", "news")
	w.protect(w.botRec, true, group, news)
	w.setParams(group, func(p *c.GroupParams) { p.WarningText = "Hi {user} <3 — join {channels} to talk in {group}!" })
	w.start(false)

	eve := w.tg.AddUser("<b>Eve</b> & co")
	mustV[telegramtest.Message](t)(w.tg.Join(group.ID, eve))
	w.pump()
	var sent []string
	w.tg.WaitFor(t, wait, func() bool { sent = w.sentTexts(group.ID); return len(sent) == 1 && len(w.warnings(group.ID)) == 1 })
	if len(sent) != 1 {
		t.Fatalf("sent = %q", sent)
	}
	for _, want := range []string{"&lt;b&gt;Eve&lt;/b&gt; &amp; co</a>", "&lt;3", "join @news", "Cats &amp; &lt;Dogs&gt;!"} {
		if !strings.Contains(sent[0], want) {
			t.Fatalf("warning %q lacks %q", sent[0], want)
		}
	}
	if got := w.warnings(group.ID)[0].Text; got != "Hi <b>Eve</b> & co <3 — join @news to talk in Cats & <Dogs>!" {
		t.Fatalf("rendered = %q", got)
	}
}

// /settings language switches the group's texts; /settings shows every key.
func TestLanguageSwitch(t *testing.T) {
	w, group, _ := newFansWorld(t)
	w.start(false)
	owner := w.tg.Owner(group.ID)

	card := w.command(group, owner, "/settings", "Settings of Fans")
	for _, k := range []string{"action: mute", "mode: enforce", "on_error: restrict", "language: en", "warning_ttl_seconds: 60",
		"warning_text", "exempt_user_ids", "join_requests: off"} {
		if !contains(card, k) {
			t.Fatalf("/settings = %q lacks %q", card, k)
		}
	}
	w.command(group, owner, "/settings language es", "Guardado: language = es")
	if w.params(group).Language != "es" {
		t.Fatal("language not saved")
	}
	w.joinWarned(t, group, "Alice")
	warn := w.warnings(group.ID)[0]
	if !strings.HasPrefix(warn.Text, "¡Bienvenido, Alice!") || !strings.Contains(buttonTexts(warn), "Ya me he unido") {
		t.Fatalf("warning in es = %q / %q", warn.Text, buttonTexts(warn))
	}
	w.command(group, owner, "/settings language de", "Gespeichert: language = de")
	w.command(group, owner, "/settings language xx", "language muss einer dieser Werte sein: en, de, es")
}

// Every /settings key changes params; a non-admin's /settings changes nothing.
func TestSettingsCommandChangesParamsForAdminsOnly(t *testing.T) {
	w, group, news := newFansWorld(t)
	w.start(false)
	owner, bob := w.tg.Owner(group.ID), w.tg.AddUser("Bob")
	w.member(bob, group, news)

	w.command(group, bob, "/settings mode observe", gatekeeper.ReplyNotAdmin)
	w.command(group, bob, "/settings", gatekeeper.ReplyNotAdmin)
	if p := w.params(group); p.Mode != "" {
		t.Fatalf("a non-admin changed params: %+v", p)
	}
	w.command(group, owner, "/settings mode observe", "Saved: mode = observe")
	w.command(group, owner, "/settings action kick", "Saved: action = kick")
	w.command(group, owner, "/settings on_error allow", "Saved: on_error = allow")
	w.command(group, owner, "/settings warning_ttl_seconds 5", "Saved: warning_ttl_seconds = 5")
	w.command(group, owner, "/settings join_requests on", "Saved: join_requests = on")
	w.command(group, owner, "/settings exempt add 4242", "User 4242 is exempt now")
	w.command(group, owner, "/settings exempt add 77", "User 77 is exempt now")
	w.command(group, owner, "/settings exempt remove 4242", "User 4242 is no longer exempt")
	w.command(group, owner, "/settings warning_text Hey {user}, <join> {channels}!", "Saved: warning_text = Hey {user}, <join> {channels}!")
	w.command(group, owner, "/settings action explode", "action must be one of: mute, kick, delete")
	w.command(group, owner, "/settings warning_ttl_seconds -3", "whole number from 0 to 86400")
	w.command(group, owner, "/settings colour blue", "There is no setting colour")
	w.command(group, owner, "/settings warning_text "+strings.Repeat("x", 1001), "at most 1000 characters")
	p := w.params(group)
	if p.Mode != "observe" || p.Action != "kick" || p.OnError != "allow" || p.WarningTTLSeconds == nil || *p.WarningTTLSeconds != 5 ||
		!p.JoinRequests || len(p.ExemptUserIDs) != 1 || p.ExemptUserIDs[0] != 77 || p.WarningText != "Hey {user}, <join> {channels}!" {
		t.Fatalf("params = %+v", p)
	}
}

// Warnings and command replies are deleted after warning_ttl_seconds.
func TestWarningsAndRepliesAutoDelete(t *testing.T) {
	w, group, _ := newFansWorld(t)
	one := 1
	w.setParams(group, func(p *c.GroupParams) { p.WarningTTLSeconds = &one })
	w.start(false)
	alice := w.joinWarned(t, group, "Alice")
	w.tg.WaitFor(t, wait, func() bool { return len(w.warnings(group.ID)) == 0 })
	if w.e.HasWarning(group.ID, alice.ID) {
		t.Fatal("an expired warning is still live")
	}
	owner := w.tg.Owner(group.ID)
	cmd := mustV[telegramtest.Message](t)(w.tg.Send(group.ID, owner, "/status"))
	w.pump()
	w.tg.WaitFor(t, wait, func() bool {
		for _, m := range w.tg.Messages(group.ID) {
			if m.MessageID == cmd.MessageID || (m.From != nil && m.From.ID == w.gate.ID) {
				return false
			}
		}
		return true
	})
}
