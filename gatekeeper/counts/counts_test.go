package counts_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/nezuko/nezuko/gatekeeper/counts"
	"github.com/nezuko/nezuko/gatekeeper/groups"
	"github.com/nezuko/nezuko/gatekeeper/store"
)

// saved records what Sync stores.
type saved struct {
	members, subscribers map[int64]int
	failOn               int64
}

func (s *saved) SaveMemberCount(chatID int64, n int, _ time.Time) error {
	s.members[chatID] = n
	return nil
}

func (s *saved) SaveSubscriberCount(chatID int64, n int, _ time.Time) error {
	if chatID == s.failOn {
		return errors.New("database is locked")
	}
	s.subscribers[chatID] = n
	return nil
}

// Each group and each distinct channel is read once; a failed read or save counts as
// failed and stores nothing.
func TestSyncReadsEachChatOnce(t *testing.T) {
	reads := map[int64]int{}
	read := func(_ context.Context, chatID int64) (int, error) {
		reads[chatID]++
		if chatID == -3 {
			return 0, errors.New("Bad Request: chat not found")
		}
		return int(-chatID) * 10, nil
	}
	db := &saved{members: map[int64]int{}, subscribers: map[int64]int{}, failOn: -102}
	gs := []*groups.Group{
		{ID: -1, Channels: []store.Channel{{ID: -101}, {ID: -102}}},
		{ID: -2, Channels: []store.Channel{{ID: -101}}},
		{ID: -3},
	}
	r := counts.Sync(context.Background(), read, db, slog.New(slog.NewTextHandler(io.Discard, nil)), gs)
	if want := (counts.Result{Groups: 3, Channels: 2, Synced: 3, Failed: 2}); r != want {
		t.Fatalf("result = %+v, want %+v", r, want)
	}
	for chatID, n := range reads {
		if n != 1 {
			t.Fatalf("chat %d read %d times", chatID, n)
		}
	}
	if db.members[-1] != 10 || db.members[-2] != 20 || db.subscribers[-101] != 1010 || len(db.members) != 2 || len(db.subscribers) != 1 {
		t.Fatalf("stored members %v subscribers %v", db.members, db.subscribers)
	}
}
