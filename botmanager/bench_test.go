package botmanager_test

import (
	"context"
	"encoding/json"
	"os"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nezuko/nezuko/botmanager"
	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/tests/testutil"
)

// BenchmarkCommandLatency measures admin_commands insert → completed (clear_cache on a
// running bot), one command at a time, as the dashboard would issue them.
func BenchmarkCommandLatency(b *testing.B) {
	w := newWorld(b)
	w.svc.Bots.Start(context.Background())
	bot := w.addBot(b, w.bot.Token)
	w.status(b, bot.Id, c.BotRunning)
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		cmd, _ := testutil.NewCommand(w.app, botmanager.CmdClearCache, json.RawMessage(`{}`))
		cmd.Set(c.FieldBotInstance, bot.Id)
		start := time.Now()
		if err := w.app.Save(cmd); err != nil {
			b.Fatal(err)
		}
		var done time.Time
		waitUntil(b, "completed", func() bool {
			rec, err := w.app.FindRecordById(c.AdminCommands, cmd.Id)
			if err != nil || rec.GetString(c.FieldStatus) != c.CommandCompleted {
				return false
			}
			done = rec.GetDateTime(c.FieldExecutedAt).Time()
			return true
		})
		lat = append(lat, done.Sub(start))
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*95/100].Microseconds())/1000, "p95-ms")
}

// BenchmarkIdleBots starts 50 bots polling the fake and reports the process RSS and the
// CPU used over 10 idle seconds (the fake Telegram runs in the same process).
func BenchmarkIdleBots(b *testing.B) {
	const bots = 50
	w := newWorld(b)
	w.svc.Bots.Start(context.Background())
	ids := make([]string, 0, bots)
	for i := 0; i < bots; i++ {
		fb := w.tg.AddBot("idle_" + strconv.Itoa(i) + "_bot")
		ids = append(ids, w.addBot(b, fb.Token).Id)
	}
	waitUntil(b, "all running", func() bool {
		for _, id := range ids {
			if row := w.statusRow(id); row == nil || row.Status() != c.BotRunning {
				return false
			}
		}
		return true
	})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		before := cpuTime()
		time.Sleep(10 * time.Second) // measuring idle cost: the process must sit idle
		b.ReportMetric(float64((cpuTime()-before).Milliseconds())/10/10, "cpu-%")
	}
	b.ReportMetric(float64(rssKiB())/1024, "RSS-MiB")
	b.ReportMetric(bots, "bots")
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func rssKiB() int {
	data, _ := os.ReadFile("/proc/self/status")
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "VmRSS:") {
			n, _ := strconv.Atoi(strings.Fields(line)[1])
			return n
		}
	}
	return 0
}
