package live

import (
	"bytes"
	"encoding/json"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/subscriptions"
)

// floodInterval spaces the deliveries of a topic while the budget cannot cover them
// all: fewer, larger bundles cost fewer writes and wake-ups than many small ones.
const floodInterval = 100 * time.Millisecond

// dispatcher turns one merged job into per-client bundles; it runs in Run's goroutine only.
type dispatcher struct {
	h      *Hub
	budget budget
	flood  map[string]time.Time // topic → last delivery made short of budget
}

func newDispatcher(h *Hub) *dispatcher {
	return &dispatcher{h: h, flood: map[string]time.Time{}, budget: budget{
		rate: float64(h.opts.DeliveriesPerSecond), tokens: float64(h.opts.DeliveriesPerSecond), last: time.Now(),
	}}
}

// target is one client subscription (a topic, maybe with PocketBase's "?options=…" suffix).
type target struct {
	client subscriptions.Client
	sub    string
}

func (d *dispatcher) dispatch(j *job) {
	h := d.h
	byTopic := map[string][][]byte{} // topic → marshalled events, filled lazily
	counts := map[string]int{
		TopicVerification: len(j.verifications), TopicLog: len(j.logs),
	}
	for _, r := range j.records {
		counts[r.topic]++
	}

	targets := map[string][]target{}
	var auths []*core.Record
	for _, cl := range h.app.SubscriptionsBroker().Clients() {
		auth, _ := cl.Get(apis.RealtimeClientAuthKey).(*core.Record)
		if auth == nil {
			continue
		}
		subscribed := false
		for topic, n := range counts {
			if n == 0 {
				continue
			}
			for sub := range cl.Subscriptions(topic + "?") {
				targets[topic] = append(targets[topic], target{client: cl, sub: sub})
				subscribed = true
			}
		}
		if subscribed {
			auths = append(auths, auth)
		}
	}
	if len(targets) == 0 {
		return
	}
	allowed := activeAuths(h.app, auths)

	now := time.Now()
	for topic, ts := range targets {
		ts = authorized(ts, allowed)
		want := counts[topic]
		if want > h.opts.MaxBundle {
			h.dropped.Add(int64((want - h.opts.MaxBundle) * len(ts)))
			want = h.opts.MaxBundle
		}
		if len(ts) == 0 {
			continue
		}
		d.budget.refill(now)
		if !d.budget.covers(want, len(ts)) { // a flood: deliver at most every floodInterval
			if now.Sub(d.flood[topic]) < floodInterval {
				h.dropped.Add(int64(want * len(ts)))
				continue
			}
			d.flood[topic] = now
		}
		n := d.budget.take(want, len(ts))
		h.dropped.Add(int64((want - n) * len(ts)))
		if n == 0 {
			continue
		}
		events := byTopic[topic]
		if events == nil {
			events = marshalTopic(j, topic, n)
			byTopic[topic] = events
		}
		bundles := map[string][]byte{}
		for _, t := range ts {
			b, ok := bundles[t.sub]
			if !ok {
				b = bundle(t.sub, events)
				bundles[t.sub] = b
			}
			if h.deliver(t.client, subscriptions.Message{Name: t.sub, Data: b}) {
				h.delivered.Add(int64(len(events)))
			} else {
				h.dropped.Add(int64(len(events)))
			}
		}
	}
}

// authorized keeps the targets whose client is authenticated as a usable account.
func authorized(ts []target, allowed map[string]bool) []target {
	out := ts[:0]
	for _, t := range ts {
		if auth, _ := t.client.Get(apis.RealtimeClientAuthKey).(*core.Record); auth != nil && allowed[authKey(auth)] {
			out = append(out, t)
		}
	}
	return out
}

// marshalTopic returns the JSON of the last n events of topic in j (the newest win
// when the budget is short).
func marshalTopic(j *job, topic string, n int) [][]byte {
	var out [][]byte
	add := func(b []byte, err error) {
		if err == nil {
			out = append(out, b)
		}
	}
	switch topic {
	case TopicVerification:
		for i := len(j.verifications) - n; i < len(j.verifications); i++ {
			add(verificationData(&j.verifications[i]))
		}
	case TopicLog:
		for i := len(j.logs) - n; i < len(j.logs); i++ {
			add(logData(&j.logs[i]))
		}
	default:
		var all [][]byte
		for _, r := range j.records {
			if r.topic == topic {
				b, err := json.Marshal(r.data)
				if err == nil {
					all = append(all, b)
				}
			}
		}
		out = all[max(0, len(all)-n):]
	}
	return out
}

// bundle joins events into the data of one subscriptions.Message. PocketBase writes a
// message as "id:…\nevent:NAME\ndata:DATA\n\n"; each further event is appended as its
// own SSE event ("\n\nevent:NAME\ndata:…"), so one channel send and one flush carry a
// whole batch while the browser still sees one event per row. JSON never holds a raw
// newline, so nothing in an event can break the framing.
func bundle(sub string, events [][]byte) []byte {
	if len(events) == 1 {
		return events[0]
	}
	sep := []byte("\n\nevent:" + sub + "\ndata:")
	size := len(sep) * (len(events) - 1)
	for _, e := range events {
		size += len(e)
	}
	var b bytes.Buffer
	b.Grow(size)
	for i, e := range events {
		if i > 0 {
			b.Write(sep)
		}
		b.Write(e)
	}
	return b.Bytes()
}
