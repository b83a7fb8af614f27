// Package reliability holds the tests that prove Nezuko's promises under stress: load,
// Telegram faults, crashes, database pressure and secrets, run against the real app or
// the real binary with the fake Bot API (package telegramtest) on loopback.
//
// The fast variants run in `make test`. With NEZUKO_STRESS=1 (`make stress`) the long
// variants run too and a table of the measured figures is printed at the end of the
// run. RELIABILITY.md lists each guarantee with the test that shows it.
package reliability
