// Package metrics is Nezuko's Prometheus instrumentation (DESIGN.md §3, §7), on its
// own registry: verifications and Bot API calls counted from the log writer's
// committed batches, gatekeeper events (cache, rate limits, 429s, decisions), command
// outcomes, bots by status, the writer's queue and the realtime hub, plus the Go and
// process collectors. Every name starts with nezuko_.
//
//	m := metrics.Register(app, metrics.Config{Token: token, Logs: writer, Hub: hub}) // GET /metrics
//	engine := gatekeeper.New(gatekeeper.Config{Events: m.Events()})
//	m.CommandFinished(commandType, outcome) // from the command worker's announcements
package metrics

import (
	"strings"
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/live"
	"github.com/nezuko/nezuko/logwriter"
)

// Label values of outcomes.
const (
	OutcomeSuccess = "success"
	OutcomeError   = "error"
	// OutcomeExpected is a call Telegram refused as part of normal work (api_call_log
	// error_type starting with collections.ExpectedRefusal), not an error of the bot.
	OutcomeExpected = "expected"
	// OutcomeOther replaces label values beyond the cardinality cap.
	OutcomeOther = "other"
)

// maxLabelValues caps the distinct values of a free-form label (API method, command type).
const maxLabelValues = 64

// Metrics holds Nezuko's collectors and their registry.
type Metrics struct {
	reg *prometheus.Registry

	verifications *prometheus.CounterVec
	apiCalls      *prometheus.CounterVec
	apiLatency    *prometheus.HistogramVec
	cache         *prometheus.CounterVec
	rateWaits     prometheus.Counter
	rateWaitSecs  prometheus.Counter
	tooMany       *prometheus.CounterVec
	retryAfter    prometheus.Counter
	decisions     *prometheus.CounterVec
	commands      *prometheus.CounterVec
	flushSeconds  prometheus.Histogram

	methods          labelCap
	cmdTypes         labelCap
	decisionStatuses labelCap

	mu     sync.RWMutex // guards writer, hub
	writer func() logwriter.Stats
	hub    func() live.Stats
}

// New builds the collectors on a fresh registry; app is read at scrape time for the
// bots by status.
func New(app core.App) *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	f := factory{m.reg}
	m.verifications = f.counterVec("nezuko_verifications_total",
		"Membership checks written to verification_log, by status.", "status")
	m.apiCalls = f.counterVec("nezuko_telegram_api_calls_total",
		"Bot API calls written to api_call_log, by method and outcome.", "method", "outcome")
	m.apiLatency = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "nezuko_telegram_api_latency_seconds", Help: "Bot API call latency, by method.",
		Buckets: []float64{.01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
	}, []string{"method"})
	m.reg.MustRegister(m.apiLatency)
	m.cache = f.counterVec("nezuko_membership_cache_lookups_total",
		"Membership cache lookups, by result (hit or miss).", "result")
	m.rateWaits = f.counter("nezuko_rate_limit_waits_total", "Times a send waited for the Telegram rate limiter.")
	m.rateWaitSecs = f.counter("nezuko_rate_limit_wait_seconds_total", "Seconds spent waiting for the rate limiter.")
	m.tooMany = f.counterVec("nezuko_telegram_too_many_requests_total",
		"Bot API answers 429 Too Many Requests, by method.", "method")
	m.retryAfter = f.counter("nezuko_telegram_retry_after_seconds_total", "Seconds of retry_after asked by 429 answers.")
	m.decisions = f.counterVec("nezuko_gatekeeper_decisions_total",
		"Gatekeeper decisions about a member, by status.", "status")
	m.commands = f.counterVec("nezuko_commands_total",
		"Admin commands finished by the worker, by type and outcome.", "type", "outcome")
	m.flushSeconds = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name: "nezuko_logwriter_flush_seconds", Help: "Duration of the batch writer's committed transactions.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
	})
	m.reg.MustRegister(m.flushSeconds)
	for _, s := range c.VerificationStatuses {
		m.verifications.WithLabelValues(s)
	}

	m.reg.MustRegister(&botsCollector{app: app, desc: prometheus.NewDesc("nezuko_bots",
		"Bots by bot_status.status.", []string{"status"}, nil)})
	m.registerWriter()
	m.registerHub()
	m.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Registry is the registry the collectors live on (for tests and extra collectors).
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// SetWriter makes the writer's queue depth and flush latency visible (nil: none).
func (m *Metrics) SetWriter(stats func() logwriter.Stats) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.writer = stats
}

// SetHub makes the realtime hub's subscribers and deliveries visible (nil: none).
func (m *Metrics) SetHub(stats func() live.Stats) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.hub = stats
}

// ObserveBatch counts a committed log writer batch (logwriter.Writer.Observe):
// verifications by status, API calls by method and outcome, their latency, and the
// duration of the commit that wrote them.
func (m *Metrics) ObserveBatch(b *logwriter.Batch) {
	if s, ok := m.writerStats(); ok { // called right after the commit: its duration
		m.flushSeconds.Observe(s.LastFlushTime.Seconds())
	}
	if len(b.Verifications) > 0 { // count first: one label lookup per status, not per row
		counts := map[string]int{}
		for i := range b.Verifications {
			counts[b.Verifications[i].Status]++
		}
		for status, n := range counts {
			m.verifications.WithLabelValues(status).Add(float64(n))
		}
	}
	for i := range b.APICalls {
		a := &b.APICalls[i]
		method := m.methods.value(a.Method)
		outcome := OutcomeSuccess
		switch {
		case !a.Success && strings.HasPrefix(a.ErrorType, c.ExpectedRefusal):
			outcome = OutcomeExpected
		case !a.Success:
			outcome = OutcomeError
		}
		m.apiCalls.WithLabelValues(method, outcome).Inc()
		m.apiLatency.WithLabelValues(method).Observe(a.LatencyMS / 1000)
	}
}

// CommandFinished counts a command the worker finished; outcome is its final status
// (collections.CommandCompleted or CommandFailed).
func (m *Metrics) CommandFinished(commandType, outcome string) {
	m.commands.WithLabelValues(m.cmdTypes.value(commandType), outcome).Inc()
}

// labelCap lets at most maxLabelValues distinct values through; later ones become OutcomeOther.
type labelCap struct {
	mu   sync.Mutex // guards seen
	seen map[string]struct{}
}

func (l *labelCap) value(v string) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, ok := l.seen[v]; ok {
		return v
	}
	if len(l.seen) >= maxLabelValues {
		return OutcomeOther
	}
	if l.seen == nil {
		l.seen = map[string]struct{}{}
	}
	l.seen[v] = struct{}{}
	return v
}

// factory registers simple collectors on one registry.
type factory struct{ reg *prometheus.Registry }

func (f factory) counterVec(name, help string, labels ...string) *prometheus.CounterVec {
	v := prometheus.NewCounterVec(prometheus.CounterOpts{Name: name, Help: help}, labels)
	f.reg.MustRegister(v)
	return v
}

func (f factory) counter(name, help string) prometheus.Counter {
	v := prometheus.NewCounter(prometheus.CounterOpts{Name: name, Help: help})
	f.reg.MustRegister(v)
	return v
}

func seconds(d time.Duration) float64 { return d.Seconds() }
