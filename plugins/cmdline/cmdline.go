// Package cmdline reads what the nezuko command line asks for before PocketBase parses
// it, for the subcommands that must set things up first (`nezuko demo`, `nezuko load`).
package cmdline

import "strings"

// valueFlags are PocketBase's global flags that take a separate value.
var valueFlags = map[string]bool{"--dir": true, "--encryptionEnv": true, "--queryTimeout": true}

// Subcommand is the index of the first argument that is neither a flag nor a flag's
// value (-1: none).
func Subcommand(args []string) int {
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case valueFlags[a]:
			i++
		case strings.HasPrefix(a, "-"):
		default:
			return i
		}
	}
	return -1
}
