package loadtest

import "testing"

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
