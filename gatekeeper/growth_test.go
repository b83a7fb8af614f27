package gatekeeper_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper/rights"
	"github.com/nezuko/nezuko/tests/telegramtest"
)

// groupLink waits for the bot's stored current invite link of a (group, channel) pair.
func (w *world) groupLink(groupID, channelID int64) string {
	w.t.Helper()
	var link string
	eventually(w.t, "the group's invite link stored", func() bool {
		rec, err := w.app.FindFirstRecordByFilter(c.BotInviteLinks, c.FieldGroupID+" = {:g} && "+c.FieldChannelID+" = {:c} && "+c.FieldRevokedAt+" = ''",
			dbx.Params{"g": groupID, "c": channelID})
		if err == nil {
			link = c.Wrap(&c.BotInviteLink{}, rec).InviteLink()
		}
		return link != ""
	})
	return link
}

// joinRows waits for n channel_joins rows of a user and returns them, oldest first.
func (w *world) joinRows(userID int64, n int) []*c.ChannelJoin {
	w.t.Helper()
	var rows []*core.Record
	eventually(w.t, "channel_joins rows", func() bool {
		var err error
		rows, err = w.app.FindRecordsByFilter(c.ChannelJoins, c.FieldUserID+" = {:u}", c.FieldTimestamp, 0, 0, dbx.Params{"u": userID})
		must(w.t, err)
		return len(rows) >= n
	})
	out := make([]*c.ChannelJoin, len(rows))
	for i, r := range rows {
		out[i] = c.Wrap(&c.ChannelJoin{}, r)
	}
	return out
}

// joinButton is the URL of a warning's first join button.
func joinButton(t testing.TB, m telegramtest.Message) string {
	t.Helper()
	for _, row := range m.ReplyMarkup.InlineKeyboard {
		for _, b := range row {
			if b.URL != "" {
				return b.URL
			}
		}
	}
	t.Fatalf("warning %q has no join button", m.Text)
	return ""
}

// Each group's warnings lead into the channel through the bot's own link, named after
// the group (cut to Telegram's 32 characters), made once; a join through it is
// recorded in channel_joins for that group, and the mute is lifted.
func TestJoinAttributedToTheGroupsLink(t *testing.T) {
	w := newWorld(t)
	fans := w.supergroup("Fans")
	long := w.supergroup(strings.Repeat("Ж", 30) + " Chess Club") // 41 characters
	news := w.channel("News", "news")
	w.protect(w.botRec, true, fans, news)
	w.protect(w.botRec, true, long, news)
	w.start(false)

	alice, bob := w.tg.AddUser("Alice"), w.tg.AddUser("Bob")
	mustV[telegramtest.Message](t)(w.tg.Join(fans.ID, alice))
	mustV[telegramtest.Message](t)(w.tg.Join(long.ID, bob))
	w.pump()
	w.tg.WaitFor(t, wait, func() bool { return len(w.warnings(fans.ID)) == 1 && len(w.warnings(long.ID)) == 1 })
	fansURL, longURL := joinButton(t, w.warnings(fans.ID)[0]), joinButton(t, w.warnings(long.ID)[0])
	if fansURL != w.groupLink(fans.ID, news.ID) || longURL != w.groupLink(long.ID, news.ID) || fansURL == longURL {
		t.Fatalf("buttons %q and %q, want each group's own link", fansURL, longURL)
	}
	names := map[string]bool{}
	for _, call := range w.tg.Calls("createChatInviteLink") {
		names[call.Params["name"]] = true
	}
	if !names["Fans"] || !names[strings.Repeat("Ж", 30)+" C"] || len(names) != 2 {
		t.Fatalf("link names = %v, want the group titles cut to 32 characters", names)
	}

	mustV[telegramtest.Message](t)(w.tg.JoinByLink(news.ID, alice, fansURL))
	mustV[telegramtest.Message](t)(w.tg.JoinByLink(news.ID, bob, longURL))
	w.pump()
	w.tg.WaitFor(t, wait, func() bool {
		return w.tg.Member(fans.ID, alice.ID).Status == telegramtest.StatusMember && w.tg.Member(long.ID, bob.ID).Status == telegramtest.StatusMember
	})
	for _, tc := range []struct {
		user  telegramtest.User
		group int64
		link  string
	}{{alice, fans.ID, fansURL}, {bob, long.ID, longURL}} {
		rows := w.joinRows(tc.user.ID, 1)
		if j := rows[0]; len(rows) != 1 || j.GroupID() != tc.group || j.ChannelID() != news.ID || j.Via() != c.JoinViaMember ||
			j.InviteLink() != tc.link || j.BotID() != w.gate.ID || j.Timestamp().IsZero() {
			t.Fatalf("channel_joins of %s = %+v", tc.user.FirstName, j.FieldsData())
		}
	}

	// More warnings in the group reuse the link: it is made once per pair.
	carol := w.tg.AddUser("Carol")
	mustV[telegramtest.Message](t)(w.tg.Join(fans.ID, carol))
	w.pump()
	w.tg.WaitFor(t, wait, func() bool { return w.e.HasWarning(fans.ID, carol.ID) })
	if n := len(w.tg.Calls("createChatInviteLink")); n != 2 {
		t.Fatalf("createChatInviteLink calls = %d, want 2 (one per group)", n)
	}
}

