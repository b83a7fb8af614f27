package seed

import (
	"fmt"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/spf13/cobra"
)

// Command is the `nezuko seed` subcommand: it applies the migrations, then seeds.
func Command(app core.App) *cobra.Command {
	o := Defaults()
	cmd := &cobra.Command{
		Use:   "seed",
		Short: "Fill pb_data with realistic demo and benchmark data (groups, channels, bots, log rows)",
		Long: "Creates demo bots (inactive), channels, groups and their links, then appends\n" +
			"verification_log and api_call_log rows spread over --days up to now, and rolls them up.\n" +
			"Seeding again adds more log rows and keeps the records.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := app.RunAllMigrations(); err != nil {
				return err
			}
			o.End = time.Now()
			st, err := Run(cmd.Context(), app, o)
			if err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), "seeded:", st)
			return nil
		},
	}
	f := cmd.Flags()
	f.IntVar(&o.VerificationRows, "verification-rows", o.VerificationRows, "verification_log rows to add")
	f.IntVar(&o.Days, "days", o.Days, "spread the rows over this many days up to now")
	f.IntVar(&o.Groups, "groups", o.Groups, "protected groups (each linked to 1-3 channels)")
	f.IntVar(&o.Bots, "bots", o.Bots, "bots serving the groups (created inactive)")
	f.IntVar(&o.Users, "users", 0, "distinct users (default: verification rows / 8)")
	f.BoolVar(&o.APICalls, "api-calls", o.APICalls, "also add the api_call_log rows the checks imply")
	f.Uint64Var(&o.RandomSeed, "seed", o.RandomSeed, "random seed (same seed, same data)")
	return cmd
}
