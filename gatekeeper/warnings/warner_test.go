package warnings_test

import (
	"context"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/nezuko/nezuko/gatekeeper/store"
	"github.com/nezuko/nezuko/gatekeeper/warnings"
	"github.com/nezuko/nezuko/telegram"
)

const group = int64(-100)

// msg is a message the fake Messenger shows.
type msg struct {
	text   string
	markup *models.InlineKeyboardMarkup
	thread int
}

// timer is a deletion the fake Messenger scheduled.
type timer struct {
	msgID int
	ttl   time.Duration
	ok    func() bool
}

// fakeMessenger is a chat that accepts every send and edit, unless editErr is set.
type fakeMessenger struct {
	mu      sync.Mutex // guards everything below
	lastID  int
	shown   map[int]msg // live messages by id
	sends   int
	edits   int // edits tried
	deleted []int
	timers  map[string]timer
	done    []string
	editErr error
}

func newFake() *fakeMessenger {
	return &fakeMessenger{shown: map[int]msg{}, timers: map[string]timer{}}
}

func (f *fakeMessenger) Send(_ context.Context, _ int64, thread int, _ int64, text string, markup *models.InlineKeyboardMarkup) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.lastID++
	f.sends++
	f.shown[f.lastID] = msg{text: text, markup: markup, thread: thread}
	return f.lastID, nil
}

func (f *fakeMessenger) Edit(_ context.Context, _ int64, msgID int, text string, markup *models.InlineKeyboardMarkup) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.edits++
	if f.editErr != nil {
		return f.editErr
	}
	f.shown[msgID] = msg{text: text, markup: markup, thread: f.shown[msgID].thread}
	return nil
}

func (f *fakeMessenger) Delete(_ context.Context, _ int64, msgID int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.shown, msgID)
	f.deleted = append(f.deleted, msgID)
}

func (f *fakeMessenger) DeleteAfter(_ int64, msgID int, d time.Duration, ok func() bool) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	id := "t" + strconv.Itoa(len(f.timers)+1)
	f.timers[id] = timer{msgID: msgID, ttl: d, ok: ok}
	return id
}

func (f *fakeMessenger) TimerDone(id string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.done = append(f.done, id)
}

// counts are the sends and the edits tried.
func (f *fakeMessenger) counts() (sends, edits int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.sends, f.edits
}

// texts are the texts of the live messages.
func (f *fakeMessenger) texts() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, m := range f.shown {
		out = append(out, m.text)
	}
	return out
}

// only is the one live message; it fails the test when there is not exactly one.
func (f *fakeMessenger) only(t *testing.T) (int, msg) {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.shown) != 1 {
		t.Fatalf("live messages = %v, want one", f.shown)
	}
	for id, m := range f.shown {
		return id, m
	}
	return 0, msg{}
}

// fire runs the deletion timer of a message as if its TTL were up, and reports
// whether it deleted it.
func (f *fakeMessenger) fire(t *testing.T, msgID int) bool {
	t.Helper()
	var ok func() bool
	eventually(t, "a timer for the message", func() bool {
		f.mu.Lock()
		defer f.mu.Unlock()
		for _, tm := range f.timers {
			if tm.msgID == msgID {
				ok = tm.ok
			}
		}
		return ok != nil
	})
	if !ok() {
		return false
	}
	f.Delete(context.Background(), group, msgID)
	return true
}

// rig is a warner on a fake chat.
type rig struct {
	w      *warnings.Warner
	f      *fakeMessenger
	rate   *telegram.GroupLimiter
	cancel context.CancelFunc
	wg     *sync.WaitGroup
}

// newRig returns a warner at perMinute messages a minute per group; its workers end
// with the test.
func newRig(t *testing.T, perMinute int) *rig {
	ctx, cancel := context.WithCancel(context.Background())
	r := &rig{f: newFake(), rate: telegram.NewGroupLimiter(nil), cancel: cancel, wg: &sync.WaitGroup{}}
	r.rate.SetRate(perMinute)
	r.w = warnings.New(ctx, r.wg, r.f, r.rate, slog.New(slog.DiscardHandler))
	t.Cleanup(func() { cancel(); r.wg.Wait() })
	return r
}

