package membership

import (
	"sync"
	"time"
)

// LinkedTTL is how long a group's linked discussion channel (getChat) is reused.
const LinkedTTL = 5 * time.Minute

type linkedEntry struct {
	id int64
	at time.Time
}

// Linked remembers each group's linked discussion channel (getChat linked_chat_id).
type Linked struct {
	mu     sync.Mutex // guards groups
	groups map[int64]linkedEntry
}

// NewLinked returns an empty linked-channel cache.
func NewLinked() *Linked { return &Linked{groups: map[int64]linkedEntry{}} }

// Get returns the group's linked channel (0: none) if read less than LinkedTTL
// before now.
func (l *Linked) Get(groupID int64, now time.Time) (int64, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	e, ok := l.groups[groupID]
	if !ok || now.Sub(e.at) >= LinkedTTL {
		return 0, false
	}
	return e.id, true
}

// Put remembers the group's linked channel as read at now.
func (l *Linked) Put(groupID, channelID int64, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.groups[groupID] = linkedEntry{id: channelID, at: now}
}
