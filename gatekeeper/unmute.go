package gatekeeper

import (
	"context"
	"sync"
	"time"

	"github.com/go-telegram/bot/models"
)

// mutedKeep is how long the engine remembers whom it muted (to unmute them when they
// join the channels); older entries are dropped by the maintenance.
const mutedKeep = 7 * 24 * time.Hour

// mutedSet remembers the members the engine muted, so that joining the missing
// channels unmutes them even after their warning was auto-deleted, and so that only
// the engine's own mutes are lifted that way (never an admin's).
type mutedSet struct {
	mu sync.Mutex // guards m
	m  map[memberKey]time.Time
}

func newMutedSet() *mutedSet { return &mutedSet{m: map[memberKey]time.Time{}} }

func (s *mutedSet) add(groupID, userID int64, at time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[warnKey(groupID, userID)] = at
}

func (s *mutedSet) has(groupID, userID int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.m[warnKey(groupID, userID)]
	return ok
}

func (s *mutedSet) remove(groupID, userID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, warnKey(groupID, userID))
}

// prune drops entries older than cutoff.
func (s *mutedSet) prune(cutoff time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, at := range s.m {
		if at.Before(cutoff) {
			delete(s.m, k)
		}
	}
}

// onChannelJoin unmutes the user in every group of this bot linked to the channel
// where the engine muted them, once they are in all of its channels.
func (e *Engine) onChannelJoin(ctx context.Context, channelID int64, u *models.User) {
	groups, err := e.store.groupsOfChannel(channelID)
	if err != nil {
		e.log.Error("groups of channel not read", "channel_id", channelID, "error", err)
		return
	}
	for _, g := range groups {
		if !e.muted.has(g.ID, u.ID) {
			continue
		}
		if v := e.check(ctx, g, u.ID, false); len(v.missing) > 0 {
			continue
		}
		if err := e.unmute(ctx, g.ID, u.ID); err != nil {
			e.log.Warn("member not unmuted", "group_id", g.ID, "user_id", u.ID, "error", err)
			continue
		}
		e.muted.remove(g.ID, u.ID)
		e.warnings.remove(ctx, g.ID, u.ID, 0)
	}
}
