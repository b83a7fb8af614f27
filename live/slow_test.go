package live_test

import (
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/tools/subscriptions"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/live"
	"github.com/nezuko/nezuko/logwriter"
	"github.com/nezuko/nezuko/tests/livetest"
	"github.com/nezuko/nezuko/tests/testutil"
)

// stuckClient is a realtime client whose connection never takes a message.
type stuckClient struct {
	*subscriptions.DefaultClient
	release chan struct{} // closed at the end of the test
}

// Channel is never ready.
func (s *stuckClient) Channel() chan subscriptions.Message { return nil }

// Send blocks until the test ends.
func (s *stuckClient) Send(subscriptions.Message) { <-s.release }

// TestStuckClientLosesEventsNotTheWriter registers a subscriber that never reads (its
// channel is never drained, like a connection whose socket buffer is full): the writer
// keeps committing, the stuck client's events are dropped, and a healthy subscriber
// still gets the latest event.
func TestStuckClientLosesEventsNotTheWriter(t *testing.T) {
	f := newFixture(t)
	viewer := testutil.NewAdmin(t, f.app, c.RoleViewer)
	stuck := &stuckClient{DefaultClient: subscriptions.NewDefaultClient(), release: make(chan struct{})}
	stuck.Set(apis.RealtimeClientAuthKey, viewer.Record)
	stuck.Subscribe(live.TopicVerification)
	f.app.SubscriptionsBroker().Register(stuck)
	t.Cleanup(func() {
		close(stuck.release)
		f.app.SubscriptionsBroker().Unregister(stuck.Id())
	})
	healthy := livetest.Subscribe(t, f.url, testutil.AuthToken(t, viewer.Record), live.TopicVerification)

	// One commit and one publication per row, until the stuck client's mailbox is full
	// and its events are dropped; every Flush returns although it never reads.
	const maxBatches = 5000
	batches := 0
	for ; f.svc.Live.Stats().Dropped == 0; batches++ {
		if batches == maxBatches {
			t.Fatalf("nothing dropped for the stuck client after %d commits: %+v", batches, f.svc.Live.Stats())
		}
		f.svc.Logs.AddVerification(logwriter.Verification{UserID: int64(batches), GroupID: -1, ChannelID: -2,
			Status: c.Verified, At: time.Now()})
		f.flush(t)
	}
	deadline := time.After(livetest.Deadline)
	for {
		select {
		case ev := <-healthy.Events:
			if ev.Decode(t)[c.FieldUserID] == float64(batches-1) {
				return
			}
		case <-deadline:
			t.Fatal("the healthy subscriber never got the last event")
		}
	}
}
