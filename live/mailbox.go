package live

import (
	"sync/atomic"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/subscriptions"
)

// mailbox holds the deliveries waiting for one client; its goroutine hands them to
// the client's SSE loop, which may be slow. PocketBase's client.Send blocks until
// the connection takes the message, so it is only ever called from here.
type mailbox struct {
	ch      chan subscriptions.Message
	client  subscriptions.Client
	pending atomic.Int64 // messages queued in ch or being sent
}

func (m *mailbox) run() {
	for msg := range m.ch {
		if !m.client.IsDiscarded() { // else drain until closed: the client is gone
			m.client.Send(msg)
		}
		m.pending.Add(-1)
	}
}

// tryDirect hands msg straight to the client's SSE loop when it is idle and nothing
// is queued before msg (so order is kept), saving a goroutine hop per delivery.
// PocketBase closes the client channel on disconnect; a send on it then panics,
// which counts as not delivered.
func tryDirect(cl subscriptions.Client, msg subscriptions.Message) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	select {
	case cl.Channel() <- msg:
		return true
	default:
		return false
	}
}

// deliver puts msg into cl's mailbox without waiting; false when the mailbox is full
// or the hub is stopping.
func (h *Hub) deliver(cl subscriptions.Client, msg subscriptions.Message) bool {
	if cl.IsDiscarded() {
		return false
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.boxes == nil {
		return false
	}
	m := h.boxes[cl.Id()]
	if m == nil {
		m = &mailbox{ch: make(chan subscriptions.Message, h.opts.MailboxSize), client: cl}
		h.boxes[cl.Id()] = m
		go m.run()
	}
	if m.pending.Load() == 0 && tryDirect(cl, msg) {
		return true
	}
	m.pending.Add(1)
	select {
	case m.ch <- msg:
		return true
	default:
		m.pending.Add(-1)
		return false
	}
}

// forget closes the mailbox of a client whose connection ended.
func (h *Hub) forget(clientID string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if m := h.boxes[clientID]; m != nil {
		close(m.ch)
		delete(h.boxes, clientID)
	}
}

func (h *Hub) closeMailboxes() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for id, m := range h.boxes {
		close(m.ch)
		delete(h.boxes, id)
	}
	h.boxes = nil
}

// OnConnect closes a client's mailbox when its realtime connection ends
// (OnRealtimeConnectRequest; e.Next() returns when the connection closes).
func (h *Hub) OnConnect(e *core.RealtimeConnectRequestEvent) error {
	defer h.forget(e.Client.Id())
	return e.Next()
}

// subscribers counts connected clients subscribed to at least one custom topic.
func (h *Hub) subscribers() int {
	n := 0
	for _, cl := range h.app.SubscriptionsBroker().Clients() {
		for _, t := range Topics {
			if len(cl.Subscriptions(t+"?")) > 0 {
				n++
				break
			}
		}
	}
	return n
}
