package gatekeeper

import (
	"time"

	"github.com/nezuko/nezuko/gatekeeper/groups"
	"github.com/nezuko/nezuko/gatekeeper/store"
)

// groupStore is the engine's store: the persistence layer (package store) with the
// protected groups and channels cached in front of it for groups.TTL (package groups).
type groupStore struct {
	*store.Store
	*groups.Cache
}

func newGroupStore(db *store.Store) *groupStore {
	return &groupStore{Store: db, Cache: groups.NewCache(db)}
}

// Group returns the protected group with this chat id from the cache, nil when there
// is none (never the Store's uncached read).
func (s *groupStore) Group(chatID int64) (*groups.Group, error) { return s.Cache.Group(chatID) }

// ForgetGroup drops the cached protected group with this chat id (0: every group and
// channel), so a change made elsewhere (the API, the dashboard) applies to the next
// update instead of within groups.TTL.
func (e *Engine) ForgetGroup(groupID int64) { e.store.Forget(groupID) }

// ttl is how long the group's warnings and command replies stay (0: forever).
func (e *Engine) ttl(p groups.Policy) time.Duration {
	if p.WarningTTL == groups.ConfigTTL {
		return e.settings.Get().WarningTTL
	}
	return p.WarningTTL
}
