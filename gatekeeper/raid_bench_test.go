package gatekeeper_test

import (
	"context"
	"log/slog"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/nezuko/nezuko/gatekeeper"
	"github.com/nezuko/nezuko/tests/telegramtest"
)

// The raid benchmark (BENCHMARKS.md, "Raids"): 1,000 accounts join one group within
// 10 s, the fake's flood limits on (Telegram's: 20 sends and edits a minute per
// group, 30 a second per bot). It runs only with NEZUKO_RAID_BENCH=1:
//
//	NEZUKO_RAID_BENCH=1 go test -count=1 -v -run TestRaidBenchmark -timeout 30m ./gatekeeper/
//
// NEZUKO_RAID_BASELINE_MIN (default 3) bounds the one-warning-per-user baseline, which
// would need about 50 minutes: it reports how many joiners were warned by then and
// extrapolates the rest from the budget.

// raidFigures are one run's measurements, from the fake's records.
type raidFigures struct {
	allMuted   time.Duration // start → the last joiner's restrictChatMember accepted
	allShown   time.Duration // start → every joiner has had a warning shown (own or combined; polled every 100 ms); 0 = not within the run
	allNamed   time.Duration // start → every joiner mentioned by name in an accepted send or edit; 0 = not within the run
	shownAt    map[time.Duration]int
	sends      int // accepted sendMessage into the group
	edits      int // accepted editMessageText in the group
	floods     int // 429 answers, any method
	namedByEnd int
	ran        time.Duration
}

func TestRaidBenchmark(t *testing.T) {
	if os.Getenv("NEZUKO_RAID_BENCH") != "1" {
		t.Skip("set NEZUKO_RAID_BENCH=1 to run the raid benchmark")
	}
	const joiners, over = 1000, 10 * time.Second
	bound := 3 * time.Minute
	if m, err := strconv.Atoi(os.Getenv("NEZUKO_RAID_BASELINE_MIN")); err == nil && m > 0 {
		bound = time.Duration(m) * time.Minute
	}
	combined := raidRun(t, joiners, over, false, 10*time.Minute)
	t.Logf("combined: muted all %v, warning shown to all %v, all named %v, sends %d, edits %d, 429s %d",
		combined.allMuted.Round(10*time.Millisecond), combined.allShown.Round(10*time.Millisecond),
		combined.allNamed.Round(10*time.Millisecond), combined.sends, combined.edits, combined.floods)
	base := raidRun(t, joiners, over, true, bound)
	perMin := float64(base.namedByEnd) / base.ran.Minutes()
	t.Logf("one per user (stopped after %v): muted all %v, warned %d of %d, sends %d, 429s %d; at %.1f warnings/min the last joiner would wait about %.0f min",
		base.ran.Round(time.Second), base.allMuted.Round(10*time.Millisecond), base.namedByEnd, joiners, base.sends, base.floods,
		perMin, float64(joiners)/perMin)
	for _, at := range []time.Duration{15 * time.Second, time.Minute, 2 * time.Minute, 3 * time.Minute} {
		if at <= base.ran {
			t.Logf("  after %v: combined shown to %d, one-per-user warned %d", at, combined.shownAt[at], base.shownAt[at])
		}
	}
}

// raidRun lets n users join within over and measures until every one is named, or
// until limit.
func raidRun(t *testing.T, n int, over time.Duration, single bool, limit time.Duration) raidFigures {
	w := newWorld(t)
	w.tg.SetFloodLimits(telegramtest.TelegramFloodLimits)
	group, news := w.supergroup("Raid"), w.channel("News", "news")
	w.protect(w.botRec, true, group, news)
	w.start(false, func(cfg *gatekeeper.Config) { cfg.Logger = slog.New(slog.DiscardHandler) })
	if single {
		w.e.SingleWarnings()
	}
	users := make([]telegramtest.User, n)
	for i := range users {
		users[i] = w.tg.AddUser("Raider" + strconv.Itoa(i+1))
	}
	ctx := context.Background()
	start := time.Now()
	var wg sync.WaitGroup
	for i, u := range users {
		time.Sleep(time.Until(start.Add(over * time.Duration(i) / time.Duration(n))))
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.e.Handle(ctx, w.b, joinUpdate(int64(i+1), group, u))
		}()
	}
	wg.Wait()

	f := raidFigures{shownAt: map[time.Duration]int{}}
	marks := []time.Duration{15 * time.Second, time.Minute, 2 * time.Minute, 3 * time.Minute}
	told := map[int64]bool{} // users whose warning was shown at some poll (a single one expires after 60 s)
	for {
		el := time.Since(start)
		for _, id := range w.e.ShownWarnings(group.ID) {
			told[id] = true
		}
		for _, m := range marks {
			if _, ok := f.shownAt[m]; !ok && el >= m {
				f.shownAt[m] = len(told)
			}
		}
		if f.allShown == 0 && len(told) == n {
			f.allShown = el
		}
		named := w.namedUsers(group.ID)
		if len(named) >= n || el >= limit {
			f.namedByEnd, f.ran = len(named), el
			for _, m := range marks { // the count of users told so far only grows
				if _, ok := f.shownAt[m]; !ok {
					f.shownAt[m] = len(told)
				}
			}
			if len(named) >= n {
				f.allNamed = w.lastNamed(group.ID, start)
			}
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	for _, call := range w.tg.Calls("") {
		switch {
		case call.ErrorCode == 429:
			f.floods++
		case !call.OK || call.Int("chat_id") != group.ID:
		case call.Method == "restrictChatMember":
			f.allMuted = max(f.allMuted, call.Time.Sub(start))
		case call.Method == "sendMessage":
			f.sends++
		case call.Method == "editMessageText":
			f.edits++
		}
	}
	w.stopEngine()
	return f
}

// lastNamed is when the last user was first mentioned in an accepted send or edit.
func (w *world) lastNamed(groupID int64, start time.Time) time.Duration {
	first := map[int64]time.Time{}
	for _, call := range w.warningCalls(groupID) {
		for _, m := range mentionRE.FindAllStringSubmatch(call.Params["text"], -1) {
			id, _ := strconv.ParseInt(m[1], 10, 64)
			if _, ok := first[id]; !ok {
				first[id] = call.Time
			}
		}
	}
	var last time.Duration
	for _, at := range first {
		last = max(last, at.Sub(start))
	}
	return last
}
