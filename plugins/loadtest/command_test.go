package loadtest

import (
	"testing"

	"github.com/spf13/cobra"
)

// TestFromArgs: only a command line that runs `load` (global flags and their values
// before it allowed, help excepted) gives the command, with the arguments after it.
func TestFromArgs(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want bool
	}{
		{[]string{"load"}, true},
		{[]string{"load", "--bots", "2"}, true},
		{[]string{"--dir", "x", "load", "--burst=10"}, true},
		{[]string{"--dir=x", "load"}, true},
		{[]string{"serve"}, false},
		{[]string{"--dir", "load", "serve"}, false},
		{[]string{"load", "--help"}, false},
		{[]string{"-h", "load"}, false},
		{nil, false},
	} {
		cmd := FromArgs(tc.args)
		if (cmd != nil) != tc.want {
			t.Errorf("FromArgs(%q): command %v, want %v", tc.args, cmd != nil, tc.want)
		}
	}
}

// TestCommandRefusesBadFlags: nonsense sizes are refused before anything starts.
func TestCommandRefusesBadFlags(t *testing.T) {
	for _, args := range [][]string{{"--bots", "0"}, {"--rate", "-1"}, {"--duration", "-5s"}, {"--burst", "0"}, {"extra"}} {
		cmd := Command()
		cmd.SetArgs(args)
		cmd.SilenceUsage, cmd.SilenceErrors = true, true
		if err := cmd.Execute(); err == nil {
			t.Errorf("load %q ran; want it refused", args)
		}
	}
}

// TestProfileFleet: --profile fleet fills the fleet's sizes, a flag given on the
// command line still wins, and an unknown profile is refused.
func TestProfileFleet(t *testing.T) {
	cmd := Command()
	cmd.SetArgs([]string{"--profile", "fleet", "--groups", "500"})
	cmd.RunE = func(*cobra.Command, []string) error { return nil }
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	f := cmd.Flags()
	for name, want := range map[string]string{"bots": "100", "groups": "500", "channels": "200", "duration": "10m0s", "dashboard": "5s"} {
		if got := f.Lookup(name).Value.String(); got != want {
			t.Errorf("--%s = %s, want %s", name, got, want)
		}
	}
	bad := Command()
	bad.SetArgs([]string{"--profile", "nope"})
	bad.SilenceUsage, bad.SilenceErrors = true, true
	bad.RunE = func(*cobra.Command, []string) error { return nil }
	if err := bad.Execute(); err == nil {
		t.Error("--profile nope ran; want it refused")
	}
}
