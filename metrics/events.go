package metrics

import "time"

// Events receives the gatekeeper engine's events (its Config.Events); Metrics.Events
// returns one that counts them.
type Events interface {
	CacheLookup(hit bool)
	RateLimitWait(d time.Duration)
	TooManyRequests(method string, retryAfter time.Duration)
	Decision(status string)
}

// Events returns the gatekeeper event sink that feeds these metrics.
func (m *Metrics) Events() Events { return gatekeeperEvents{m} }

type gatekeeperEvents struct{ m *Metrics }

var _ Events = gatekeeperEvents{}

// CacheLookup counts a membership cache lookup.
func (g gatekeeperEvents) CacheLookup(hit bool) {
	result := "miss"
	if hit {
		result = "hit"
	}
	g.m.cache.WithLabelValues(result).Inc()
}

// RateLimitWait counts a wait for the rate limiter and its length.
func (g gatekeeperEvents) RateLimitWait(d time.Duration) {
	g.m.rateWaits.Inc()
	g.m.rateWaitSecs.Add(seconds(d))
}

// TooManyRequests counts a 429 answer and the retry_after it asked for.
func (g gatekeeperEvents) TooManyRequests(method string, retryAfter time.Duration) {
	g.m.tooMany.WithLabelValues(g.m.methods.value(method)).Inc()
	g.m.retryAfter.Add(seconds(retryAfter))
}

// Decision counts a gatekeeper decision by status.
func (g gatekeeperEvents) Decision(status string) {
	g.m.decisions.WithLabelValues(g.m.decisionStatuses.value(status)).Inc()
}
