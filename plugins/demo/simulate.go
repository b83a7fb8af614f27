package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nezuko/nezuko/tests/telegramtest"
)

// Stats count what the simulated users did.
type Stats struct {
	Joins    atomic.Int64 // users who joined the group
	Presses  atomic.Int64 // "I have joined" presses
	Leaves   atomic.Int64 // channel or group leaves
	Messages atomic.Int64 // messages written
	Requests atomic.Int64 // join requests sent to a channel (instead of joining)
	Raids    atomic.Int64 // raids: raidSize accounts joining at once
}

// raidSize is how many accounts a demo raid brings into the group at once: more than
// half the demo's per-group message rate in a minute, which is when the bot counts a
// group as under a burst and combines its warnings.
const raidSize = groupRate/2 + 100

// String is a one-line summary.
func (s *Stats) String() string {
	return fmt.Sprintf("%d joins, %d button presses, %d join requests, %d leaves, %d messages, %d raids",
		s.Joins.Load(), s.Presses.Load(), s.Requests.Load(), s.Leaves.Load(), s.Messages.Load(), s.Raids.Load())
}

var firstNames = []string{"Aiko", "Ben", "Chloé", "Dmitri", "Esra", "Femi", "Gita", "Hugo", "Ines", "Jun",
	"Kofi", "Lena", "Mateo", "Nora", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tariq", "Uma", "Viktor", "Wen", "Yara", "Zoe"}

// simulation is one run of simulated users.
type simulation struct {
	tg      *telegramtest.Server
	w       *World
	stats   *Stats
	rnd     *rand.Rand
	mu      sync.Mutex                           // guards rnd, in, waiting
	in      []telegramtest.User                  // users in the group
	waiting map[string]chan telegramtest.Message // callback data → the user waiting for that warning
	wg      sync.WaitGroup                       // users' own goroutines
}

// Simulate makes users join the group at rate per second until ctx ends: about half
// already follow both channels, the rest are warned, and most of them join the
// channels through the warning's buttons (the group's links; for the channel that
// admits by request, a join request, mostly approved a few seconds later) and press
// "I have joined"; members now and then write,
// leave a channel (and are muted again) or leave the group. Now and then (about every
// 650 joins) a raid brings raidSize accounts that follow no channel at once: the bot
// mutes them all and names them in one combined warning.
func Simulate(ctx context.Context, tg *telegramtest.Server, w *World, rate float64, stats *Stats) {
	if rate <= 0 {
		rate = 1
	}
	s := &simulation{tg: tg, w: w, stats: stats, rnd: rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7)),
		waiting: map[string]chan telegramtest.Message{}}
	defer s.wg.Wait()
	s.wg.Add(1)
	go s.watch(ctx)
	t := time.NewTicker(time.Duration(float64(time.Second) / rate))
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		s.join(ctx)
		switch r := s.float(); {
		case r > 0.9985: // about one raid per 650 ticks
			s.raid()
		case r < 0.15:
			s.leaveChannel()
		case r < 0.22:
			s.leaveGroup()
		case r < 0.6:
			s.write()
		}
	}
}

func (s *simulation) float() float64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rnd.Float64()
}

// join adds a new user who joins the group, following both channels, one, or none.
func (s *simulation) join(ctx context.Context) {
	s.mu.Lock()
	name := firstNames[s.rnd.IntN(len(firstNames))]
	follows := s.rnd.IntN(4) // 0-1: none … 2: one, 3: both
	s.mu.Unlock()
	u := s.tg.AddUser(name)
	switch {
	case follows == 3:
		s.subscribe(u, s.w.Channels...)
	case follows == 2:
		s.subscribe(u, s.w.Channels[0])
	}
	var warned chan telegramtest.Message
	data := "nzv:" + strconv.FormatInt(u.ID, 10)
	if follows < 3 {
		warned = make(chan telegramtest.Message, 1)
		s.mu.Lock()
		s.waiting[data] = warned
		s.mu.Unlock()
	}
	if _, err := s.tg.Join(s.w.Group.ID, u); err != nil {
		s.forget(data)
		return
	}
	s.stats.Joins.Add(1)
	s.mu.Lock()
	s.in = append(s.in, u)
	s.mu.Unlock()
	if warned != nil {
		s.wg.Add(1)
		go s.verifyLater(ctx, u, data, warned)
	}
}

// raid is Raid within the simulation.
func (s *simulation) raid() { Raid(s.tg, s.w, s.stats) }

// Raid makes raidSize new accounts join the demo group at once, none following a
// channel; they never press a button nor write, and stay muted. It returns them.
func Raid(tg *telegramtest.Server, w *World, stats *Stats) []telegramtest.User {
	var out []telegramtest.User
	for range raidSize {
		u := tg.AddUser("Raider")
		if _, err := tg.Join(w.Group.ID, u); err != nil {
			break
		}
		out = append(out, u)
		stats.Joins.Add(1)
	}
	stats.Raids.Add(1)
	return out
}

