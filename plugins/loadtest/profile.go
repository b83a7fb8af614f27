package loadtest

import (
	"fmt"
	"slices"

	"github.com/spf13/cobra"
)

// profiles are the named sizes of `nezuko load --profile`: flag values that replace
// the flags' defaults (a flag given on the command line still wins).
var profiles = map[string][][2]string{
	// fleet is issue 22's fleet on one box: 100 bots, 20,000 groups sharing 200
	// channels, the dashboard's Overview queried every 5 s, a 20,000-update burst and
	// then 500 updates/s for 10 minutes (about 200,000 distinct users).
	"fleet": {
		{"bots", "100"}, {"groups", "20000"}, {"channels", "200"}, {"burst", "20000"},
		{"rate", "500"}, {"duration", "10m"}, {"dashboard", "5s"}, {"max-rss", "4096"},
	},
}

// applyProfile sets the profile's values of the flags not given on the command line.
func applyProfile(cmd *cobra.Command, name string) error {
	f := cmd.Flags()
	if name == "" {
		return nil
	}
	p, ok := profiles[name]
	if !ok {
		var names []string
		for n := range profiles {
			names = append(names, n)
		}
		slices.Sort(names)
		return fmt.Errorf("--profile %q: unknown (known: %v)", name, names)
	}
	for _, kv := range p {
		if f.Changed(kv[0]) {
			continue
		}
		if err := f.Set(kv[0], kv[1]); err != nil {
			return fmt.Errorf("--profile %s: --%s: %w", name, kv[0], err)
		}
	}
	return nil
}