// A join without a link, or through a link another admin made (Telegram shows the
// bot only its own links in full), is "other": group_id collections.NoGroup.
func TestOtherJoinsAreOther(t *testing.T) {
	w := newWorld(t)
	fans, news := w.supergroup("Fans"), w.channel("News", "news")
	w.protect(w.botRec, true, fans, news)
	promo := w.tg.AddBot("promo_bot")
	must(t, w.tg.SetMember(news.ID, promo.ID, telegramtest.Admin(telegramtest.AdminRights{CanInviteUsers: true})))
	w.start(false)

	alice, bob := w.tg.AddUser("Alice"), w.tg.AddUser("Bob")
	mustV[telegramtest.Message](t)(w.tg.Join(news.ID, alice)) // by username
	theirs := promoLink(t, w, promo, news)
	mustV[telegramtest.Message](t)(w.tg.JoinByLink(news.ID, bob, theirs))
	w.pump()
	a, b := w.joinRows(alice.ID, 1)[0], w.joinRows(bob.ID, 1)[0]
	if a.GroupID() != c.NoGroup || a.InviteLink() != "" || a.Via() != c.JoinViaMember {
		t.Fatalf("join by username = %+v", a.FieldsData())
	}
	if b.GroupID() != c.NoGroup || b.InviteLink() == theirs || !strings.HasSuffix(b.InviteLink(), "…") {
		t.Fatalf("join through another admin's link = %+v, want other with the link as Telegram hid it", b.FieldsData())
	}
}

// promoLink makes an invite link as another admin bot.
func promoLink(t *testing.T, w *world, promo telegramtest.Bot, ch telegramtest.Chat) string {
	t.Helper()
	b, err := bot.New(promo.Token, bot.WithServerURL(w.tg.URL), bot.WithSkipGetMe())
	must(t, err)
	link, err := b.CreateChatInviteLink(context.Background(), &bot.CreateChatInviteLinkParams{ChatID: ch.ID, Name: "promo"})
	must(t, err)
	return link.InviteLink
}

// A link revoked in the app (no update says so) is found by the maintenance probe and
// made anew; when the bot lost the right to invite, health names the missing right.
func TestRevokedLinkIsRecreated(t *testing.T) {
	w := newWorld(t)
	fans, news := w.supergroup("Fans"), w.channel("News", "news")
	w.protect(w.botRec, true, fans, news)
	w.start(false)
	w.e.RunMaintenance() // makes the link
	old := w.groupLink(fans.ID, news.ID)
	must(t, w.tg.RevokeLink(news.ID, old))

	w.e.RunMaintenance()
	var fresh string
	eventually(t, "a new link stored", func() bool { fresh = w.groupLink(fans.ID, news.ID); return fresh != old })
	if h := w.health(fans); !h.OK {
		t.Fatalf("health = %+v after recreating the link", h)
	}
	alice := w.joinWarned(t, fans, "Alice")
	if got := joinButton(t, w.warnings(fans.ID)[0]); got != fresh {
		t.Fatalf("warning button = %q, want the new link %q", got, fresh)
	}
	mustV[telegramtest.Message](t)(w.tg.JoinByLink(news.ID, alice, fresh))
	w.pump()
	if j := w.joinRows(alice.ID, 1)[0]; j.GroupID() != fans.ID {
		t.Fatalf("join through the new link = %+v", j.FieldsData())
	}

	// The bot loses "Invite users via link" and the link is revoked: it cannot make one.
	must(t, w.tg.SetMember(news.ID, w.gate.ID, telegramtest.Admin(telegramtest.AdminRights{CanPostMessages: true})))
	must(t, w.tg.RevokeLink(news.ID, fresh))
	w.e.RunMaintenance()
	h := w.health(fans)
	if h.OK || len(h.Problems) != 1 || h.Problems[0].ChatID != news.ID || h.Problems[0].Missing[0] != rights.Invite {
		t.Fatalf("health = %+v, want can_invite_users missing in the channel", h)
	}
	bob := w.tg.AddUser("Bob")
	mustV[telegramtest.Message](t)(w.tg.Join(fans.ID, bob))
	w.pump()
	w.tg.WaitFor(t, wait, func() bool {
		for _, m := range w.warnings(fans.ID) {
			if strings.Contains(m.Text, "Bob") {
				return joinButton(t, m) == "https://t.me/news"
			}
		}
		return false
	})
}

