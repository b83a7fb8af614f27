package telegram

import (
	"context"
	"time"
)

// backoff is the wait before transient retry n (1, 2, …).
func backoff(n int) time.Duration { return backoffBase << (n - 1) }

// Sleep waits d or until ctx ends (then it returns ctx.Err()).
func Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
