package loadtest

import (
	"context"
	"sync"
	"time"

	"github.com/nezuko/nezuko/analytics"
)

// dashboardQueries are the analytics RPCs the dashboard's Overview calls on each load.
var dashboardQueries = []string{"get_dashboard_stats", "get_verification_trends", "get_bot_health",
	"get_groups_status", "get_top_groups", "get_conversion_funnel"}

// dashboard runs the Overview's queries every interval, as a signed-in owner keeping
// the dashboard open would, until stopped.
type dashboard struct {
	cancel context.CancelFunc
	done   chan struct{}

	mu        sync.Mutex // guards the samples
	latencies []time.Duration
	errors    int
}

// startDashboard starts the queries (nothing when every is 0).
func startDashboard(ctx context.Context, svc *analytics.Service, every time.Duration) *dashboard {
	ctx, cancel := context.WithCancel(ctx)
	d := &dashboard{cancel: cancel, done: make(chan struct{})}
	if every <= 0 {
		close(d.done)
		return d
	}
	go func() {
		defer close(d.done)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			for _, name := range dashboardQueries {
				began := time.Now()
				_, err := svc.Call(ctx, name, analytics.Params{})
				if ctx.Err() != nil {
					return
				}
				d.mu.Lock()
				if err != nil {
					d.errors++
				} else {
					d.latencies = append(d.latencies, time.Since(began))
				}
				d.mu.Unlock()
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	return d
}

// stop ends the queries and returns their latency and the failures.
func (d *dashboard) stop() (Latency, int) {
	d.cancel()
	<-d.done
	d.mu.Lock()
	defer d.mu.Unlock()
	return latencyOf(d.latencies), d.errors
}
