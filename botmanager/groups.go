package botmanager

// GroupForgetter is implemented by engines that cache protected groups (the
// gatekeeper re-reads a group at most a second after a change; this makes it at once).
type GroupForgetter interface {
	// ForgetGroup drops what the engine cached about the group with this chat id
	// (0: every group).
	ForgetGroup(groupID int64)
}

// GroupChanged tells every running engine that a protected group (or, with 0, some
// group or link) changed, so the next update reads it afresh: a params change through
// the API applies to the very next update.
func (m *Manager) GroupChanged(groupID int64) {
	m.mu.Lock()
	runners := make([]*runner, 0, len(m.bots))
	for _, r := range m.bots {
		runners = append(runners, r)
	}
	m.mu.Unlock()
	for _, r := range runners {
		r.mu.Lock()
		eng := r.engine
		r.mu.Unlock()
		if f, ok := eng.(GroupForgetter); ok {
			f.ForgetGroup(groupID)
		}
	}
}
