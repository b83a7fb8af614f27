package logwriter_test

import (
	"context"
	"strings"
	"testing"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/logwriter"
	"github.com/nezuko/nezuko/tests/testutil"
)

// TestRowsBeforeStartAreWrittenOnceStarted: a writer is built before the database is
// open (so features can observe it); rows added before Start wait and are committed,
// with their observers told, once it starts.
func TestRowsBeforeStartAreWrittenOnceStarted(t *testing.T) {
	app := testutil.NewApp(t)
	w := logwriter.New(app, logwriter.Options{})
	observed := 0
	w.Observe(func(b *logwriter.Batch) { observed += len(b.APICalls) })
	w.AddAPICall(logwriter.APICall{Method: "getMe", Success: true, At: at})
	if n := count(t, app, c.APICallLog); n != 0 {
		t.Fatalf("rows before Start = %d", n)
	}
	run(t, w)
	if err := w.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := count(t, app, c.APICallLog); n != 1 || observed != 1 {
		t.Fatalf("after Start: rows = %d, observed = %d, want 1 and 1", n, observed)
	}
}

// TestCloseOfAWriterNeverStarted reports its queued rows as lost instead of waiting.
func TestCloseOfAWriterNeverStarted(t *testing.T) {
	app := testutil.NewApp(t)
	empty := logwriter.New(app, logwriter.Options{})
	if err := empty.Close(context.Background()); err != nil {
		t.Fatalf("close of an empty writer never started: %v", err)
	}
	w := logwriter.New(app, logwriter.Options{})
	w.AddAPICall(logwriter.APICall{Method: "getMe", Success: true, At: at})
	err := w.Close(context.Background())
	if err == nil || !strings.Contains(err.Error(), "1 rows not written") {
		t.Fatalf("close = %v, want 1 row reported lost", err)
	}
}
