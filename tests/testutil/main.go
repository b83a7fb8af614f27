package testutil

import (
	"os"
	"testing"
)

// Main runs a package's tests and then removes the shared migrated template:
//
//	func TestMain(m *testing.M) { testutil.Main(m) }
func Main(m *testing.M) {
	code := m.Run()
	RemoveTemplate()
	os.Exit(code)
}
