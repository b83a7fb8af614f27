package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/tests/testutil"
)

// TestSightingsReadBackAndPersist: a sighting counts at once, before the queue saved
// it; a leave undoes it; after Close the rows are in bot_members (one per pair,
// however often the user was seen), a new Store reads them, and pruning forgets the
// users not seen since the cutoff.
func TestSightingsReadBackAndPersist(t *testing.T) {
	app := testutil.NewApp(t)
	now := time.Now().UTC()
	s, _ := newStore(t, app, context.Background())
	for range 3 {
		s.NotePresent(-1001, 5, now)
	}
	s.NotePresent(-1002, 5, now)
	s.NotePresent(-1003, 5, now.AddDate(0, 0, -100))
	s.NotePresent(-1001, 6, now)
	s.NoteGone(-1002, 5)
	if got, err := s.SeenIn(5); err != nil || !slices.Equal(got, []int64{-1003, -1001}) {
		t.Fatalf("SeenIn before the write = %v, %v; want [-1003 -1001]", got, err)
	}
	s.Close()
	if n, err := app.CountRecords(c.BotMembers, dbx.HashExp{c.FieldBotID: botID}); err != nil || n != 3 {
		t.Fatalf("bot_members rows = %d, %v; want 3 (user 5 in -1001 and -1003, user 6 in -1001)", n, err)
	}

	s2, _ := newStore(t, app, context.Background())
	if got, _ := s2.SeenIn(5); !slices.Equal(got, []int64{-1003, -1001}) {
		t.Fatalf("SeenIn from the table = %v, want [-1003 -1001]", got)
	}
	if n, err := s2.PruneMembers(now.AddDate(0, 0, -c.MembersKeepDays)); err != nil || n != 1 {
		t.Fatalf("pruned %d, %v; want 1 (the sighting of 100 days ago)", n, err)
	}
	s2.NoteGone(-1001, 5)
	if got, _ := s2.SeenIn(5); len(got) != 0 {
		t.Fatalf("SeenIn after leaving = %v, want none", got)
	}
	s2.NotePresent(-1001, 5, now) // back again: noted again though written lately
	if got, _ := s2.SeenIn(5); !slices.Equal(got, []int64{-1001}) {
		t.Fatalf("SeenIn after coming back = %v, want [-1001]", got)
	}
	s2.Close()
	if n, _ := app.CountRecords(c.BotMembers, dbx.HashExp{c.FieldUserID: 5}); n != 1 {
		t.Fatalf("user 5's rows = %d, want 1", n)
	}
}

// TestRestrictedInReadsOneUsersRows: the groups where the bot holds a restriction of
// the user (not another user's), queued writes included.
func TestRestrictedInReadsOneUsersRows(t *testing.T) {
	app := testutil.NewApp(t)
	s, _ := newStore(t, app, context.Background())
	s.SetRestriction(-1001, 5, c.RestrictionChannels)
	s.SetRestriction(-1002, 5, c.RestrictionCommand)
	s.SetRestriction(-1003, 6, c.RestrictionChannels)
	s.Close()
	s2, _ := newStore(t, app, context.Background())
	s2.SetRestriction(-1002, 5, "") // dropped, not saved yet
	s2.SetRestriction(-1004, 5, c.RestrictionChannels)
	got, err := s2.RestrictedIn(5)
	if err != nil || !slices.Equal(got, []int64{-1004, -1001}) {
		t.Fatalf("RestrictedIn = %v, %v; want [-1004 -1001]", got, err)
	}
}
