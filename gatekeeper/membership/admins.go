package membership

import (
	"sync"
	"time"

	"golang.org/x/sync/singleflight"
)

// AdminTTL is how long a group's administrator list is reused; chat_member updates
// about administrators refresh it sooner.
const AdminTTL = 10 * time.Minute

type adminEntry struct {
	ids map[int64]bool
	at  time.Time
}

// Admins remembers each group's administrators (creator included).
type Admins struct {
	mu     sync.Mutex // guards groups
	groups map[int64]adminEntry
	// Flight lets concurrent reads of one group's list share one getChatAdministrators.
	Flight singleflight.Group
}

// NewAdmins returns an empty administrator cache.
func NewAdmins() *Admins { return &Admins{groups: map[int64]adminEntry{}} }

// Get returns the group's administrators if read less than AdminTTL before now.
func (a *Admins) Get(groupID int64, now time.Time) (map[int64]bool, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	e, ok := a.groups[groupID]
	if !ok || now.Sub(e.at) >= AdminTTL {
		return nil, false
	}
	return e.ids, true
}

// Put remembers the group's administrators as read at now.
func (a *Admins) Put(groupID int64, ids map[int64]bool, now time.Time) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.groups[groupID] = adminEntry{ids: ids, at: now}
}

// Forget drops a group's list (0: every group's).
func (a *Admins) Forget(groupID int64) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if groupID == 0 {
		a.groups = map[int64]adminEntry{}
		return
	}
	delete(a.groups, groupID)
}
