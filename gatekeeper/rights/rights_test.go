package rights_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper/rights"
)

func admin(restrict, del, invite bool) *models.ChatMember {
	return &models.ChatMember{Type: models.ChatMemberTypeAdministrator, Administrator: &models.ChatMemberAdministrator{
		CanRestrictMembers: restrict, CanDeleteMessages: del, CanInviteUsers: invite}}
}

func TestInGroup(t *testing.T) {
	member := &models.ChatMember{Type: models.ChatMemberTypeMember, Member: &models.ChatMemberMember{}}
	left := &models.ChatMember{Type: models.ChatMemberTypeLeft, Left: &models.ChatMemberLeft{}}
	owner := &models.ChatMember{Type: models.ChatMemberTypeOwner, Owner: &models.ChatMemberOwner{}}
	for _, tc := range []struct {
		name     string
		basic    bool
		me       *models.ChatMember
		requests bool
		want     []string
	}{
		{"all rights", false, admin(true, true, true), true, nil},
		{"basic group", true, admin(true, true, false), false, []string{rights.Supergroup}},
		{"unreadable", true, nil, false, []string{rights.Supergroup, rights.Member}},
		{"left", false, left, false, []string{rights.Member}},
		{"member", false, member, false, []string{rights.Admin}},
		{"owner", false, owner, true, nil},
		{"no restrict, no delete", false, admin(false, false, true), false, []string{rights.Restrict, rights.Delete}},
		{"requests without invite", false, admin(true, true, false), true, []string{rights.Invite}},
	} {
		if got := rights.InGroup(tc.basic, tc.me, tc.requests); !slices.Equal(got, tc.want) {
			t.Errorf("%s: InGroup = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestInChannel(t *testing.T) {
	for _, tc := range []struct {
		name   string
		me     *models.ChatMember
		invite bool
		want   []string
	}{
		{"unreadable", nil, false, []string{rights.Admin}},
		{"member", &models.ChatMember{Type: models.ChatMemberTypeMember, Member: &models.ChatMemberMember{}}, false, []string{rights.Admin}},
		{"public, admin", admin(false, false, false), false, nil},
		{"private, admin without invite", admin(true, true, false), true, []string{rights.Invite}},
		{"private, admin with invite", admin(false, false, true), true, nil},
	} {
		if got := rights.InChannel(tc.me, tc.invite); !slices.Equal(got, tc.want) {
			t.Errorf("%s: InChannel = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestCarryKeepsSinceOfUnchangedProblems(t *testing.T) {
	old := []c.HealthProblem{{ChatID: 1, Missing: []string{rights.Admin}, Since: "then"},
		{ChatID: 2, Missing: []string{rights.Restrict}, Since: "then"}}
	now := []c.HealthProblem{{ChatID: 1, Missing: []string{rights.Admin}},
		{ChatID: 2, Missing: []string{rights.Restrict, rights.Delete}}, {ChatID: 3, Missing: []string{rights.Admin}}}
	fresh := rights.Carry(old, now, "now")
	if now[0].Since != "then" || now[1].Since != "now" || now[2].Since != "now" {
		t.Fatalf("Since = %q %q %q, want then now now", now[0].Since, now[1].Since, now[2].Since)
	}
	if len(fresh) != 2 || fresh[0].ChatID != 2 || fresh[1].ChatID != 3 {
		t.Fatalf("fresh = %+v, want chats 2 and 3", fresh)
	}
	if d := rights.Describe(c.HealthProblem{ChatID: -5, Title: "G", Missing: []string{"a", "b"}}); d != "a, b in G (-5)" {
		t.Fatalf("Describe = %q", d)
	}
}

// Only a restriction exactly like the bot's (every permission off, no end) is the
// bot's mute; a person's timed mute or partial one is not.
func TestAsMuted(t *testing.T) {
	restricted := func(r models.ChatMemberRestricted) models.ChatMember {
		return models.ChatMember{Type: models.ChatMemberTypeRestricted, Restricted: &r}
	}
	if !rights.AsMuted(restricted(models.ChatMemberRestricted{IsMember: true})) {
		t.Fatal("the bot's mute not recognised")
	}
	if rights.AsMuted(restricted(models.ChatMemberRestricted{IsMember: true, UntilDate: 1})) {
		t.Fatal("a timed mute taken for the bot's")
	}
	if rights.AsMuted(restricted(models.ChatMemberRestricted{IsMember: true, CanSendPolls: true})) {
		t.Fatal("a partial restriction taken for the bot's")
	}
	if rights.AsMuted(models.ChatMember{Type: models.ChatMemberTypeMember, Member: &models.ChatMemberMember{}}) {
		t.Fatal("a member taken for muted")
	}
}

func TestNotAMember(t *testing.T) {
	bad := func(desc string) error { return fmt.Errorf("%w, %s", bot.ErrorBadRequest, desc) }
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{nil, false},
		{bad("Bad Request: PARTICIPANT_ID_INVALID"), true},
		{bad("Bad Request: member not found"), true},
		{bad("Bad Request: user not found"), true},
		{bad("Bad Request: chat not found"), false},
		{errors.New("user not found"), false}, // not a 400
	} {
		if got := rights.NotAMember(tc.err); got != tc.want {
			t.Errorf("NotAMember(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}
