// Package loadtest is Nezuko's load scenario: the real app (every hook, the bot
// manager running the bots, the log writer, live topics, analytics) on a fresh
// temporary pb_data, driven by an in-process fake Bot API (package telegramtest) on
// loopback. B bots serve G protected groups (each linked to one or two channels); a
// burst of N updates, then a sustained rate R for D, each update with a known
// expected decision. At the end it checks exactly-once (every expected mute, unmute,
// callback answer and verification_log row seen once, nothing extra, every update
// fetched once and the stored offsets at the last one), one api_call_log row per Bot
// API call of the bots (getUpdates excepted), and the memory bound, and
// reports throughput, decision latency, peak RSS and rows written.
//
//	res, err := loadtest.Run(ctx, loadtest.Config{Bots: 3, Groups: 100, Burst: 10000,
//		Rate: 200, Duration: time.Minute})
//	res.WriteTable(os.Stdout)
//	if !res.OK() { … }
//
// Result.Fleet adds how the cost grows (start-up, CPU per 1,000 updates, calls per
// decision, log rows/s, cache hit rate, SQLite growth per million rows, the dashboard's
// queries run alongside); Curve runs the scenario over a grid of bots and groups, and
// `nezuko load --profile fleet` has issue 22's fleet sizes.
//
// `nezuko load` (Command) runs it from the command line; reliability/load_test.go
// runs a small variant in `make test` and the full one under `make stress`.
package loadtest
