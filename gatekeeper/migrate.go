package gatekeeper

import (
	"context"

	"github.com/nezuko/nezuko/gatekeeper/groups"
)

// Basic groups and their upgrade to supergroups.
//
// Telegram restricts members only in supergroups ("Use this method to restrict a user
// in a supergroup", Bot API restrictChatMember): a basic group answers 400 "method is
// available only for supergroups". When an admin upgrades a basic group (makes it
// public, shows the history to new members, …) it gets a new id; the old chat gets a
// service message with migrate_to_chat_id, the supergroup one with
// migrate_from_chat_id, and any later call to the old id answers 400 "group chat was
// upgraded to a supergroup chat" with parameters.migrate_to_chat_id. Each of the
// three moves the group's protection to the new id.

// migrateGroup moves the protection of a basic group (its protected_groups row with
// links, params and health) to the supergroup Telegram upgraded it to, forgets what
// is cached under the old id, and re-checks the rights there: at once when inline,
// else in the background (a call's 400 may come from inside a rights check). Telling
// it twice (service message, then a 400) is harmless.
func (e *Engine) migrateGroup(ctx context.Context, oldID, newID int64, inline bool) {
	if !groups.BasicID(oldID) || newID == 0 || oldID == newID {
		return
	}
	moved, err := e.store.MoveGroup(oldID, newID)
	for _, id := range []int64{oldID, newID} {
		e.store.Forget(id)
		e.admins.Forget(id)
	}
	switch {
	case err != nil:
		e.log.Error("group upgraded to a supergroup, but its protection was not moved", "old_group_id", oldID, "group_id", newID, "error", err)
		return
	case !moved:
		return
	}
	e.log.Info("group upgraded to a supergroup: its protection follows to the new id", "old_group_id", oldID, "group_id", newID)
	recheck := func(ctx context.Context) {
		if g, err := e.store.Group(newID); err == nil && g != nil && g.Mine {
			e.checkHealth(ctx, g)
		}
	}
	if inline {
		recheck(ctx)
		return
	}
	if e.enter() {
		go func() {
			defer e.leave()
			recheck(e.ctx)
		}()
	}
}