// forget stops waiting for a warning.
func (s *simulation) forget(data string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.waiting, data)
}

// watch hands each new warning in the group to the user waiting for it (one scan per
// change of the fake, however many users wait).
func (s *simulation) watch(ctx context.Context) {
	defer s.wg.Done()
	last := 0
	for ctx.Err() == nil {
		s.tg.Await(time.Second, func() bool {
			for _, m := range s.tg.Messages(s.w.Group.ID) {
				if m.MessageID <= last || m.ReplyMarkup == nil {
					continue
				}
				last = max(last, m.MessageID)
				for _, row := range m.ReplyMarkup.InlineKeyboard {
					for _, b := range row {
						s.mu.Lock()
						ch := s.waiting[b.CallbackData]
						delete(s.waiting, b.CallbackData)
						s.mu.Unlock()
						if ch != nil {
							ch <- m
						}
					}
				}
			}
			return ctx.Err() != nil
		})
	}
}

// subscribe makes a user follow channels silently (before the story starts).
func (s *simulation) subscribe(u telegramtest.User, chans ...telegramtest.Chat) {
	for _, ch := range chans {
		_ = s.tg.SetMember(ch.ID, u.ID, telegramtest.Member{Status: telegramtest.StatusMember})
	}
}

// verifyLater waits for the user's warning, then (most of the time) joins the missing
// channels and presses "I have joined".
func (s *simulation) verifyLater(ctx context.Context, u telegramtest.User, data string, warned <-chan telegramtest.Message) {
	defer s.wg.Done()
	defer s.forget(data)
	var warn telegramtest.Message
	select {
	case warn = <-warned:
	case <-ctx.Done():
		return
	case <-time.After(time.Minute):
		return
	}
	if s.float() < 0.2 {
		return // some never bother
	}
	select {
	case <-ctx.Done():
		return
	case <-time.After(time.Duration(1000+s.float()*3000) * time.Millisecond):
	}
	for _, ch := range s.w.Channels {
		if !s.tg.Member(ch.ID, u.ID).InChat() {
			s.joinChannel(u, ch, warn)
		}
	}
	if _, err := s.tg.Press(u, warn, data); err == nil {
		s.stats.Presses.Add(1)
	}
	s.approveLater(ctx, u)
}

// joinChannel follows the warning's button into the channel: the group's own link
// (so the join is attributed to the group), which for a channel that admits by
// request makes a join request instead; else the channel by username.
func (s *simulation) joinChannel(u telegramtest.User, ch telegramtest.Chat, warn telegramtest.Message) {
	for _, row := range warn.ReplyMarkup.InlineKeyboard {
		for _, b := range row {
			if b.URL == "" {
				continue
			}
			if _, err := s.tg.JoinByLink(ch.ID, u, b.URL); err == nil {
				if s.tg.PendingRequest(ch.ID, u.ID) {
					s.stats.Requests.Add(1)
				}
				return
			}
		}
	}
	_, _ = s.tg.Join(ch.ID, u)
}

// approveLater approves most of the user's pending join requests a few seconds later,
// as the channel's owner would.
func (s *simulation) approveLater(ctx context.Context, u telegramtest.User) {
	for _, ch := range s.w.Channels {
		if !s.tg.PendingRequest(ch.ID, u.ID) || s.float() < 0.3 {
			continue
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Duration(2000+s.float()*3000) * time.Millisecond):
		}
		_ = s.tg.ApproveRequest(ch.ID, u.ID)
	}
}

// pick returns a random member of the group.
func (s *simulation) pick() (telegramtest.User, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.in) == 0 {
		return telegramtest.User{}, false
	}
	return s.in[s.rnd.IntN(len(s.in))], true
}

// leaveChannel makes a member leave one of the channels (the bot mutes them again).
func (s *simulation) leaveChannel() {
	u, ok := s.pick()
	if !ok {
		return
	}
	ch := s.w.Channels[int(s.float()*float64(len(s.w.Channels)))]
	if _, err := s.tg.Leave(ch.ID, u); err == nil {
		s.stats.Leaves.Add(1)
	}
}

// leaveGroup makes a member leave the group.
func (s *simulation) leaveGroup() {
	u, ok := s.pick()
	if !ok {
		return
	}
	if _, err := s.tg.Leave(s.w.Group.ID, u); err != nil {
		return
	}
	s.stats.Leaves.Add(1)
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, x := range s.in {
		if x.ID == u.ID {
			s.in = append(s.in[:i], s.in[i+1:]...)
			break
		}
	}
}

// write makes a member say something (refused by the fake when they are muted).
func (s *simulation) write() {
	u, ok := s.pick()
	if !ok {
		return
	}
	if _, err := s.tg.Send(s.w.Group.ID, u, "hello from "+u.FirstName); err == nil {
		s.stats.Messages.Add(1)
	}
}
