package schedule_test

import (
	"context"
	"testing"
	"time"

	"github.com/nezuko/nezuko/gatekeeper/schedule"
)

// A maintenance's checks are spread over the pace's window, never further apart than
// MaxGap; the zero Pace and a single check do not wait.
func TestPaceGap(t *testing.T) {
	p := schedule.Pace{Over: 15 * time.Minute / schedule.Spread}
	for _, c := range []struct {
		p    schedule.Pace
		n    int
		want time.Duration
	}{
		{p, 1, 0}, {p, 20000, 11250 * time.Microsecond}, {p, 100, schedule.MaxGap},
		{schedule.Pace{}, 100, 0},
	} {
		if got := c.p.Gap(c.n); got != c.want {
			t.Fatalf("Gap(%d) over %v = %v, want %v", c.n, c.p.Over, got, c.want)
		}
	}
}

// Wait ends early, with false, when the run stops or the context ends.
func TestPaceWaitStops(t *testing.T) {
	stop := make(chan struct{})
	p := schedule.Pace{Over: time.Hour, Stop: stop}
	close(stop)
	if p.Wait(context.Background(), time.Hour) {
		t.Fatal("Wait went on after stop closed")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if (schedule.Pace{}).Wait(ctx, time.Hour) {
		t.Fatal("Wait went on after the context ended")
	}
	if !(schedule.Pace{}).Wait(context.Background(), time.Millisecond) {
		t.Fatal("Wait of 1 ms did not complete")
	}
}

// Run starts maintenances with the pace of its period, and returns when stop closes.
func TestRunMaintainsUntilStopped(t *testing.T) {
	stop := make(chan struct{})
	paces := make(chan schedule.Pace, 10)
	done := make(chan struct{})
	go func() {
		schedule.Run(stop, 20*time.Millisecond, 7, schedule.Duties{
			Maintain: func(p schedule.Pace) {
				select {
				case paces <- p:
				default:
				}
			},
			Sweep: func() {},
		})
		close(done)
	}()
	for i := 0; i < 2; i++ {
		select {
		case p := <-paces:
			if p.Over != 5*time.Millisecond {
				t.Fatalf("pace over %v, want a quarter of the period", p.Over)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("maintenance %d never ran", i+1)
		}
	}
	close(stop)
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after stop closed")
	}
}
