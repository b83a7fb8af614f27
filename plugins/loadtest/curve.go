package loadtest

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"runtime/pprof"
	"time"

	"github.com/spf13/cobra"
)

// Point is one run of a curve: its size and what it measured.
type Point struct {
	Bots, Groups int
	Result       *Result
}

// Curve runs cfg once per (bots, groups) of the grid, smallest first (a point with
// fewer groups than bots is left out), and returns the points. Each run has its own
// app and fake Telegram; the memory of the one before is returned to the OS first, so
// each peak RSS is the run's own. It stops at the first run that could not be made.
func Curve(ctx context.Context, cfg Config, bots, groups []int, each func(Point)) ([]Point, error) {
	var out []Point
	for _, g := range groups {
		for _, b := range bots {
			if g < b {
				continue
			}
			c := cfg
			c.Bots, c.Groups = b, g
			debug.FreeOSMemory()
			res, err := Run(ctx, c)
			if err != nil {
				return out, fmt.Errorf("curve at %d bots, %d groups: %w", b, g, err)
			}
			p := Point{Bots: b, Groups: g, Result: res}
			out = append(out, p)
			if each != nil {
				each(p)
			}
		}
	}
	return out, nil
}

// WriteCurve prints the curve as a Markdown table, one row per point.
func WriteCurve(w io.Writer, points []Point) {
	fmt.Fprintln(w, "| bots | groups | start-up | CPU ms / 1k updates (burst / sustained) | "+
		"sustained decision p50 / p95 / p99 ms | calls / decision | log rows/s | cache hit | "+
		"MiB / 1M rows | peak RSS / heap MiB | dashboard p95 ms | dropped / dup | result |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|---|---|---|---|")
	ms := func(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d.Microseconds())/1000) }
	for _, p := range points {
		r := p.Result
		verdict := "PASS"
		if !r.OK() {
			verdict = "FAIL"
		}
		l := r.SustainedLatency
		fmt.Fprintf(w, "| %d | %d | %s | %s / %s | %s / %s / %s | %.2f | %.0f | %.1f %% | %.0f | %d / %d | %s | %d / %d | %s |\n",
			p.Bots, p.Groups, r.Fleet.StartUp.Round(time.Millisecond),
			ms(r.CPUPerThousand(phaseBurst)), ms(r.CPUPerThousand(phaseSustained)),
			ms(l.P50), ms(l.P95), ms(l.P99), r.CallsPerDecision(), r.LogRowsPerSecond(),
			100*r.CacheHitRate(), r.DBPerMillionRows()/(1<<20), r.PeakRSS>>20, r.PeakHeap>>20,
			ms(r.Fleet.Dashboard.P95), r.Dropped, r.Duplicates, verdict)
	}
}

// runCurve is `nezuko load --curve`: each point's table as it ends (stderr unless
// quiet), then the curve; it fails when a point broke an invariant.
func runCurve(ctx context.Context, cmd *cobra.Command, cfg Config, bots, groups []int) error {
	failed := 0
	points, err := Curve(ctx, cfg, bots, groups, func(p Point) {
		if cfg.Log != nil {
			p.Result.WriteTable(cfg.Log)
		}
		if !p.Result.OK() {
			failed++
		}
	})
	WriteCurve(cmd.OutOrStdout(), points)
	if err != nil {
		return err
	}
	if failed > 0 {
		cmd.SilenceUsage = true
		return fmt.Errorf("load: %d of %d points broke invariants", failed, len(points))
	}
	return nil
}

// startCPUProfile writes a CPU profile to path until the returned function is called.
func startCPUProfile(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}
