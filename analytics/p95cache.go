package analytics

import (
	"sync"
	"time"
)

// p95Cache remembers the p95 of whole hour and day buckets with the number of latencies
// it was computed from (see latencyTrend).
type p95Cache struct {
	mu sync.Mutex // guards m
	m  map[p95Key]p95Entry
}

type p95Key struct {
	unit  unit
	start time.Time
}

type p95Entry struct {
	n   int64
	p95 Num
}

// maxP95Entries bounds the cache: far more than 90 days of hours and days.
const maxP95Entries = 10_000

// get returns the remembered p95 of the bucket if it was computed from n latencies.
func (c *p95Cache) get(u unit, start time.Time, n int64) (Num, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[p95Key{u, start}]
	return e.p95, ok && e.n == n
}

// put remembers the p95 of a whole bucket computed from n latencies.
func (c *p95Cache) put(u unit, start time.Time, n int64, v Num) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= maxP95Entries {
		c.m = map[p95Key]p95Entry{} // start over rather than track ages
	}
	c.m[p95Key{u, start}] = p95Entry{n, v}
}
