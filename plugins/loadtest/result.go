package loadtest

import (
	"fmt"
	"io"
	"slices"
	"time"
)

// Latency holds decision-latency percentiles: from the moment the fake made the
// update available to the moment the decision was observed (the restrict, unmute or
// callback answer reaching the fake; for a user let in, the last verification_log row).
type Latency struct {
	Count         int
	P50, P95, P99 time.Duration
	Max           time.Duration
}

// latencyOf computes the percentiles of samples (sorted in place).
func latencyOf(samples []time.Duration) Latency {
	if len(samples) == 0 {
		return Latency{}
	}
	slices.Sort(samples)
	at := func(p float64) time.Duration {
		i := int(p * float64(len(samples)-1))
		return samples[i]
	}
	return Latency{Count: len(samples), P50: at(0.50), P95: at(0.95), P99: at(0.99), Max: samples[len(samples)-1]}
}

// String is "p50 / p95 / p99 (max)" in milliseconds.
func (l Latency) String() string {
	ms := func(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d.Microseconds())/1000) }
	return fmt.Sprintf("%s / %s / %s ms (max %s, n=%d)", ms(l.P50), ms(l.P95), ms(l.P99), ms(l.Max), l.Count)
}

// Result is what a load run measured and found.
type Result struct {
	Config Config // the run's configuration, defaults filled

	SetupUpdates     int // updates users made during set-up (warned users for the presses)
	BurstUpdates     int // updates users made in the burst
	SustainedUpdates int // updates users made in the sustained phase
	Delivered        int // updates the bots fetched (the users' and those their restricts caused)
	Refetched        int // update ids fetched more than once (should be 0)

	BurstTime     time.Duration // first burst update made → last burst decision observed
	BurstRate     float64       // burst updates handled per second
	SustainedRate float64       // sustained updates made per second (the rate achieved)

	BurstLatency     Latency
	SustainedLatency Latency

	PeakRSS  int64 // bytes, sampled every second
	PeakHeap int64 // Go heap in use, bytes
	// LiveHeap is the live Go heap (after a GC) once the set-up, the burst and the
	// sustained phase were handled; HarnessHeap what stays live after the app closed:
	// the fake Telegram with every call it recorded, and the driver's own records.
	LiveHeap    [3]int64
	HarnessHeap int64

	Decisions   int // expected decisions (mutes, unmutes, answers, users let in)
	Rows        int // verification_log rows
	APICallRows int // api_call_log rows
	Dropped     int // expected effects (rows, restricts, answers, deletes, updates) not seen
	Duplicates  int // effects seen more often than expected, or not expected at all
	Rechecks    int // extra rows of muted users the engine's re-check sweep explains

	Fleet Fleet // how the cost grows: start-up, CPU, calls, rows, cache, database

	Failures []string // broken invariants; empty when the run passed
	Elapsed  time.Duration
}

// OK reports whether every invariant held.
func (r *Result) OK() bool { return len(r.Failures) == 0 }

// fail records a broken invariant.
func (r *Result) fail(format string, args ...any) {
	r.Failures = append(r.Failures, fmt.Sprintf(format, args...))
}

// WriteTable prints the summary table (Markdown) and, when the run failed, why.
func (r *Result) WriteTable(w io.Writer) {
	c := r.Config
	verdict := "PASS"
	if !r.OK() {
		verdict = "FAIL"
	}
	mib := func(b int64) string { return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20)) }
	sec := func(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }
	rows := [][2]string{
		{"scenario", fmt.Sprintf("%d bots, %d groups, burst %d, then %.0f/s for %s", c.Bots, c.Groups, c.Burst, c.Rate, c.Duration)},
		{"start-up: bot manager start → every bot polling", r.Fleet.StartUp.Round(time.Millisecond).String()},
		{"updates made (set-up / burst / sustained)", fmt.Sprintf("%d / %d / %d", r.SetupUpdates, r.BurstUpdates, r.SustainedUpdates)},
		{"updates delivered to the bots", fmt.Sprint(r.Delivered)},
		{"burst handled", fmt.Sprintf("%.0f updates/s (%s)", r.BurstRate, r.BurstTime.Round(time.Millisecond))},
		{"sustained rate achieved", fmt.Sprintf("%.0f updates/s", r.SustainedRate)},
		{"decision latency, burst p50/p95/p99", r.BurstLatency.String()},
		{"decision latency, sustained p50/p95/p99", r.SustainedLatency.String()},
		{"peak RSS (bound)", fmt.Sprintf("%s (%s)", mib(r.PeakRSS), mib(c.MaxRSS))},
		{"peak Go heap", mib(r.PeakHeap)},
		{"live heap after set-up / burst / sustained", fmt.Sprintf("%s / %s / %s", mib(r.LiveHeap[0]), mib(r.LiveHeap[1]), mib(r.LiveHeap[2]))},
		{"live heap of the harness (fake Telegram and its records) at the end", mib(r.HarnessHeap)},
		{"decisions expected", fmt.Sprint(r.Decisions)},
		{"distinct users", fmt.Sprint(r.Fleet.DistinctUsers)},
		{"phase time, set-up / burst / sustained", fmt.Sprintf("%s / %s / %s", sec(r.Fleet.PhaseTime[0]), sec(r.Fleet.PhaseTime[1]), sec(r.Fleet.PhaseTime[2]))},
		{"CPU per 1,000 updates (process), set-up / burst / sustained", fmt.Sprintf("%s / %s / %s", sec(r.CPUPerThousand(phaseSetup)), sec(r.CPUPerThousand(phaseBurst)), sec(r.CPUPerThousand(phaseSustained)))},
		{"Telegram calls per decision (getUpdates excepted)", fmt.Sprintf("%.2f", r.CallsPerDecision())},
		{"log rows/s (verification + api_call)", fmt.Sprintf("%.0f", r.LogRowsPerSecond())},
		{"membership cache hit rate", fmt.Sprintf("%.1f %% of %.0f lookups", 100*r.CacheHitRate(), r.Fleet.CacheHits+r.Fleet.CacheMisses)},
		{"SQLite growth (data.db + WAL) per million log rows", mib(int64(r.DBPerMillionRows()))},
		{"dashboard queries alongside", r.Fleet.Dashboard.String()},
		{"verification_log rows", fmt.Sprint(r.Rows)},
		{"api_call_log rows", fmt.Sprint(r.APICallRows)},
		{"dropped", fmt.Sprint(r.Dropped)},
		{"duplicates", fmt.Sprint(r.Duplicates)},
		{"re-check rows (the sweep of the bot's own mutes)", fmt.Sprint(r.Rechecks)},
		{"elapsed", r.Elapsed.Round(time.Second).String()},
		{"result", verdict},
	}
	fmt.Fprintln(w, "| load | value |")
	fmt.Fprintln(w, "|---|---|")
	for _, row := range rows {
		fmt.Fprintf(w, "| %s | %s |\n", row[0], row[1])
	}
	for i, f := range r.Failures {
		if i == 20 {
			fmt.Fprintf(w, "… and %d more\n", len(r.Failures)-20)
			break
		}
		fmt.Fprintln(w, "FAIL:", f)
	}
}
