package combine_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/nezuko/nezuko/gatekeeper/combine"
)

// fresh is n users none of whom was named yet.
func fresh(n int) []combine.User {
	users := make([]combine.User, n)
	for i := range users {
		users[i] = combine.User{Name: fmt.Sprint("u", i)}
	}
	return users
}

// A burst is more than max(BurstMin, perMinute/2) warnings asked for in a minute.
func TestBurst(t *testing.T) {
	for _, tc := range []struct {
		asked, perMinute int
		want             bool
	}{{3, 20, false}, {10, 20, false}, {11, 20, true}, {4, 2, true}, {3, 2, false}} {
		if got := combine.Burst(tc.asked, tc.perMinute); got != tc.want {
			t.Errorf("Burst(%d, %d) = %v, want %v", tc.asked, tc.perMinute, got, tc.want)
		}
	}
}

// The newest users not named yet come first, then the newest named already; the
// picked ones are listed in arrival order.
func TestPickNewestUnnamedFirst(t *testing.T) {
	users := []combine.User{{Name: "a", Named: true}, {Name: "b"}, {Name: "c", Named: true}, {Name: "d"}, {Name: "e"}}
	if got := combine.Pick(users, 3); !slices.Equal(got, []int{1, 3, 4}) {
		t.Fatalf("Pick(3) = %v, want [1 3 4]", got)
	}
	if got := combine.Pick(users, 4); !slices.Equal(got, []int{1, 2, 3, 4}) {
		t.Fatalf("Pick(4) = %v, want [1 2 3 4]", got)
	}
	if got := combine.Pick(users, 0); len(got) != 0 {
		t.Fatalf("Pick(0) = %v", got)
	}
}

// Names are counted in UTF-16 units (an emoji is two) with a separator of two, up to
// NamedChars.
func TestPickWithinNamedChars(t *testing.T) {
	long := strings.Repeat("😀", 499) // 998 units + 2 = 1000 a name
	users := []combine.User{{Name: long}, {Name: long}, {Name: long}, {Name: long}}
	if got := combine.Pick(users, combine.MaxNamed); !slices.Equal(got, []int{1, 2, 3}) {
		t.Fatalf("Pick = %v, want the newest three", got)
	}
}

// Fit halves the number of names until the text is short enough.
func TestFitHalvesUntilTheTextFits(t *testing.T) {
	users := fresh(60)
	text := func(named []int) string { return strings.Repeat("x", 100*len(named)) }
	s, named := combine.Fit(users, text)
	if len(named) != 25 || combine.VisibleLen(s) > combine.MaxVisible {
		t.Fatalf("Fit named %d (%d chars), want 25 within MaxVisible", len(named), combine.VisibleLen(s))
	}
}

func TestVisibleLen(t *testing.T) {
	if n := combine.VisibleLen(`<a href="tg://user?id=1">Ann &amp; 😀</a>, more`); n != len("Ann & ")+2+len(", more") {
		t.Fatalf("VisibleLen = %d", n)
	}
}
