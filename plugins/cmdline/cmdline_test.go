package cmdline

import "testing"

func TestSubcommand(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want int
	}{
		{nil, -1},
		{[]string{"serve"}, 0},
		{[]string{"--dir", "demo", "serve"}, 2},
		{[]string{"--dir=x", "load", "--bots", "3"}, 1},
		{[]string{"--dev", "--queryTimeout", "5", "demo"}, 3},
		{[]string{"--help"}, -1},
	} {
		if got := Subcommand(tc.args); got != tc.want {
			t.Errorf("Subcommand(%q) = %d, want %d", tc.args, got, tc.want)
		}
	}
}
