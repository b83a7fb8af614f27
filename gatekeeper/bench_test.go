package gatekeeper_test

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper"
	"github.com/nezuko/nezuko/tests/telegramtest"
)

// Benchmarks drive Handle directly (no long-poll pickup) against the in-process fake
// Telegram, with logging on (the app's batch writer into SQLite) and the rate limits
// raised. Results and commands: BENCHMARKS.md, section "Gatekeeper".

// benchWorld is a protected supergroup with one channel and a started engine.
func benchWorld(b *testing.B, ev gatekeeper.Events) (*world, telegramtest.Chat, telegramtest.Chat) {
	w := newWorld(b)
	group := w.supergroup("Bench")
	news := w.channel("News", "news")
	w.protect(w.botRec, true, group, news)
	w.setConfig(c.ConfigRatePerBot, 1e9)
	w.setConfig(c.ConfigRatePerGroup, 1e9)
	w.start(false, func(cfg *gatekeeper.Config) { cfg.Logger, cfg.Events = slog.New(slog.DiscardHandler), ev })
	return w, group, news
}

func chatOf(c telegramtest.Chat) models.Chat {
	return models.Chat{ID: c.ID, Type: models.ChatType(c.Type), Title: c.Title, Username: c.Username}
}

// joinUpdate is the chat_member update of a user joining a chat.
func joinUpdate(id int64, chat telegramtest.Chat, u telegramtest.User) *models.Update {
	mu := &models.User{ID: u.ID, FirstName: u.FirstName}
	return &models.Update{ID: id, ChatMember: &models.ChatMemberUpdated{
		Chat: chatOf(chat), From: *mu, Date: int(time.Now().Unix()),
		OldChatMember: models.ChatMember{Type: models.ChatMemberTypeLeft, Left: &models.ChatMemberLeft{User: mu}},
		NewChatMember: models.ChatMember{Type: models.ChatMemberTypeMember, Member: &models.ChatMemberMember{User: mu}},
	}}
}

// leaveUpdate is the chat_member update of a user leaving a chat.
func leaveUpdate(id int64, chat telegramtest.Chat, u telegramtest.User) *models.Update {
	up := joinUpdate(id, chat, u)
	up.ChatMember.OldChatMember, up.ChatMember.NewChatMember = up.ChatMember.NewChatMember, up.ChatMember.OldChatMember
	return up
}

// messageUpdate is a text message from a user in a group.
func messageUpdate(id int64, chat telegramtest.Chat, u telegramtest.User) *models.Update {
	return &models.Update{ID: id, Message: &models.Message{ID: int(id), Chat: chatOf(chat), Text: "hi",
		From: &models.User{ID: u.ID, FirstName: u.FirstName}, Date: int(time.Now().Unix())}}
}

// Join of a non-member → lookup, restrict, warning queued: latency of Handle.
func BenchmarkJoinToRestrict(b *testing.B) {
	w, group, _ := benchWorld(b, nil)
	users := make([]telegramtest.User, b.N)
	for i := range users {
		users[i] = w.tg.AddUser("U")
	}
	lat := make([]time.Duration, b.N)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		w.e.Handle(ctx, w.b, joinUpdate(int64(i+1), group, users[i]))
		lat[i] = time.Since(start)
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*95/100].Microseconds())/1000, "p95-ms")
	if n := len(w.tg.Calls("restrictChatMember")); n != b.N {
		b.Fatalf("restricts = %d, want %d", n, b.N)
	}
}

// Non-member joins through one bot from 32 concurrent senders: joins per second.
func BenchmarkSustainedJoins(b *testing.B) {
	w, group, _ := benchWorld(b, nil)
	users := make([]telegramtest.User, b.N)
	for i := range users {
		users[i] = w.tg.AddUser("U")
	}
	var next atomic.Int64
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1)
				if i > int64(b.N) {
					return
				}
				w.e.Handle(ctx, w.b, joinUpdate(i, group, users[i-1]))
			}
		}()
	}
	wg.Wait()
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "joins/s")
	b.StopTimer()
	w.flush()
}

// A member's message answered from the cache: the hot path, allocations per update.
func BenchmarkCachedMessage(b *testing.B) {
	w, group, news := benchWorld(b, nil)
	alice := w.tg.AddUser("Alice")
	w.member(alice, group, news)
	ctx := context.Background()
	w.e.Handle(ctx, w.b, messageUpdate(1, group, alice)) // warms the cache and the admin list
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		w.e.Handle(ctx, w.b, messageUpdate(int64(i+2), group, alice))
	}
}

// Cache hit rate on a trace of 10k members × 20 messages in random order, where 5 %
// leave the channel (muted, warned) and come back at a random later point.
func BenchmarkCacheHitRateTrace(b *testing.B) {
	const users, perUser, leaving = 10_000, 20, 500
	for range b.N {
		b.StopTimer()
		ev := &events{}
		w, group, news := benchWorld(b, ev)
		people := make([]telegramtest.User, users)
		for i := range people {
			people[i] = w.tg.AddUser("U")
			w.member(people[i], group, news)
		}
		type step struct {
			user int
			kind int // 0 message, 1 leave, 2 rejoin
		}
		trace := make([]step, 0, users*perUser+2*leaving)
		for u := range users {
			for range perUser {
				trace = append(trace, step{user: u})
			}
		}
		rng := rand.New(rand.NewPCG(1, 2))
		rng.Shuffle(len(trace), func(i, j int) { trace[i], trace[j] = trace[j], trace[i] })
		for _, u := range rng.Perm(users)[:leaving] {
			at := rng.IntN(len(trace))
			back := at + 1 + rng.IntN(len(trace)-at)
			trace = slices.Insert(trace, back, step{user: u, kind: 2})
			trace = slices.Insert(trace, at, step{user: u, kind: 1})
		}
		ctx := context.Background()
		b.StartTimer()
		var id int64
		for _, s := range trace {
			id++
			u := people[s.user]
			switch s.kind {
			case 0:
				w.e.Handle(ctx, w.b, messageUpdate(id, group, u))
			case 1:
				w.e.Handle(ctx, w.b, leaveUpdate(id, news, u))
			case 2:
				w.e.Handle(ctx, w.b, joinUpdate(id, news, u))
			}
		}
		b.StopTimer()
		ev.mu.Lock()
		b.ReportMetric(100*float64(ev.hits)/float64(ev.hits+ev.misses), "hit-%")
		ev.mu.Unlock()
	}
}
