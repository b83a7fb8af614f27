package analytics

// WithScanSource answers from full scans of the raw logs instead of the rollups: the
// reference the rollups are tested against.
func WithScanSource() Option { return func(s *Service) { s.src = &scanSource{app: s.app} } }

// WithOnDemandLimit sets the largest backlog Call rolls up before answering.
func WithOnDemandLimit(n int64) Option { return func(s *Service) { s.onDemandLimit = n } }

// DelayKey exposes delayKey (the funnel's histogram key) to the tests.
var DelayKey = delayKey
