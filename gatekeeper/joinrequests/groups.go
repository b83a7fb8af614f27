package joinrequests

import (
	"strconv"
	"strings"
	"sync"
	"time"
)

// TTL is how long a gated join request waits for the channels to be joined.
const TTL = 24 * time.Hour

// countedTTL is how long a gated request's funnel steps stand for the join that
// follows its approval (the bot approves within TTL, or declines).
const countedTTL = TTL + time.Hour

// buttonPrefix starts the callback data of a join request's "I have joined" button;
// the rest is the group's chat id.
const buttonPrefix = "nzj:"

// Request is a join request to a group waiting for its user to join the channels.
type Request struct {
	GroupID, UserID int64
	ChatID          int64 // the private chat the bot wrote to (user_chat_id)
	MsgID           int   // the bot's message there; 0 if it could not write
	At              time.Time
	TimerID         string // its bot_timers row (the 24 h decline), "" if not stored
}

// key is one (group, user) pair.
type key struct{ group, user int64 }

// Groups holds the pending join requests to the engine's groups.
type Groups struct {
	mu sync.Mutex // guards m and counted
	m  map[key]*Request
	// counted holds the gated requests whose "checked" funnel step is written, by
	// (group, user), with when: the join that follows their approval writes none, so a
	// join by request is counted once. In memory only: a restart between request and
	// join counts that join twice.
	counted map[key]time.Time
}

// NewGroups returns an empty table of join requests to groups.
func NewGroups() *Groups {
	return &Groups{m: map[key]*Request{}, counted: map[key]time.Time{}}
}

// MarkCounted remembers that the user's request to the group was counted at now (and
// forgets the marks older than countedTTL).
func (r *Groups) MarkCounted(groupID, userID int64, now time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for k, at := range r.counted {
		if now.Sub(at) > countedTTL {
			delete(r.counted, k)
		}
	}
	r.counted[key{groupID, userID}] = now
}

// TakeCounted reports (and forgets) whether the user's request to the group was
// counted within countedTTL before now.
func (r *Groups) TakeCounted(groupID, userID int64, now time.Time) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	k := key{groupID, userID}
	at, ok := r.counted[k]
	delete(r.counted, k)
	return ok && now.Sub(at) <= countedTTL
}

// Put adds a pending request and returns the one it replaced, if any.
func (r *Groups) Put(p *Request) *Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	k := key{p.GroupID, p.UserID}
	old := r.m[k]
	r.m[k] = p
	return old
}

// Take removes and returns the user's pending request in the group (nil when none).
func (r *Groups) Take(groupID, userID int64) *Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	k := key{groupID, userID}
	p := r.m[k]
	delete(r.m, k)
	return p
}

// Expired removes and returns the requests made more than TTL before now.
func (r *Groups) Expired(now time.Time) []*Request {
	cutoff := now.Add(-TTL)
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []*Request
	for k, p := range r.m {
		if p.At.Before(cutoff) {
			out = append(out, p)
			delete(r.m, k)
		}
	}
	return out
}

// ButtonData is the callback data of the "I have joined" button of a join request to
// the group.
func ButtonData(groupID int64) string { return buttonPrefix + strconv.FormatInt(groupID, 10) }

// ParseButtonData returns the group of a join request's button data (ok false when
// the data is not such a button's).
func ParseButtonData(data string) (groupID int64, ok bool) {
	rest, ok := strings.CutPrefix(data, buttonPrefix)
	if !ok {
		return 0, false
	}
	id, err := strconv.ParseInt(rest, 10, 64)
	return id, err == nil
}