// requestsOn protects Fans with News, starts the engine with the clock and lets the
// group's owner (an admin of the channel too) switch on counting join requests.
func requestsOn(t *testing.T, k *clock) (*world, telegramtest.Chat, telegramtest.Chat) {
	w := newWorld(t)
	fans, news := w.supergroup("Fans"), w.channel("News", "news")
	w.protect(w.botRec, true, fans, news)
	w.start(false, withClock(k))
	owner := w.tg.Owner(fans.ID)
	stranger := w.tg.AddUser("Mod")
	must(t, w.tg.SetMember(fans.ID, stranger.ID, telegramtest.Admin(telegramtest.AdminRights{CanRestrictMembers: true})))
	w.command(fans, stranger, "/settings requests @news on", "Only an administrator of @news")
	must(t, w.tg.SetMember(news.ID, owner.ID, telegramtest.Admin(telegramtest.AdminRights{CanPostMessages: true})))
	w.command(fans, owner, "/settings requests @news on", "Saved: requests @news = on")
	rec, err := w.app.FindFirstRecordByData(c.EnforcedChannels, c.FieldChannelID, news.ID)
	must(t, err)
	if !c.Wrap(&c.EnforcedChannel{}, rec).CountJoinRequests() {
		t.Fatal("count_join_requests not saved")
	}
	return w, fans, news
}

// With the channel's option on, the warning's button is a join-request link, and a
// user who asked to join (and waits for approval) is unmuted: the request is stored
// (it survives a restart) and logged as verified with error_type pending_request,
// and channel_joins records the request for the group whose link it came by.
func TestPendingRequestCountsAsJoining(t *testing.T) {
	k := &clock{}
	w, fans, news := requestsOn(t, k)
	alice := w.joinWarned(t, fans, "Alice")
	url := joinButton(t, w.warnings(fans.ID)[0])
	calls := w.tg.Calls("createChatInviteLink")
	if len(calls) != 1 || calls[0].Params["creates_join_request"] != "true" || url != w.groupLink(fans.ID, news.ID) {
		t.Fatalf("warning button %q from createChatInviteLink %+v, want a join-request link", url, calls)
	}

	mustV[telegramtest.Message](t)(w.tg.JoinByLink(news.ID, alice, url))
	if !w.tg.PendingRequest(news.ID, alice.ID) {
		t.Fatal("the link did not make a join request")
	}
	w.pump()
	w.tg.WaitFor(t, wait, func() bool { return w.tg.Member(fans.ID, alice.ID).Status == telegramtest.StatusMember })
	w.waitOwn(alice.ID, 0)
	if j := w.joinRows(alice.ID, 1)[0]; j.Via() != c.JoinViaRequest || j.GroupID() != fans.ID || j.InviteLink() != url {
		t.Fatalf("channel_joins = %+v", j.FieldsData())
	}
	eventually(t, "the pending request stored", func() bool {
		n, _ := w.app.CountRecords(c.BotJoinRequests, dbx.HashExp{c.FieldUserID: alice.ID, c.FieldChannelID: news.ID})
		return n == 1
	})
	var pending bool
	for _, r := range w.verifications(alice.ID) {
		pending = pending || (r.GetString(c.FieldStatus) == c.Verified && r.GetString(c.FieldErrorType) == c.VerifiedPendingRequest)
	}
	if !pending {
		t.Fatal("no verified row with error_type pending_request")
	}

	// After a restart she still counts: her message is left alone.
	w.restart(withClock(k))
	before := len(w.callsFor("restrictChatMember", alice.ID))
	mustV[telegramtest.Message](t)(w.tg.Send(fans.ID, alice, "hello"))
	w.pump()
	if n := len(w.callsFor("restrictChatMember", alice.ID)); n != before {
		t.Fatalf("muted again after a restart (%d restricts)", n-before)
	}

	// Approved: a member now; the pending record goes.
	must(t, w.tg.ApproveRequest(news.ID, alice.ID))
	w.pump()
	eventually(t, "the pending request dropped", func() bool {
		n, _ := w.app.CountRecords(c.BotJoinRequests, dbx.HashExp{c.FieldUserID: alice.ID})
		return n == 0
	})
	if rows := w.joinRows(alice.ID, 2); rows[1].Via() != c.JoinViaMember || rows[1].GroupID() != fans.ID {
		t.Fatalf("approved join = %+v", rows[1].FieldsData())
	}
}