// eventually fails the test unless cond holds within a few seconds.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(5 * time.Second); time.Now().Before(end); time.Sleep(5 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out: %s", what)
}

// user is the mention of user id.
func user(id int64) string {
	return `<a href="tg://user?id=` + strconv.FormatInt(id, 10) + `">U` + strconv.FormatInt(id, 10) + `</a>`
}

var news = store.Channel{ID: -200, Title: "News", Username: "news"}

// facts are a user's facts in the group "Fans".
func facts(id int64) *warnings.Facts {
	return &warnings.Facts{Mention: user(id), Name: "U" + strconv.FormatInt(id, 10), Missing: []store.Channel{news},
		Language: "en", Title: "Fans", Button: true}
}

func (r *rig) warn(id int64, text string) {
	r.w.Warn(group, id, 0, text, warnings.Keyboard("en", warnings.VerifyData(id), nil), time.Minute, nil)
}

// Warnings beyond the group's budget wait in its queue; a user's newer warning
// replaces their queued one, and a live one is not repeated; a higher rate releases
// the queue.
func TestWarningsWaitForTheGroupBudget(t *testing.T) {
	r := newRig(t, 2)
	r.warn(1, "one")
	r.warn(2, "two")
	r.warn(3, "three")
	eventually(t, "two warnings sent", func() bool { return len(r.f.texts()) == 2 })
	if !r.w.Has(group, 3) || r.w.Queued(group) != 1 {
		t.Fatalf("the third warning is not queued (has %v, queued %d)", r.w.Has(group, 3), r.w.Queued(group))
	}
	r.warn(3, "three again")
	r.warn(1, "one again") // live: not sent again
	if q := r.w.Queued(group); q != 1 {
		t.Fatalf("queued = %d, want 1 (replaced)", q)
	}
	r.rate.SetRate(3)
	eventually(t, "the third warning sent", func() bool { return len(r.f.texts()) == 3 })
	if got := strings.Join(r.f.texts(), "|"); strings.Contains(got, "one again") || !strings.Contains(got, "three again") {
		t.Fatalf("sent %q, want the replacement of three and no second one", got)
	}
	if sends, _ := r.f.counts(); sends != 3 {
		t.Fatalf("sends = %d, want 3", sends)
	}
	if err := r.w.Dropped(); err != nil {
		t.Fatalf("Dropped = %v", err)
	}
}

// Remove deletes a sent warning and the message a button was pressed on; a warning
// whose TTL is up is forgotten, once.
func TestRemoveAndExpiry(t *testing.T) {
	r := newRig(t, 20)
	r.warn(1, "one")
	r.warn(2, "two")
	eventually(t, "two warnings shown", func() bool { return len(r.w.Shown(group)) == 2 })
	r.w.Remove(context.Background(), group, 1, 99)
	if r.w.Has(group, 1) {
		t.Fatal("a removed warning is still there")
	}
	if got := r.f.deleted; len(got) != 2 || got[1] != 99 {
		t.Fatalf("deleted %v, want the warning and message 99", got)
	}
	id := 2 // the second message sent
	if !r.f.fire(t, id) {
		t.Fatal("the TTL did not delete the warning")
	}
	if r.w.Has(group, 2) || r.f.fire(t, id) {
		t.Fatal("an expired warning is kept, or expires twice")
	}
}

// Close gives up on the queued warnings when its context ends: Dropped counts them.
func TestDroppedCountsTheQueuedWarnings(t *testing.T) {
	r := newRig(t, 1)
	r.rate.Reserve(group, time.Now()) // the minute's one message is gone
	r.warn(1, "one")
	r.warn(2, "two")
	r.cancel()
	r.wg.Wait()
	err := r.w.Dropped()
	if err == nil || !strings.Contains(err.Error(), "2 queued warnings not sent") {
		t.Fatalf("Dropped = %v", err)
	}
}
