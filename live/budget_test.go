package live

import (
	"testing"
	"time"
)

func TestBudget(t *testing.T) {
	t0 := time.Unix(0, 0)
	b := budget{rate: 1000, tokens: 1000, last: t0}
	b.refill(t0)
	if !b.covers(10, 100) || b.covers(11, 100) {
		t.Fatalf("a full bucket of 1000 covers 10 events × 100 clients only")
	}
	if n := b.take(50, 100); n != 10 {
		t.Fatalf("take = %d, want 10", n)
	}
	if n := b.take(5, 100); n != 0 {
		t.Fatalf("empty bucket gave %d", n)
	}
	b.refill(t0.Add(100 * time.Millisecond)) // 100 tokens earned
	if n := b.take(5, 100); n != 1 {
		t.Fatalf("after 100 ms: %d, want 1", n)
	}
	b.refill(t0.Add(time.Hour)) // capped at one second's worth
	if b.tokens != 1000 {
		t.Fatalf("tokens = %v, want 1000", b.tokens)
	}
	if n := b.take(3, 0); n != 3 {
		t.Fatalf("no clients: %d", n)
	}
}

func TestBundleFraming(t *testing.T) {
	got := string(bundle("dashboard/verification", [][]byte{[]byte(`{"a":1}`), []byte(`{"b":"x\ny"}`)}))
	want := `{"a":1}` + "\n\nevent:dashboard/verification\ndata:" + `{"b":"x\ny"}`
	if got != want {
		t.Fatalf("bundle = %q", got)
	}
}
