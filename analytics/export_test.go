package analytics

// WithScanSource exposes withScanSource to the external tests.
var WithScanSource = withScanSource

// WithOnDemandLimit exposes withOnDemandLimit to the external tests.
var WithOnDemandLimit = withOnDemandLimit

// DelayKey exposes delayKey (the funnel's histogram key) to the tests.
var DelayKey = delayKey