// Telegram sends no update when a request is declined in the app or withdrawn: after
// a day the bot looks again, and a user who is still not a member is muted and warned
// again. A request with the option off changes nothing.
func TestDeclinedRequestMutesAgain(t *testing.T) {
	k := &clock{}
	w, fans, news := requestsOn(t, k)
	alice := w.joinWarned(t, fans, "Alice")
	mustV[telegramtest.Message](t)(w.tg.JoinByLink(news.ID, alice, joinButton(t, w.warnings(fans.ID)[0])))
	w.pump()
	w.tg.WaitFor(t, wait, func() bool { return w.tg.Member(fans.ID, alice.ID).Status == telegramtest.StatusMember })
	must(t, w.tg.WithdrawRequest(news.ID, alice.ID)) // or declined in the app: no update either way

	w.e.SweepChannelRequests() // within the day: still counts
	if st := w.tg.Member(fans.ID, alice.ID).Status; st != telegramtest.StatusMember {
		t.Fatalf("muted before the day passed: %v", st)
	}
	k.advance(25 * time.Hour)
	w.e.SweepChannelRequests()
	w.tg.WaitFor(t, wait, func() bool { return w.tg.Member(fans.ID, alice.ID).Status == telegramtest.StatusRestricted })
	w.waitOwn(alice.ID, 1)
	w.tg.WaitFor(t, wait, func() bool { return w.e.HasWarning(fans.ID, alice.ID) })
	eventually(t, "the pending request dropped", func() bool {
		n, _ := w.app.CountRecords(c.BotJoinRequests, dbx.HashExp{c.FieldUserID: alice.ID})
		return n == 0
	})

	// Off again: a request no longer counts.
	w.command(fans, w.tg.Owner(fans.ID), "/settings requests @news off", "Saved: requests @news = off")
	bob := w.tg.AddUser("Bob")
	must(t, w.tg.RequestJoin(news.ID, bob)) // a direct request, before joining the group
	w.pump()
	mustV[telegramtest.Message](t)(w.tg.Join(fans.ID, bob))
	w.pump()
	w.tg.WaitFor(t, wait, func() bool { return w.tg.Member(fans.ID, bob.ID).Status == telegramtest.StatusRestricted })
	if j := w.joinRows(bob.ID, 1)[0]; j.Via() != c.JoinViaRequest || j.GroupID() != c.NoGroup {
		t.Fatalf("direct request row = %+v", j.FieldsData())
	}
}

// A user banned from the channel while their request was pending counts as missing
// again at once (the ban is the one end of a request Telegram tells the bot about).
func TestBannedWhilePendingMutesAgain(t *testing.T) {
	k := &clock{}
	w, fans, news := requestsOn(t, k)
	alice := w.joinWarned(t, fans, "Alice")
	mustV[telegramtest.Message](t)(w.tg.JoinByLink(news.ID, alice, joinButton(t, w.warnings(fans.ID)[0])))
	w.pump()
	w.tg.WaitFor(t, wait, func() bool { return w.tg.Member(fans.ID, alice.ID).Status == telegramtest.StatusMember })
	mustV[telegramtest.Message](t)(w.tg.ChangeMember(news.ID, alice.ID, telegramtest.Member{Status: telegramtest.StatusKicked}, w.tg.Owner(news.ID)))
	w.pump()
	w.tg.WaitFor(t, wait, func() bool { return w.tg.Member(fans.ID, alice.ID).Status == telegramtest.StatusRestricted })
	w.waitOwn(alice.ID, 1)
}
