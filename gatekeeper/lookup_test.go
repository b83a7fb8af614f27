package gatekeeper_test

import (
	"testing"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper/groups"
	"github.com/nezuko/nezuko/tests/telegramtest"
)

// getChatMember's 400 answers about someone who is not a member (PARTICIPANT_ID_INVALID,
// member not found, user not found) mean "not a member", not a failed lookup: even
// under on_error=allow the newcomer is muted and the row says restricted, not error.
func TestNotAMemberAnswersAreNotLookupErrors(t *testing.T) {
	for _, desc := range []string{"PARTICIPANT_ID_INVALID", "member not found", "user not found"} {
		t.Run(desc, func(t *testing.T) {
			w, group, news := newFansWorld(t)
			w.setParams(group, func(p *c.GroupParams) { p.OnError = groups.OnErrorAllow })
			w.tg.SetUnseenMemberError(news.ID, desc)
			w.start(false)

			alice := w.tg.AddUser("Alice")
			mustV[telegramtest.Message](t)(w.tg.Join(group.ID, alice))
			w.pump()
			if st := w.tg.Member(group.ID, alice.ID).Status; st != telegramtest.StatusRestricted {
				t.Fatalf("status = %s: a non-member got in under on_error=allow", st)
			}
			rows := w.verifications(alice.ID)
			if len(rows) != 1 || rows[0].GetString(c.FieldStatus) != c.Restricted || rows[0].GetString(c.FieldErrorType) != "" {
				t.Fatalf("rows = %d (%v), want one restricted row without error_type", len(rows), rows)
			}
		})
	}
}
