package analytics

// WithScanSource exposes withScanSource to the external tests.
var WithScanSource = withScanSource

// WithOnDemandLimit exposes withOnDemandLimit to the external tests.
var WithOnDemandLimit = withOnDemandLimit
