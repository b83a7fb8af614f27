package gatekeeper_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
	"github.com/pocketbase/dbx"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper"
	"github.com/nezuko/nezuko/tests/telegramtest"
)

// The hot path against a bare bot (BENCHMARKS.md, "Fleet", "Hot path against a bare
// bot"): in the same run, on the same fake Telegram, the same stream of joins of
// non-members into 10 supergroups (one channel each) goes to (a) a bare go-telegram/bot
// program whose handler does only getChatMember(channel) → restrictChatMember →
// sendMessage, and (b) the real Engine (PocketBase test app, log writer on, every
// verification_log, api_call_log and gate_events row written). Both get their updates
// the same way: long polling through go-telegram/bot, each bot with its own groups.
// Latency is from the join being queued on the fake (the update available to
// getUpdates) to the restrictChatMember request reaching the fake.

const (
	bareGroups     = 10  // groups per side, one channel each
	bareSequential = 200 // joins per side and round for the latency, one at a time
	bareBurst      = 500 // joins per side and round for the throughput, queued at once
)

// restricts timestamps every restrictChatMember request reaching the fake, per token.
type restricts struct {
	mu sync.Mutex
	at map[string]chan time.Time
}

// of is the channel of a token's restrict arrival times.
func (r *restricts) of(token string) chan time.Time {
	r.mu.Lock()
	defer r.mu.Unlock()
	ch := r.at[token]
	if ch == nil {
		ch = make(chan time.Time, 1<<16)
		r.at[token] = ch
	}
	return ch
}

// serve wraps the fake: a restrictChatMember's arrival time is sent once answered.
func (r *restricts) serve(tg *telegramtest.Server) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if !strings.HasSuffix(req.URL.Path, "/restrictChatMember") {
			tg.ServeHTTP(w, req)
			return
		}
		at := time.Now()
		tg.ServeHTTP(w, req)
		token, _, _ := strings.Cut(strings.TrimPrefix(req.URL.Path, "/bot"), "/")
		r.of(token) <- at
	})
}

// side is one of the two programs under measurement: its bot, groups and channels.
type side struct {
	name    string
	token   string
	groups  []telegramtest.Chat
	arrived chan time.Time
	lat     []time.Duration
	joins   int
	elapsed time.Duration // summed burst durations
	cpu     time.Duration // process CPU time spent during the bursts
}

// processCPU is the CPU time (user + system) the process has used so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// bareHandler is the whole bare program: a non-member's join → getChatMember of the
// group's channel → restrictChatMember → sendMessage warning.
func bareHandler(channelOf map[int64]telegramtest.Chat) bot.HandlerFunc {
	return func(ctx context.Context, b *bot.Bot, u *models.Update) {
		cm := u.ChatMember
		if cm == nil || cm.NewChatMember.Type != models.ChatMemberTypeMember || cm.OldChatMember.Type != models.ChatMemberTypeLeft {
			return
		}
		user := cm.NewChatMember.Member.User
		ch := channelOf[cm.Chat.ID]
		m, err := b.GetChatMember(ctx, &bot.GetChatMemberParams{ChatID: ch.ID, UserID: user.ID})
		if err == nil && m.Type != models.ChatMemberTypeLeft && m.Type != models.ChatMemberTypeBanned {
			return
		}
		if _, err := b.RestrictChatMember(ctx, &bot.RestrictChatMemberParams{ChatID: cm.Chat.ID, UserID: user.ID,
			Permissions: &models.ChatPermissions{}, UseIndependentChatPermissions: true}); err != nil {
			return
		}
		_, _ = b.SendMessage(ctx, &bot.SendMessageParams{ChatID: cm.Chat.ID, ParseMode: models.ParseModeHTML,
			Text: fmt.Sprintf(`<a href="tg://user?id=%d">%s</a>, join @%s to write here.`, user.ID, user.FirstName, ch.Username),
			ReplyMarkup: &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{
				{{Text: "Join " + ch.Title, URL: "https://t.me/" + ch.Username}},
				{{Text: "I have joined", CallbackData: fmt.Sprintf("verify:%d", user.ID)}},
			}}})
	}
}

