package metrics

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/prometheus/client_golang/prometheus"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/live"
	"github.com/nezuko/nezuko/logwriter"
)

func (m *Metrics) writerStats() (logwriter.Stats, bool) {
	m.mu.RLock()
	f := m.writer
	m.mu.RUnlock()
	if f == nil {
		return logwriter.Stats{}, false
	}
	return f(), true
}

func (m *Metrics) hubStats() (live.Stats, bool) {
	m.mu.RLock()
	f := m.hub
	m.mu.RUnlock()
	if f == nil {
		return live.Stats{}, false
	}
	return f(), true
}

func (m *Metrics) registerWriter() {
	gauge := func(name, help string, v func(logwriter.Stats) float64) {
		m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, func() float64 {
			s, _ := m.writerStats()
			return v(s)
		}))
	}
	counter := func(name, help string, v func(logwriter.Stats) float64) {
		m.reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{Name: name, Help: help}, func() float64 {
			s, _ := m.writerStats()
			return v(s)
		}))
	}
	gauge("nezuko_logwriter_queue_depth", "Log rows waiting for the batch writer's next transaction.",
		func(s logwriter.Stats) float64 { return float64(s.Queued) })
	gauge("nezuko_logwriter_last_flush_seconds", "Duration of the batch writer's last committed transaction.",
		func(s logwriter.Stats) float64 { return s.LastFlushTime.Seconds() })
	counter("nezuko_logwriter_flushes_total", "Transactions committed by the batch writer.",
		func(s logwriter.Stats) float64 { return float64(s.Flushes) })
	counter("nezuko_logwriter_rows_written_total", "Log rows committed by the batch writer.",
		func(s logwriter.Stats) float64 { return float64(s.RowsWritten) })
}

func (m *Metrics) registerHub() {
	m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "nezuko_realtime_subscribers", Help: "Realtime clients subscribed to at least one custom topic.",
	}, func() float64 {
		s, _ := m.hubStats()
		return float64(s.Subscribers)
	}))
	counter := func(name, help string, v func(live.Stats) float64) {
		m.reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{Name: name, Help: help}, func() float64 {
			s, _ := m.hubStats()
			return v(s)
		}))
	}
	counter("nezuko_realtime_events_published_total", "Events accepted for fan-out on the custom topics.",
		func(s live.Stats) float64 { return float64(s.Published) })
	counter("nezuko_realtime_deliveries_total", "Event deliveries handed to subscribers (one per event and client).",
		func(s live.Stats) float64 { return float64(s.Delivered) })
	counter("nezuko_realtime_dropped_total", "Event deliveries dropped for slow clients or an exhausted budget.",
		func(s live.Stats) float64 { return float64(s.Dropped) })
}

// botsCollector reports bots by bot_status.status, read at scrape time.
type botsCollector struct {
	app  core.App
	desc *prometheus.Desc
}

// Describe sends the one descriptor.
func (b *botsCollector) Describe(ch chan<- *prometheus.Desc) { ch <- b.desc }

// Collect counts bot_status rows by status, every status present (0 when none).
func (b *botsCollector) Collect(ch chan<- prometheus.Metric) {
	var rows []struct {
		Status string `db:"s"`
		N      int    `db:"n"`
	}
	err := b.app.ConcurrentDB().Select(c.FieldStatus+" AS s", "COUNT(*) AS n").From(c.BotStatus).
		GroupBy(c.FieldStatus).All(&rows)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(b.desc, err)
		return
	}
	counts := map[string]int{}
	for _, s := range c.BotStatuses {
		counts[s] = 0
	}
	for _, r := range rows {
		counts[r.Status] += r.N
	}
	for s, n := range counts {
		ch <- prometheus.MustNewConstMetric(b.desc, prometheus.GaugeValue, float64(n), s)
	}
}
