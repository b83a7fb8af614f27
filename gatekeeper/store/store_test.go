package store_test

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper/store"
	"github.com/nezuko/nezuko/tests/testutil"
)

func TestMain(m *testing.M) { testutil.Main(m) }

const botID = 7001

// newStore is a Store over a fresh app, with its log in the returned buffer.
func newStore(t *testing.T, app core.App, ctx context.Context) (*store.Store, *testutil.SyncBuffer) {
	t.Helper()
	logs := &testutil.SyncBuffer{}
	s := store.New(store.Config{App: app, BotID: botID, BotRecordID: "botrecord00001", Context: ctx,
		Log: slog.New(slog.NewTextHandler(logs, nil))})
	t.Cleanup(s.Close)
	return s, logs
}

// TestQueueKeepsOrder: queued writes run in the order they were queued; Close waits
// for them, and a write queued after Close runs at once, in the caller.
func TestQueueKeepsOrder(t *testing.T) {
	s, _ := newStore(t, testutil.NewApp(t), context.Background())
	var got []int
	for i := range 50 {
		s.Queue("write", func(core.App) error { got = append(got, i); return nil })
	}
	s.Close()
	if want := 50; len(got) != want || !slices.IsSorted(got) {
		t.Fatalf("writes ran as %v, want 0..49 in order", got)
	}
	ran := false
	s.Queue("write", func(core.App) error { ran = true; return nil })
	if !ran {
		t.Fatal("a write queued after Close did not run in the caller")
	}
}

// TestQueueRetriesLockedDatabase: a write SQLite refused as locked is tried again
// (not dropped); other errors are logged at once.
func TestQueueRetriesLockedDatabase(t *testing.T) {
	s, logs := newStore(t, testutil.NewApp(t), context.Background())
	var tries atomic.Int32
	s.Queue("restriction record", func(core.App) error {
		if tries.Add(1) == 1 {
			return errors.New("database is locked (5) (SQLITE_BUSY)")
		}
		return nil
	})
	s.Queue("timer", func(core.App) error { return errors.New("constraint failed") })
	s.Close()
	if n := tries.Load(); n != 2 {
		t.Errorf("locked write tried %d times, want 2", n)
	}
	out := logs.String()
	for _, want := range []string{"restriction record not saved yet, the database is locked", "timer not saved"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, `msg="restriction record not saved"`) {
		t.Errorf("the retried write was logged as lost:\n%s", out)
	}
}

// TestQueueStopsRetryingWhenContextEnds: once the owner's context ends (Close gave
// up), a locked write is logged as not saved instead of waiting out every retry.
func TestQueueStopsRetryingWhenContextEnds(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	s, logs := newStore(t, testutil.NewApp(t), ctx)
	var tries atomic.Int32
	s.Queue("timer", func(core.App) error { tries.Add(1); return errors.New("database is locked") })
	s.Close()
	if n := tries.Load(); n != 1 {
		t.Errorf("tried %d times after the context ended, want 1", n)
	}
	if !strings.Contains(logs.String(), "timer not saved") {
		t.Errorf("the lost write was not logged:\n%s", logs.String())
	}
}

// TestRestrictionsReadOwnQueuedWrites: the kind set is read back at once, before
// the queue saved it; after Close it is in bot_restrictions, and a drop removes it.
func TestRestrictionsReadOwnQueuedWrites(t *testing.T) {
	app := testutil.NewApp(t)
	rows := func() int {
		n, err := app.CountRecords(c.BotRestrictions, dbx.HashExp{c.FieldBotID: botID, c.FieldGroupID: -1001, c.FieldUserID: 5})
		if err != nil {
			t.Fatal(err)
		}
		return int(n)
	}
	s, _ := newStore(t, app, context.Background())
	s.SetRestriction(-1001, 5, c.RestrictionChannels)
	if k, err := s.RestrictionKind(-1001, 5); err != nil || k != c.RestrictionChannels {
		t.Fatalf("kind right after SetRestriction = %q, %v; want %q", k, err, c.RestrictionChannels)
	}
	s.Close()
	if n := rows(); n != 1 {
		t.Fatalf("bot_restrictions rows = %d, want 1", n)
	}
	s2, _ := newStore(t, app, context.Background())
	if k, _ := s2.RestrictionKind(-1001, 5); k != c.RestrictionChannels {
		t.Fatalf("kind read from the table = %q, want %q", k, c.RestrictionChannels)
	}
	s2.SetRestriction(-1001, 5, "")
	if k, _ := s2.RestrictionKind(-1001, 5); k != "" {
		t.Fatalf("kind right after the drop = %q, want none", k)
	}
	s2.Close()
	if n := rows(); n != 0 {
		t.Fatalf("bot_restrictions rows after the drop = %d, want 0", n)
	}
}

// TestProtectionRoundTrip: /protect's rows read back as the group with its channels
// in link order; the channel's groups name it; unlinking the last channel disables it.
func TestProtectionRoundTrip(t *testing.T) {
	app := testutil.NewApp(t)
	// The bot's row, written as a migration would (its save hook would ask Telegram).
	if _, err := app.DB().Insert(c.BotInstances, dbx.Params{c.FieldID: "botrecord00001", c.FieldBotID: botID}).Execute(); err != nil {
		t.Fatal(err)
	}
	s, _ := newStore(t, app, context.Background())
	chans := []store.Channel{{ID: -2001, Title: "News", Username: "news"}, {ID: -2002, Title: "Chat"}}
	if err := s.SaveProtection(-1001, "Group", &store.Owner{UserID: 5, Username: "owner"}, chans); err != nil {
		t.Fatal(err)
	}
	g, err := s.Group(-1001)
	if err != nil || g == nil {
		t.Fatalf("Group = %v, %v", g, err)
	}
	if !g.Enabled || !g.Mine || g.Title != "Group" || len(g.Channels) != 2 ||
		g.Channels[0].ID != -2001 || g.Channels[0].Username != "news" || g.Channels[1].ID != -2002 {
		t.Fatalf("Group = %+v", g)
	}
	if ids, err := s.ChannelGroups(-2002); err != nil || !slices.Equal(ids, []int64{-1001}) {
		t.Fatalf("ChannelGroups = %v, %v; want [-1001]", ids, err)
	}
	for i, ch := range g.Channels {
		left, err := s.Unlink(g.RecordID, ch.RecordID)
		if err != nil || left != 1-i {
			t.Fatalf("Unlink %d = %d, %v; want %d left", ch.ID, left, err, 1-i)
		}
	}
	if g, _ := s.Group(-1001); g == nil || g.Enabled || len(g.Channels) != 0 {
		t.Fatalf("after unlinking every channel: %+v, want a disabled group without channels", g)
	}
	if g, err := s.Group(-1009); g != nil || err != nil {
		t.Fatalf("Group of an unknown chat = %v, %v; want nil, nil", g, err)
	}
}
