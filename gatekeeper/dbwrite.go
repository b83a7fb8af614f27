package gatekeeper

import "sync"

// dbWrites runs the engine's writes of bot_restrictions and bot_timers one after
// another, off the enforcement path: a locked database (PocketBase retries a record
// save for minutes) never holds back a mute, a lift or a warning. Each write is
// retried while the database is locked (retryLocked); Close waits for the queue.
type dbWrites struct {
	mu      sync.Mutex // guards queue, running
	queue   []func()
	running bool
}

// persist queues a write. After Close it runs at once, in the caller.
func (e *Engine) persist(what string, write func() error) {
	run := func() {
		if err := e.retryLocked(what, write); err != nil {
			e.log.Error(what+" not saved", "error", err)
		}
	}
	if !e.enter() {
		run()
		return
	}
	w := &e.dbw
	w.mu.Lock()
	w.queue = append(w.queue, run)
	if w.running {
		w.mu.Unlock()
		e.leave()
		return
	}
	w.running = true
	w.mu.Unlock()
	go func() { // holds the enter above until the queue is empty
		defer e.leave()
		for {
			w.mu.Lock()
			if len(w.queue) == 0 {
				w.running = false
				w.mu.Unlock()
				return
			}
			next := w.queue[0]
			w.queue = w.queue[1:]
			w.mu.Unlock()
			next()
		}
	}()
}

// ownOp is a bot_restrictions write not saved yet: the kind put, or "" for a drop.
type ownOp struct {
	kind string
	seq  uint64
}

// ownPending overlays the queued bot_restrictions writes on the table, so the engine
// reads its own writes at once.
type ownPending struct {
	mu  sync.Mutex // guards m, seq
	m   map[memberKey]ownOp
	seq uint64
}

// setOwn records (kind) or forgets ("") the bot's restriction of a user, in memory at
// once and in bot_restrictions through the write queue.
func (e *Engine) setOwn(groupID, userID int64, kind string) {
	p, k := &e.ownQ, warnKey(groupID, userID)
	p.mu.Lock()
	if p.m == nil {
		p.m = map[memberKey]ownOp{}
	}
	p.seq++
	op := ownOp{kind: kind, seq: p.seq}
	p.m[k] = op
	p.mu.Unlock()
	e.persist("restriction record", func() error {
		var err error
		if kind == "" {
			err = e.own.drop(groupID, userID)
		} else {
			err = e.own.put(groupID, userID, kind)
		}
		if err == nil {
			p.mu.Lock()
			if p.m[k].seq == op.seq {
				delete(p.m, k)
			}
			p.mu.Unlock()
		}
		return err
	})
}

// ownKind is the kind of the bot's restriction of the user ("" = none), queued writes
// included.
func (e *Engine) ownKind(groupID, userID int64) (string, error) {
	p := &e.ownQ
	p.mu.Lock()
	op, ok := p.m[warnKey(groupID, userID)]
	p.mu.Unlock()
	if ok {
		return op.kind, nil
	}
	r, err := e.own.find(groupID, userID)
	if err != nil || r == nil {
		return "", err
	}
	return r.Kind(), nil
}
