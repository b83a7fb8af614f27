package logwriter_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/logwriter"
	"github.com/nezuko/nezuko/tests/testutil"
)

func TestMain(m *testing.M) { testutil.Main(m) }

func start(t *testing.T, app core.App, opts logwriter.Options) *logwriter.Writer {
	t.Helper()
	return logwriter.New(app, opts)
}

func run(t *testing.T, w *logwriter.Writer) {
	t.Helper()
	if err := w.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close(context.Background()) })
}

func count(t *testing.T, app core.App, collection string) int64 {
	t.Helper()
	n, err := app.CountRecords(collection)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

var at = time.Date(2026, 11, 25, 19, 30, 1, 250_000_000, time.UTC)

func TestRowsAreReadableAsRecords(t *testing.T) {
	app := testutil.NewApp(t)
	w := start(t, app, logwriter.Options{})
	var seen logwriter.Batch
	w.Observe(func(b *logwriter.Batch) {
		seen.Verifications = append(seen.Verifications, b.Verifications...)
		seen.APICalls = append(seen.APICalls, b.APICalls...)
		seen.AdminLogs = append(seen.AdminLogs, b.AdminLogs...)
	})
	run(t, w)
	w.AddVerification(logwriter.Verification{UserID: 5, GroupID: -1001, ChannelID: -1002, BotID: 42,
		Status: c.Restricted, LatencyMS: 12.5, Cached: true, ErrorType: "", At: at})
	w.AddAPICall(logwriter.APICall{Method: "restrictChatMember", ChatID: -1001, UserID: 5, BotID: 42,
		Success: false, LatencyMS: 3, ErrorType: "rights", At: at})
	w.AddAdminLog(logwriter.AdminLog{Level: c.LevelWarning, Logger: "gatekeeper", Message: "héllo <b>",
		Module: "join", Function: "handleJoin", LineNo: 42, Path: "gatekeeper/join.go", At: at})
	if err := w.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(seen.Verifications) != 1 || len(seen.APICalls) != 1 || len(seen.AdminLogs) != 1 {
		t.Fatalf("observer saw %d/%d/%d rows", len(seen.Verifications), len(seen.APICalls), len(seen.AdminLogs))
	}
	v, err := app.FindRecordById(c.VerificationLog, seen.Verifications[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if v.GetInt(c.FieldUserID) != 5 || v.GetInt(c.FieldBotInstance) != 42 || v.GetString(c.FieldStatus) != c.Restricted ||
		v.GetFloat(c.FieldLatencyMS) != 12.5 || !v.GetBool(c.FieldCached) || !v.GetDateTime(c.FieldTimestamp).Time().Equal(at) {
		t.Errorf("verification row = %v", v.FieldsData())
	}
	a, err := app.FindRecordById(c.APICallLog, seen.APICalls[0].ID)
	if err != nil || a.GetString(c.FieldMethod) != "restrictChatMember" || a.GetBool(c.FieldSuccess) || a.GetString(c.FieldErrorType) != "rights" {
		t.Errorf("api row = %v, %v", a, err)
	}
	l, err := app.FindRecordById(c.AdminLogs, seen.AdminLogs[0].ID)
	if err != nil || l.GetString(c.FieldMessage) != "héllo <b>" || l.GetInt(c.FieldLineNo) != 42 || l.GetString(c.FieldLevel) != c.LevelWarning {
		t.Errorf("log row = %v, %v", l, err)
	}
}

// observed returns a channel that receives the size of each committed batch.
func observed(w *logwriter.Writer) <-chan int {
	ch := make(chan int, 1024)
	w.Observe(func(b *logwriter.Batch) { ch <- b.Len() })
	return ch
}

func waitRows(t *testing.T, ch <-chan int, want int) {
	t.Helper()
	got := 0
	deadline := time.After(10 * time.Second)
	for got < want {
		select {
		case n := <-ch:
			got += n
		case <-deadline:
			t.Fatalf("committed %d rows within 10s, want %d", got, want)
		}
	}
}

func TestFlushesBySize(t *testing.T) {
	app := testutil.NewApp(t)
	w := start(t, app, logwriter.Options{MaxBatch: 10, FlushInterval: time.Hour})
	ch := observed(w)
	run(t, w)
	for i := 0; i < 10; i++ {
		w.AddVerification(logwriter.Verification{UserID: int64(i), GroupID: -1, Status: c.Verified, At: at})
	}
	waitRows(t, ch, 10)
	if n := count(t, app, c.VerificationLog); n != 10 {
		t.Fatalf("rows = %d", n)
	}
}

func TestFlushesByTime(t *testing.T) {
	app := testutil.NewApp(t)
	w := start(t, app, logwriter.Options{MaxBatch: 1000, FlushInterval: 20 * time.Millisecond})
	ch := observed(w)
	run(t, w)
	w.AddAPICall(logwriter.APICall{Method: "getMe", Success: true, At: at})
	waitRows(t, ch, 1)
	if n := count(t, app, c.APICallLog); n != 1 {
		t.Fatalf("rows = %d", n)
	}
}

func TestCloseWritesEveryQueuedRowFromManyGoroutines(t *testing.T) {
	app := testutil.NewApp(t)
	w := start(t, app, logwriter.Options{MaxBatch: 300, MaxPending: 500, FlushInterval: time.Hour})
	if err := w.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 1000; i++ {
				w.AddVerification(logwriter.Verification{UserID: int64(g*1000 + i), GroupID: -1, Status: c.Verified, At: at})
			}
		}()
	}
	wg.Wait()
	if err := w.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := count(t, app, c.VerificationLog); n != 8000 {
		t.Fatalf("rows after close = %d, want 8000", n)
	}
	// A row added after Close is written at once, not lost.
	w.AddAdminLog(logwriter.AdminLog{Level: c.LevelInfo, Logger: "late", Message: "after close", At: at})
	if n := count(t, app, c.AdminLogs); n != 1 {
		t.Fatalf("late rows = %d, want 1", n)
	}
}

func TestFailedCommitIsRetriedWithoutLoss(t *testing.T) {
	app := testutil.NewApp(t)
	w := start(t, app, logwriter.Options{FlushInterval: time.Hour})
	run(t, w)
	ctx := context.Background()
	exec := func(q string) {
		if _, err := app.DB().NewQuery(q).Execute(); err != nil {
			t.Fatal(err)
		}
	}
	exec("ALTER TABLE verification_log RENAME TO verification_log_away")
	for i := 0; i < 3; i++ {
		w.AddVerification(logwriter.Verification{UserID: int64(i), GroupID: -1, Status: c.Verified, At: at})
	}
	if err := w.Flush(ctx); err == nil {
		t.Fatal("flush into a missing table succeeded")
	}
	w.AddVerification(logwriter.Verification{UserID: 3, GroupID: -1, Status: c.Verified, At: at})
	exec("ALTER TABLE verification_log_away RENAME TO verification_log")
	if err := w.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	var ids []int
	err := app.DB().Select(c.FieldUserID).From(c.VerificationLog).OrderBy("rowid").Column(&ids)
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprint(ids)
	if got != "[0 1 2 3]" {
		t.Fatalf("user ids in insert order = %s, want [0 1 2 3]", got)
	}
}
