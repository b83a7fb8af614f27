package warnings

// What the engine's tests look at, and the one-warning-per-user baseline of its raid
// benchmark.

// Has reports whether the user has a queued or live warning in the group.
func (w *Warner) Has(groupID, userID int64) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.live[keyOf(groupID, userID)] != nil
}

// Queued is the length of the group's warning queue.
func (w *Warner) Queued(groupID int64) int {
	w.mu.Lock()
	defer w.mu.Unlock()
	if q := w.groups[groupID]; q != nil {
		return len(q.items)
	}
	return 0
}

// Shown are the users of the group whose warning (their own or a combined one)
// Telegram shows now.
func (w *Warner) Shown(groupID int64) []int64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	var out []int64
	for k, wn := range w.live {
		if k.group == groupID && wn.state == warnSent {
			out = append(out, k.user)
		}
	}
	return out
}

// Single makes the warner send one warning per user even under a burst.
func (w *Warner) Single() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.single = true
}