// hotPathWorld builds both sides on one fake: the engine (long polling) and the bare
// bot (long polling), each admin of its own 10 groups and channels.
func hotPathWorld(b *testing.B) (*world, *side, *side) {
	w := newWorld(b)
	rs := &restricts{at: map[string]chan time.Time{}}
	srv := httptest.NewServer(rs.serve(w.tg))
	b.Cleanup(srv.Close)

	engine := &side{name: "engine", token: w.gate.Token}
	for i := range bareGroups {
		g := w.supergroup(fmt.Sprintf("Engine %d", i))
		w.protect(w.botRec, true, g, w.channel(fmt.Sprintf("Engine news %d", i), fmt.Sprintf("enews%d", i)))
		engine.groups = append(engine.groups, g)
	}
	w.setConfig(c.ConfigRatePerBot, 1e9)
	w.setConfig(c.ConfigRatePerGroup, 1e9)
	w.start(true, func(cfg *gatekeeper.Config) {
		cfg.Logger, cfg.APIURL = slog.New(slog.DiscardHandler), srv.URL
	})
	engine.arrived = rs.of(engine.token)

	bt := w.tg.AddBot("bare_bot")
	bare := &side{name: "bare", token: bt.Token, arrived: rs.of(bt.Token)}
	channelOf := map[int64]telegramtest.Chat{}
	admin := telegramtest.Admin(gateRights)
	for i := range bareGroups {
		g := w.tg.AddSupergroup(fmt.Sprintf("Bare %d", i))
		ch := w.tg.AddChannel(fmt.Sprintf("Bare news %d", i), fmt.Sprintf("bnews%d", i))
		must(b, w.tg.SetMember(g.ID, bt.ID, admin))
		must(b, w.tg.SetMember(ch.ID, bt.ID, admin))
		channelOf[g.ID] = ch
		bare.groups = append(bare.groups, g)
	}
	// The bare bot gets the engine's connection pool (go-telegram/bot's default client
	// keeps 2 idle connections, so a burst would pay for new ones) and poll timeout.
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConns, tr.MaxIdleConnsPerHost = 256, 256
	bb, err := bot.New(bt.Token, bot.WithServerURL(srv.URL), bot.WithDefaultHandler(bareHandler(channelOf)),
		bot.WithHTTPClient(5*time.Second, &http.Client{Transport: tr}),
		bot.WithAllowedUpdates(bot.AllowedUpdates{"chat_member"}), bot.WithErrorsHandler(func(error) {}))
	must(b, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { bb.Start(ctx); close(done) }()
	b.Cleanup(func() { cancel(); <-done })
	w.tg.WaitFor(b, wait, func() bool { return w.tg.Polling(bt.ID) })

	// Warm-up: one join per group on each side (the engine reads each group's admins).
	for _, s := range []*side{bare, engine} {
		for _, g := range s.groups {
			_, err := w.tg.Join(g.ID, w.tg.AddUser("Warm"))
			must(b, err)
			s.await(b, 1)
		}
	}
	return w, bare, engine
}

// await takes n restrict arrivals of the side, failing after the generous deadline;
// it returns the last one.
func (s *side) await(b *testing.B, n int) time.Time {
	var last time.Time
	deadline := time.NewTimer(wait)
	defer deadline.Stop()
	for range n {
		select {
		case last = <-s.arrived:
		case <-deadline.C:
			b.Fatalf("%s: restricts not all seen within %v", s.name, wait)
		}
	}
	return last
}

// sequential sends joins one at a time (round robin over the groups), each after the
// previous one's restrict, and records join → restrict.
func (s *side) sequential(b *testing.B, tg *telegramtest.Server, users []telegramtest.User) {
	for i, u := range users {
		start := time.Now()
		_, err := tg.Join(s.groups[i%len(s.groups)].ID, u)
		must(b, err)
		s.lat = append(s.lat, s.await(b, 1).Sub(start))
	}
	s.joins += len(users)
}

// burst queues every join at once (round robin over the groups) and adds the time
// until the last restrict reached the fake.
func (s *side) burst(b *testing.B, tg *telegramtest.Server, users []telegramtest.User) {
	start, cpu := time.Now(), processCPU()
	for i, u := range users {
		_, err := tg.Join(s.groups[i%len(s.groups)].ID, u)
		must(b, err)
	}
	s.elapsed += s.await(b, len(users)).Sub(start)
	s.cpu += processCPU() - cpu
	s.joins += len(users)
}

// pct is the p-th percentile of the side's latencies, in milliseconds.
func (s *side) pct(p int) float64 {
	l := slices.Clone(s.lat)
	slices.Sort(l)
	return float64(l[len(l)*p/100].Microseconds()) / 1000
}

// BenchmarkHotPathVsBareBot measures both sides in the same run, alternating: per
// round, bareSequential joins one at a time and a burst of bareBurst joins each.
func BenchmarkHotPathVsBareBot(b *testing.B) {
	w, bare, engine := hotPathWorld(b)
	users := func(n int) []telegramtest.User {
		out := make([]telegramtest.User, n)
		for i := range out {
			out[i] = w.tg.AddUser("U")
		}
		return out
	}
	burstJoins := 0
	b.ResetTimer()
	for range b.N {
		for _, s := range []*side{bare, engine} {
			s.sequential(b, w.tg, users(bareSequential))
		}
		for _, s := range []*side{bare, engine} {
			s.burst(b, w.tg, users(bareBurst))
			w.flush() // the engine's rows written before the next phase
		}
		burstJoins += bareBurst
	}
	b.StopTimer()
	rate := func(s *side) float64 { return float64(burstJoins) / s.elapsed.Seconds() }
	b.ReportMetric(bare.pct(50), "bare-p50-ms")
	b.ReportMetric(bare.pct(95), "bare-p95-ms")
	b.ReportMetric(engine.pct(50), "engine-p50-ms")
	b.ReportMetric(engine.pct(95), "engine-p95-ms")
	b.ReportMetric(engine.pct(95)/bare.pct(95), "p95-ratio")
	b.ReportMetric(rate(bare), "bare-joins/s")
	b.ReportMetric(rate(engine), "engine-joins/s")
	b.ReportMetric(rate(engine)/rate(bare), "joins/s-ratio")
	for _, s := range []*side{bare, engine} { // the whole process's CPU while the side's burst ran
		b.ReportMetric(float64(s.cpu.Microseconds())/1000/float64(burstJoins), s.name+"-burst-cpu-ms/join")
	}
	for _, s := range []*side{bare, engine} {
		calls := 0
		for _, call := range w.tg.CallsFor(s.token, "") {
			if call.Method != "getUpdates" && call.Method != "getMe" {
				calls++
			}
		}
		b.ReportMetric(float64(calls)/float64(s.joins+bareGroups), s.name+"-calls/join")
	}

	// Every log row of the engine's joins written (warm-up included).
	joins := engine.joins + bareGroups
	w.flush()
	count := func(coll string, where dbx.Expression) int {
		var exprs []dbx.Expression
		if where != nil {
			exprs = append(exprs, where)
		}
		n, err := w.app.CountRecords(coll, exprs...)
		must(b, err)
		return int(n)
	}
	for _, want := range []struct {
		coll  string
		where dbx.Expression
	}{
		{c.VerificationLog, nil},
		{c.APICallLog, dbx.HashExp{c.FieldMethod: "restrictChatMember"}},
		{c.GateEvents, dbx.HashExp{c.FieldKind: c.GateChecked}},
		{c.GateEvents, dbx.HashExp{c.FieldKind: c.GateMuted}},
	} {
		if n := count(want.coll, want.where); n != joins {
			b.Fatalf("%s %v: %d rows, want %d", want.coll, want.where, n, joins)
		}
	}
}
