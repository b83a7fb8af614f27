package loadtest

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"slices"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/nezuko/nezuko/plugins/cmdline"
)

// Command is `nezuko load`: it runs the scenario on its own temporary pb_data with an
// in-process fake Telegram, prints the summary table and fails (non-zero exit) when an
// invariant is broken.
func Command() *cobra.Command {
	cfg := Config{Bots: 3, Groups: 100, Burst: 10000, Rate: 200, Duration: time.Minute}
	var maxRSSMiB int64 = 1024
	var quiet, curve bool
	var profile, cpuProfile string
	curveBots, curveGroups := []int{1, 10, 50, 100}, []int{100, 2000, 20000}
	cmd := &cobra.Command{
		Use:   "load",
		Short: "Load-test the app against a fake, in-process Telegram and check that no update is dropped or handled twice",
		Long: "Runs the whole app on a temporary pb_data (removed at exit) against a fake Telegram Bot API inside\n" +
			"the process: --bots bots serve --groups protected groups; users make a burst of --burst updates\n" +
			"(joins, messages, leaves, button presses, each with a known decision), then --rate updates per\n" +
			"second for --duration. Prints updates/s, decision latency p50/p95/p99, peak RSS, rows written,\n" +
			"dropped and duplicated effects; exits non-zero when an invariant fails. No real token is used,\n" +
			"and the server's own pb_data is not touched. --profile fleet sets issue 22's fleet sizes (any flag\n" +
			"given still wins); --curve runs the scenario once per --curve-bots x --curve-groups and prints\n" +
			"how each cost grows.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg.MaxRSS = maxRSSMiB << 20
			if !quiet {
				cfg.Log = cmd.ErrOrStderr()
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			if cpuProfile != "" {
				stopProfile, err := startCPUProfile(cpuProfile)
				if err != nil {
					return err
				}
				defer stopProfile()
			}
			if curve {
				return runCurve(ctx, cmd, cfg, curveBots, curveGroups)
			}
			res, err := Run(ctx, cfg)
			if err != nil {
				return err
			}
			res.WriteTable(cmd.OutOrStdout())
			if !res.OK() {
				cmd.SilenceUsage = true
				return fmt.Errorf("load: %d invariants broken", len(res.Failures))
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.IntVar(&cfg.Bots, "bots", cfg.Bots, "bots serving the groups")
	f.IntVar(&cfg.Groups, "groups", cfg.Groups, "protected groups (one or two required channels each)")
	f.IntVar(&cfg.Burst, "burst", cfg.Burst, "updates made at once after set-up")
	f.Float64Var(&cfg.Rate, "rate", cfg.Rate, "updates per second of the sustained phase")
	f.DurationVar(&cfg.Duration, "duration", cfg.Duration, "length of the sustained phase (0s: none)")
	f.Int64Var(&maxRSSMiB, "max-rss", maxRSSMiB, "memory bound in MiB (process RSS)")
	f.DurationVar(&cfg.Timeout, "timeout", 0, "bound of the whole run (default 5m + duration + 30ms per burst update)")
	f.Uint64Var(&cfg.Seed, "seed", 1, "seed of the mix of actions")
	f.BoolVar(&quiet, "quiet", false, "no progress lines on stderr")
	f.IntVar(&cfg.Channels, "channels", 0, "required channels the groups share (0: one or two of its own per group)")
	f.DurationVar(&cfg.Dashboard, "dashboard", 0, "run the dashboard's Overview queries this often alongside (0s: never)")
	f.StringVar(&profile, "profile", "", "named sizes: fleet (100 bots, 20,000 groups, 200 channels, 10 minutes)")
	f.BoolVar(&curve, "curve", false, "run once per --curve-bots x --curve-groups and print the curve")
	f.IntSliceVar(&curveBots, "curve-bots", curveBots, "bots of the curve's points")
	f.IntSliceVar(&curveGroups, "curve-groups", curveGroups, "groups of the curve's points")
	f.StringVar(&cpuProfile, "cpuprofile", "", "write a CPU profile of the whole run to this file")
	cmd.PreRunE = func(cmd *cobra.Command, _ []string) error {
		if err := applyProfile(cmd, profile); err != nil {
			return err
		}
		switch {
		case cfg.Bots < 1, cfg.Groups < 1, cfg.Burst < 1:
			return errors.New("--bots, --groups and --burst must be at least 1")
		case cfg.Rate <= 0:
			return errors.New("--rate must be above 0")
		case cfg.Duration < 0:
			return errors.New("--duration must not be negative")
		case cfg.Channels < 0, cfg.Dashboard < 0:
			return errors.New("--channels and --dashboard must not be negative")
		}
		if cfg.Duration == 0 {
			cfg.Duration = -1 // no sustained phase (Config's zero value means the default)
		}
		return nil
	}
	return cmd
}

// FromArgs returns the `nezuko load` command, ready to Execute with the arguments
// after "load", when the command line runs it (and does not ask for help); nil
// otherwise. main runs it before PocketBase opens the server's data directory, so a
// load run never touches the server's pb_data.
func FromArgs(args []string) *cobra.Command {
	i := cmdline.Subcommand(args)
	if i < 0 || args[i] != "load" || slices.Contains(args, "-h") || slices.Contains(args, "--help") {
		return nil
	}
	cmd := Command()
	cmd.SetArgs(args[i+1:])
	return cmd
}
