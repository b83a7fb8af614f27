package membership

import (
	"cmp"
	"slices"
	"sync"
	"time"

	c "github.com/nezuko/nezuko/collections"
)

// JoinTTL is how long a join is remembered, so that the service message and the
// chat_member update of one join make one decision.
const JoinTTL = time.Minute

// maxSavedJoins bounds the joins Snapshot returns (the newest are kept).
const maxSavedJoins = 5000

// Joins remembers the joins decided lately.
type Joins struct {
	mu   sync.Mutex // guards seen
	seen map[key]time.Time
}

// NewJoins returns an empty record of joins.
func NewJoins() *Joins { return &Joins{seen: map[key]time.Time{}} }

// Claim reports whether this is the first sighting of the (user, group) join.
func (r *Joins) Claim(groupID, userID int64, now time.Time) bool {
	k := key{user: userID, chat: groupID}
	r.mu.Lock()
	defer r.mu.Unlock()
	if at, ok := r.seen[k]; ok && now.Sub(at) < JoinTTL {
		return false
	}
	if len(r.seen) > 10000 {
		for k2, at := range r.seen {
			if now.Sub(at) >= JoinTTL {
				delete(r.seen, k2)
			}
		}
	}
	r.seen[k] = now
	return true
}

// Left forgets the user's join, so a rejoin is decided again.
func (r *Joins) Left(groupID, userID int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.seen, key{user: userID, chat: groupID})
}

// Snapshot returns the joins decided within JoinTTL before now (the newest
// maxSavedJoins), to be saved at Close.
func (r *Joins) Snapshot(now time.Time) []c.RecentJoin {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]c.RecentJoin, 0, len(r.seen))
	for k, at := range r.seen {
		if now.Sub(at) < JoinTTL {
			out = append(out, c.RecentJoin{Group: k.chat, User: k.user, At: at.UnixMilli()})
		}
	}
	if len(out) > maxSavedJoins { // keep the newest
		slices.SortFunc(out, func(a, b c.RecentJoin) int { return cmp.Compare(b.At, a.At) })
		out = out[:maxSavedJoins]
	}
	return out
}

// Restore remembers joins decided by an earlier run.
func (r *Joins) Restore(joins []c.RecentJoin) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, j := range joins {
		r.seen[key{user: j.User, chat: j.Group}] = time.UnixMilli(j.At)
	}
}
