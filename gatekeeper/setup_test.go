package gatekeeper_test

import (
	"testing"

	"github.com/nezuko/nezuko/tests/telegramtest"
)

// Set-ups many tests share; each stands for the same lines it replaced.

// newFansWorld is the world most tests start from: the bot protects the supergroup
// "Fans", which requires the channel "News" (@news). The engine is not started yet,
// so a test may change params or config first.
func newFansWorld(t testing.TB, opts ...telegramtest.Option) (w *world, group, news telegramtest.Chat) {
	t.Helper()
	w = newWorld(t, opts...)
	group = w.supergroup("Fans")
	news = w.channel("News", "news")
	w.protect(w.botRec, true, group, news)
	return w, group, news
}

// joinWarned adds a user called name who joins group, and waits for the group's
// first warning.
func (w *world) joinWarned(t testing.TB, group telegramtest.Chat, name string) telegramtest.User {
	t.Helper()
	u := w.tg.AddUser(name)
	mustV[telegramtest.Message](t)(w.tg.Join(group.ID, u))
	w.pump()
	w.tg.WaitFor(t, wait, func() bool { return len(w.warnings(group.ID)) == 1 })
	return u
}

// forum makes a forum supergroup where the gate bot is an admin with gateRights.
func (w *world) forum(title string) telegramtest.Chat {
	w.t.Helper()
	f := w.tg.AddForum(title)
	must(w.t, w.tg.SetMember(f.ID, w.gate.ID, telegramtest.Admin(gateRights)))
	return f
}
