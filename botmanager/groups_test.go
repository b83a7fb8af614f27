package botmanager_test

import (
	"context"
	"testing"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper/groups"
	"github.com/nezuko/nezuko/tests/telegramtest"
)

// A params change saved through the app reaches the running engine at once: the very
// next join follows the new action, although the engine had just read the group.
func TestGroupChangeAppliesToTheNextUpdate(t *testing.T) {
	w := newWorld(t)
	w.svc.Bots.Start(context.Background())
	b := w.addBot(t, w.bot.Token)
	w.protect(t, b.Id)
	w.tg.WaitFor(t, wait, func() bool { return w.tg.Polling(w.bot.ID) })

	first := w.tg.AddUser("First")
	if _, err := w.tg.Join(w.group.ID, first); err != nil {
		t.Fatal(err)
	}
	w.tg.WaitCall(t, wait, func(call telegramtest.Call) bool {
		return call.Method == "restrictChatMember" && call.Int("user_id") == first.ID
	})

	rec, err := w.app.FindFirstRecordByData(c.ProtectedGroups, c.FieldGroupID, w.group.ID)
	must(t, err)
	pg := c.Wrap(&c.ProtectedGroup{}, rec)
	pg.SetParams(c.GroupParams{Action: groups.ActionKick})
	must(t, w.app.Save(pg))

	next := w.tg.AddUser("Next")
	if _, err := w.tg.Join(w.group.ID, next); err != nil {
		t.Fatal(err)
	}
	w.tg.WaitCall(t, wait, func(call telegramtest.Call) bool {
		return call.Method == "banChatMember" && call.Int("user_id") == next.ID
	})
	for _, call := range w.tg.Calls("restrictChatMember") {
		if call.Int("user_id") == next.ID {
			t.Fatal("the next join was muted with the old action")
		}
	}
}

// Protecting a group through the app reaches the running engine at once, although it
// had just read the chat as unprotected: the link's save forgets every cached group.
func TestProtectionAppliesToTheNextUpdate(t *testing.T) {
	w := newWorld(t)
	w.svc.Bots.Start(context.Background())
	b := w.addBot(t, w.bot.Token)
	w.tg.WaitFor(t, wait, func() bool { return w.tg.Polling(w.bot.ID) })

	first := w.tg.AddUser("First")
	if _, err := w.tg.Join(w.group.ID, first); err != nil {
		t.Fatal(err)
	}
	w.tg.WaitFor(t, wait, func() bool { return w.tg.Pending(w.bot.ID) == 0 }) // fetched: read as unprotected
	w.protect(t, b.Id)

	next := w.tg.AddUser("Next")
	if _, err := w.tg.Join(w.group.ID, next); err != nil {
		t.Fatal(err)
	}
	w.tg.WaitCall(t, wait, func(call telegramtest.Call) bool {
		return call.Method == "restrictChatMember" && call.Int("user_id") == next.ID
	})
}
