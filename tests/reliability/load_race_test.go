//go:build race

package reliability

// raceBuild: the race detector's shadow memory multiplies the RSS (about 5 to 10 times).
const raceBuild = true
