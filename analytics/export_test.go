package analytics

// WithScanSource exposes withScanSource to the external tests.
var WithScanSource = withScanSource
