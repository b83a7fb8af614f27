// Package live publishes Nezuko's four custom realtime topics (DESIGN.md §6) through
// PocketBase's own SSE broker, so the PocketBase JS SDK subscribes to them unmodified
// (pb.realtime.subscribe("dashboard/verification", cb)). Events are flat JSON objects,
// delivered after commit to subscribed active admin users and superusers only.
//
// Publishing never blocks its caller: events go into a bounded queue read by one
// dispatcher goroutine, which hands each subscriber a bundle through a bounded
// per-client mailbox. A full queue, a full mailbox or an exhausted delivery budget
// drops events (counted in Stats): a slow client loses events, the log writer loses
// no time.
//
//	hub := live.Register(app, live.Config{Logs: writer}) // topics' hooks, writer observer
//	err := hub.Start(ctx)
//	hub.PublishCommand(record) // a command's status change, as its worker announces it
//	err = hub.Close(ctx)
package live

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/nezuko/nezuko/logwriter"
)

// The custom topics (DESIGN.md §6).
const (
	TopicVerification = "dashboard/verification"
	TopicBotStatus    = "bot_status/status_changed"
	TopicCommand      = "commands/command_updated"
	TopicLog          = "logs/new_log"
)

// Topics lists every custom topic.
var Topics = []string{TopicVerification, TopicBotStatus, TopicCommand, TopicLog}

// Options tune a Hub; zero values take the defaults.
type Options struct {
	QueueSize   int // publications waiting for the dispatcher (default 1024)
	MailboxSize int // deliveries waiting for one slow client (default 32)
	MaxBundle   int // events of one topic handed to a client at once (default 500)
	// DeliveriesPerSecond bounds (event × client) deliveries per second, so fan-out
	// cannot eat the CPU the writer needs (default 100,000; the burst is one second's worth).
	DeliveriesPerSecond int
}

// Stats are the hub's counters, for metrics.
type Stats struct {
	Published   int64 // events accepted for fan-out
	Delivered   int64 // (event × client) deliveries handed to a client
	Dropped     int64 // (event × client) deliveries or events dropped
	Subscribers int   // connected clients subscribed to at least one custom topic
}

// Hub fans the custom topics out to PocketBase realtime clients.
type Hub struct {
	app  core.App
	opts Options

	queue    chan *job
	stop     chan struct{}
	stopOnce sync.Once
	done     chan struct{}
	started  atomic.Bool

	mu    sync.Mutex // guards boxes
	boxes map[string]*mailbox

	published atomic.Int64
	delivered atomic.Int64
	dropped   atomic.Int64
}

// New returns a Hub on app's subscriptions broker; nothing runs until Start.
func New(app core.App, opts Options) *Hub {
	if opts.QueueSize <= 0 {
		opts.QueueSize = 1024
	}
	if opts.MailboxSize <= 0 {
		opts.MailboxSize = 32
	}
	if opts.MaxBundle <= 0 {
		opts.MaxBundle = 500
	}
	if opts.DeliveriesPerSecond <= 0 {
		opts.DeliveriesPerSecond = 100_000
	}
	return &Hub{
		app: app, opts: opts,
		queue: make(chan *job, opts.QueueSize),
		stop:  make(chan struct{}), done: make(chan struct{}),
		boxes: map[string]*mailbox{},
	}
}

// Start runs the dispatcher until Close; a second call does nothing.
func (h *Hub) Start(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if h.started.CompareAndSwap(false, true) {
		go h.run()
	}
	return nil
}

// run dispatches publications until Close.
func (h *Hub) run() {
	defer close(h.done)
	d := newDispatcher(h)
	for {
		select {
		case <-h.stop:
			h.closeMailboxes()
			return
		case j := <-h.queue:
			d.dispatch(h.drain(j))
		}
	}
}

// Close stops the dispatcher and every mailbox goroutine; queued events are dropped.
// The error is ctx's if it ended first.
func (h *Hub) Close(ctx context.Context) error {
	h.stopOnce.Do(func() { close(h.stop) })
	if !h.started.Load() {
		h.closeMailboxes()
		return nil
	}
	select {
	case <-h.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Stats returns the hub's counters.
func (h *Hub) Stats() Stats {
	return Stats{
		Published: h.published.Load(), Delivered: h.delivered.Load(), Dropped: h.dropped.Load(),
		Subscribers: h.subscribers(),
	}
}

// ObserveBatch publishes the committed rows of one log writer batch: every
// verification_log row and the admin_logs rows of level INFO, WARNING or ERROR. It
// copies the rows and returns at once (logwriter.Writer.Observe).
func (h *Hub) ObserveBatch(b *logwriter.Batch) {
	if h.app.SubscriptionsBroker().TotalClients() == 0 {
		return // nobody listens: skip even the copy
	}
	j := &job{}
	if len(b.Verifications) > 0 {
		j.verifications = append([]logwriter.Verification(nil), b.Verifications...)
	}
	for _, l := range b.AdminLogs {
		if streamedLevel(l.Level) {
			j.logs = append(j.logs, l)
		}
	}
	if j.len() > 0 {
		h.enqueue(j)
	}
}

// publish queues one ready event.
func (h *Hub) publish(topic string, data map[string]any) {
	if h.app.SubscriptionsBroker().TotalClients() == 0 {
		return
	}
	h.enqueue(&job{records: []recordEvent{{topic: topic, data: data}}})
}

func (h *Hub) enqueue(j *job) {
	n := int64(j.len())
	select {
	case h.queue <- j:
		h.published.Add(n)
	default:
		h.dropped.Add(n)
	}
}

// drain merges every queued job into j, so a busy dispatcher catches up in one round.
func (h *Hub) drain(j *job) *job {
	for {
		select {
		case more := <-h.queue:
			j.merge(more)
		default:
			return j
		}
	}
}

// budget is a token bucket of deliveries.
type budget struct {
	rate   float64
	tokens float64
	last   time.Time
}

// refill adds the tokens earned since the last call (at most one second's worth).
func (b *budget) refill(now time.Time) {
	b.tokens += now.Sub(b.last).Seconds() * b.rate
	if b.tokens > b.rate {
		b.tokens = b.rate
	}
	b.last = now
}

// covers reports whether want events can go to each of clients subscribers now.
func (b *budget) covers(want, clients int) bool { return float64(want*clients) <= b.tokens }

// take returns how many events (≤ want) may go to each of clients subscribers, and
// spends their tokens.
func (b *budget) take(want, clients int) int {
	if clients == 0 {
		return want
	}
	n := int(b.tokens) / clients
	if n > want {
		n = want
	}
	b.tokens -= float64(n * clients)
	return n
}
