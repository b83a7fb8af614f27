package reliability

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nezuko/nezuko/plugins/loadtest"
)

// TestLoadExactlyOnce runs the load scenario (package loadtest) on the real app with
// the fake Bot API: a burst, then a sustained rate, over several bots and groups, each
// update with a known decision. It asserts that no update is dropped or handled twice
// (every expected mute, unmute, callback answer, message deletion and verification_log
// row seen exactly once, nothing else; every update fetched once; the stored offsets
// at the last update), that every decision is logged (and every Bot API call, in
// api_call_log), and that memory stays under the bound, and records the throughput,
// latency, memory and row figures.
//
// Fast: 3 bots, 10 groups, a 1,000-update burst, 5 s at 100 updates/s.
// Long (NEZUKO_STRESS=1): 3 bots, 100 groups, a 10,000-update burst, 60 s at 200/s.
func TestLoadExactlyOnce(t *testing.T) {
	cfg := pick(
		loadtest.Config{Bots: 3, Groups: 10, Burst: 1000, Rate: 100, Duration: 5 * time.Second,
			MaxRSS: 512 << 20, Timeout: 3 * time.Minute},
		loadtest.Config{Bots: 3, Groups: 100, Burst: 10000, Rate: 200, Duration: time.Minute,
			MaxRSS: 1 << 30, Timeout: 15 * time.Minute},
	)
	cfg.Log = testLog{t}
	if raceBuild {
		cfg.MaxRSS *= 8
	}
	res, err := loadtest.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	var table strings.Builder
	res.WriteTable(&table)
	t.Log("\n" + table.String())
	if !res.OK() {
		t.Fatalf("load invariants broken:\n%s", strings.Join(res.Failures, "\n"))
	}
	if want := res.SetupUpdates + res.BurstUpdates + res.SustainedUpdates; res.Delivered < want || res.Rows == 0 {
		t.Fatalf("the run did too little: %d updates delivered of %d made, %d rows", res.Delivered, want, res.Rows)
	}
	mib := func(b int64) string { return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20)) }
	figure(t, "burst updates handled per second", fmt.Sprintf("%.0f (%d updates)", res.BurstRate, res.BurstUpdates), "")
	figure(t, "decision latency p50/p95/p99, burst", res.BurstLatency.String(), "")
	figure(t, "decision latency p50/p95/p99, sustained", res.SustainedLatency.String(), "")
	figure(t, "sustained rate achieved", fmt.Sprintf("%.0f updates/s for %s", res.SustainedRate, cfg.Duration), fmt.Sprintf("%.0f/s", cfg.Rate))
	figure(t, "peak RSS (app + fake Telegram)", mib(res.PeakRSS), "≤ "+mib(cfg.MaxRSS))
	end := res.LiveHeap[2]
	if cfg.Duration <= 0 {
		end = res.LiveHeap[1]
	}
	figure(t, "live Go heap at the end: all / fake Telegram and its records", fmt.Sprintf("%s / %s", mib(end), mib(res.HarnessHeap)), "")
	figure(t, "verification_log / api_call_log rows", fmt.Sprintf("%d / %d", res.Rows, res.APICallRows), "")
	figure(t, "dropped / duplicates", fmt.Sprintf("%d / %d", res.Dropped, res.Duplicates), "0 / 0")
}

// testLog sends the load run's progress lines to the test log.
type testLog struct{ t *testing.T }

func (l testLog) Write(p []byte) (int, error) {
	l.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// TestLoadCommand: `nezuko load` runs a small scenario in the real binary, prints the
// summary table with PASS and exits 0 without creating a pb_data next to the binary;
// with a memory bound it cannot meet it prints FAIL and exits non-zero.
func TestLoadCommand(t *testing.T) {
	bin := nezukoBinary(t)
	small := []string{"load", "--bots", "2", "--groups", "4", "--burst", "200", "--rate", "50", "--duration", "1s", "--quiet"}
	run := func(extra ...string) (string, error) {
		cmd := exec.Command(bin, append(small, extra...)...)
		cmd.Dir = t.TempDir()
		cmd.Env = procEnv(t, "http://127.0.0.1:1")
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	out, err := run()
	if err != nil || !strings.Contains(out, "| result | PASS |") || !strings.Contains(out, "| dropped | 0 |") {
		t.Fatalf("nezuko load: %v\n%s", err, out)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(bin), "pb_data")); !os.IsNotExist(err) {
		t.Errorf("nezuko load created or touched a pb_data next to the binary (%v)", err)
	}
	out, err = run("--max-rss", "1", "--burst", "50", "--duration", "0s")
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() == 0 || !strings.Contains(out, "| result | FAIL |") || !strings.Contains(out, "peak RSS") {
		t.Fatalf("nezuko load --max-rss 1: %v, want a non-zero exit and the failure\n%s", err, out)
	}
}
