package loadtest

import (
	"os"
	"path/filepath"
	"syscall"
	"time"

	dto "github.com/prometheus/client_model/go"

	"github.com/nezuko/nezuko/metrics"
)

// Fleet holds the figures that show how the cost grows with the fleet: start-up,
// CPU per update, Telegram calls per decision, log rows per second, the membership
// cache's hit rate and the database's growth per row.
type Fleet struct {
	// StartUp is from the bot manager's start to every bot long-polling.
	StartUp time.Duration
	// PhaseTime and PhaseCPU are each phase's wall time (made → handled) and the
	// process's CPU time (user + system: the app, the fake Telegram and the driver).
	PhaseTime, PhaseCPU [3]time.Duration
	// DistinctUsers is how many users the load made (each action's user is new).
	DistinctUsers int
	// CacheHits and CacheMisses are the membership cache lookups of the engines.
	CacheHits, CacheMisses float64
	// DBStart and DBEnd are the size of pb_data's main database (with its WAL) once
	// the world was stored and once the bots stopped.
	DBStart, DBEnd int64
	// Dashboard is the latency of the dashboard's queries run alongside the load;
	// DashboardErrors counts those that failed.
	Dashboard       Latency
	DashboardErrors int
}

// cpuTime is the process's CPU time so far (user + system).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// dbSize is the size of the data directory's main database and its WAL.
func dbSize(dir string) int64 {
	var n int64
	for _, name := range []string{"data.db", "data.db-wal"} {
		if fi, err := os.Stat(filepath.Join(dir, name)); err == nil {
			n += fi.Size()
		}
	}
	return n
}

// cacheLookups reads the membership cache counter of m (hits, misses).
func cacheLookups(m *metrics.Metrics) (hits, misses float64) {
	fams, err := m.Registry().Gather()
	if err != nil {
		return 0, 0
	}
	for _, f := range fams {
		if f.GetName() != "nezuko_membership_cache_lookups_total" {
			continue
		}
		for _, s := range f.GetMetric() {
			switch label(s, "result") {
			case "hit":
				hits += s.GetCounter().GetValue()
			case "miss":
				misses += s.GetCounter().GetValue()
			}
		}
	}
	return hits, misses
}

// label is the value of a metric's label (empty when absent).
func label(m *dto.Metric, name string) string {
	for _, l := range m.GetLabel() {
		if l.GetName() == name {
			return l.GetValue()
		}
	}
	return ""
}

// CPUPerThousand is the CPU time per 1,000 updates made in a phase (0 without updates).
func (r *Result) CPUPerThousand(ph phase) time.Duration {
	n := [3]int{r.SetupUpdates, r.BurstUpdates, r.SustainedUpdates}[ph]
	if n == 0 {
		return 0
	}
	return r.Fleet.PhaseCPU[ph] * 1000 / time.Duration(n)
}

// CallsPerDecision is the bots' Bot API calls (getUpdates excepted) per expected decision.
func (r *Result) CallsPerDecision() float64 {
	if r.Decisions == 0 {
		return 0
	}
	return float64(r.APICallRows) / float64(r.Decisions)
}

// LogRowsPerSecond is the verification_log and api_call_log rows written per second
// of the three phases.
func (r *Result) LogRowsPerSecond() float64 {
	var d time.Duration
	for _, t := range r.Fleet.PhaseTime {
		d += t
	}
	if d <= 0 {
		return 0
	}
	return float64(r.Rows+r.APICallRows) / d.Seconds()
}

// CacheHitRate is the share of membership cache lookups that hit (0 without lookups).
func (r *Result) CacheHitRate() float64 {
	if n := r.Fleet.CacheHits + r.Fleet.CacheMisses; n > 0 {
		return r.Fleet.CacheHits / n
	}
	return 0
}

// DBPerMillionRows is the database's growth per million log rows, in bytes.
func (r *Result) DBPerMillionRows() float64 {
	if n := r.Rows + r.APICallRows; n > 0 {
		return float64(r.Fleet.DBEnd-r.Fleet.DBStart) * 1e6 / float64(n)
	}
	return 0
}
