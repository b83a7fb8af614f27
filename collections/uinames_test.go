package collections_test

import (
	"os"
	"regexp"
	"slices"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
)

// The dashboard spells collection names in one module, ui/src/collections.js: it
// names exactly the 13 collections and PocketBase's superusers.
func TestDashboardCollectionNames(t *testing.T) {
	src, err := os.ReadFile("../ui/src/collections.js")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range regexp.MustCompile(`:\s*"([a-z_]+)"`).FindAllStringSubmatch(string(src), -1) {
		got = append(got, m[1])
	}
	want := append(slices.Clone(c.All), core.CollectionNameSuperusers)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("ui/src/collections.js names %v, want %v", got, want)
	}
}
