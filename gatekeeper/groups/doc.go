// Package groups owns the protected group as the engine sees it: the model (Group),
// its enforcement Policy from protected_groups.params, and the Cache that keeps
// groups read from the store for TTL (30 s; changes made through the app are forgotten
// at once).
//
// # Policy
//
// PolicyFrom derives a group's Policy from protected_groups.params (DESIGN.md §4),
// with the defaults mute, enforce, restrict and en for absent or unknown values:
// action mute|kick|delete (kick = ban + unban, so the user may come back; delete =
// delete their messages and warn, no restriction), mode enforce|observe (observe
// writes every verification row and acts on none), on_error restrict|allow (a failed
// lookup is logged "error" either way), warning_text with {user} {channels} {group}
// (the template and every value HTML-escaped), language, warning_ttl_seconds
// (warnings and command replies are deleted after it; 0 keeps them; unset = admin_config
// warning_ttl_seconds, marked ConfigTTL), exempt_user_ids and join_requests.
//
// # Cache
//
// A Cache reads groups through a Source (package store's Store) and reuses each for
// TTL (30 s), so a change made through the app applies to the next update after
// Forget (hooks call the engine's ForgetGroup on every save of a group, link or
// channel), else within TTL. Concurrent misses of
// one chat share one read; a Forget bumps a generation, so a read begun before it is
// neither shared with later callers nor cached.
//
//	gs := groups.NewCache(db)
//	g, err := gs.Group(chatID) // nil: no protected_groups row
//	if g.Enforced() && !g.Policy.IsExempt(userID) { … }
//	gs.Forget(chatID)          // after a change made elsewhere
package groups
