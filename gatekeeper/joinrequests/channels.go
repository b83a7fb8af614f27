package joinrequests

import (
	"log/slog"
	"sync"
	"time"

	"github.com/nezuko/nezuko/gatekeeper/store"
)

// countsFor is how long a pending join request to a channel counts as membership
// before the bot looks again. Telegram sends no update when a user withdraws a
// request or an admin declines it in the app, and the Bot API cannot list pending
// requests; so after this long a user who is still not a member (getChatMember)
// counts as missing again. An approval ends it at once (the channel's chat_member
// update), as does leaving.
const countsFor = 24 * time.Hour

// Store keeps the pending join requests to channels (bot_join_requests); the
// engine's store satisfies it.
type Store interface {
	// JoinRequests returns the stored pending requests.
	JoinRequests() ([]store.JoinRequest, error)
	// SaveJoinRequest stores (or refreshes) a pending request in the background.
	SaveJoinRequest(userID, channelID int64, link string, at time.Time)
	// DropJoinRequest forgets a stored pending request in the background.
	DropJoinRequest(userID, channelID int64)
}

// Pair is one user's pending join request to a channel.
type Pair struct{ UserID, ChannelID int64 }

// Channels holds the pending join requests to channels this bot saw: in memory
// (loaded from the Store on first use) and durably, through the Store.
type Channels struct {
	db  Store
	log *slog.Logger

	once sync.Once
	mu   sync.Mutex // guards m
	m    map[Pair]time.Time
}

// NewChannels returns the table of pending join requests to channels kept in db;
// log receives a failure to read them.
func NewChannels(db Store, log *slog.Logger) *Channels { return &Channels{db: db, log: log} }

// load reads the stored requests once.
func (r *Channels) load() {
	r.once.Do(func() {
		m := map[Pair]time.Time{}
		reqs, err := r.db.JoinRequests()
		if err != nil {
			r.log.Error("pending join requests not read", "error", err)
		}
		for _, q := range reqs {
			m[Pair{UserID: q.UserID, ChannelID: q.ChannelID}] = q.At
		}
		r.mu.Lock()
		r.m = m
		r.mu.Unlock()
	})
}

// Counts reports whether the user has a pending request to the channel that still
// counts as membership at now.
func (r *Channels) Counts(userID, channelID int64, now time.Time) bool {
	r.load()
	r.mu.Lock()
	at, ok := r.m[Pair{UserID: userID, ChannelID: channelID}]
	r.mu.Unlock()
	return ok && now.Sub(at) < countsFor
}

// Add records a pending request (in memory at once, durably in the background).
func (r *Channels) Add(userID, channelID int64, link string, at time.Time) {
	r.load()
	r.mu.Lock()
	r.m[Pair{UserID: userID, ChannelID: channelID}] = at
	r.mu.Unlock()
	r.db.SaveJoinRequest(userID, channelID, link, at)
}

// Drop forgets a pending request; it reports whether there was one.
func (r *Channels) Drop(userID, channelID int64) bool {
	r.load()
	k := Pair{UserID: userID, ChannelID: channelID}
	r.mu.Lock()
	_, had := r.m[k]
	delete(r.m, k)
	r.mu.Unlock()
	if had {
		r.db.DropJoinRequest(userID, channelID)
	}
	return had
}

// Overdue returns up to n requests that no longer count at now (older than 24 h).
func (r *Channels) Overdue(n int, now time.Time) []Pair {
	r.load()
	cutoff := now.Add(-countsFor)
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []Pair
	for k, at := range r.m {
		if !at.After(cutoff) && len(out) < n {
			out = append(out, k)
		}
	}
	return out
}
