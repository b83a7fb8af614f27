package analytics

// WithScanSource answers from full scans of the raw logs instead of the rollups: the
// reference the rollups are tested against.
func WithScanSource() Option { return func(s *Service) { s.src = &scanSource{app: s.app} } }

// WithOnDemandLimit sets the largest backlog Call rolls up before answering.
func WithOnDemandLimit(n int64) Option { return func(s *Service) { s.onDemandLimit = n } }

// DelayKey exposes delayKey (the funnel's histogram key) to the tests.
var DelayKey = delayKey

// WithBulkMin sets the smallest backlog Sync rolls up in one pass (0: never in one pass).
func WithBulkMin(n int64) Option {
	return func(s *Service) {
		if n <= 0 {
			n = 1 << 62
		}
		s.bulkMin = n
	}
}

// WarmUp runs the serve-time warm-up in the background and returns a channel closed
// when it is done.
func (s *Service) WarmUp() <-chan struct{} { return s.startWarm() }

// WarmParams exposes the warm-up's parameter sets of a function.
var WarmParams = warmParams
