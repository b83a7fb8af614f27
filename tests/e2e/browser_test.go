package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// chromiumPath finds Chromium: $CHROME_PATH, then the Debian package's binary.
func chromiumPath() string {
	if p := os.Getenv("CHROME_PATH"); p != "" {
		return p
	}
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// requireChromium skips (locally) or fails (CI=true) when there is no Chromium.
func requireChromium(t *testing.T) string {
	t.Helper()
	p := chromiumPath()
	if p != "" {
		return p
	}
	msg := "\n" + strings.Repeat("!", 72) +
		"\n!!! NO CHROMIUM: the dashboard browser tests did NOT run." +
		"\n!!! Install it (apt-get install -y chromium chromium-driver) or set CHROME_PATH." +
		"\n" + strings.Repeat("!", 72)
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// browser starts one headless Chromium per page (a fresh profile each, so sessions
// never leak between pages) and collects console problems from all of them.
type browser struct {
	t    *testing.T
	path string

	mu       sync.Mutex // guards problems and outage
	problems []string   // console errors, uncaught exceptions, error log entries
	outage   bool       // the server is being restarted: failed realtime requests are expected
}

// newBrowser finds Chromium (or skips / fails, see requireChromium).
func newBrowser(t *testing.T) *browser {
	t.Helper()
	return &browser{t: t, path: requireChromium(t)}
}

// allowOutage tells the console watcher that the server is down on purpose.
func (b *browser) allowOutage(on bool) {
	b.mu.Lock()
	b.outage = on
	b.mu.Unlock()
}

// ignored reports console noise that is not the dashboard's fault: the Telegram
// widget script cannot load in a sandbox without internet, and Chromium logs the 400
// that a wrong password gets (the page shows it as a message, see its test).
func ignored(text string) bool {
	return strings.Contains(text, "telegram.org") ||
		strings.Contains(text, "status of 400") && strings.Contains(text, "/auth-with-password")
}

func (b *browser) problem(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if ignored(msg) {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.outage && (strings.Contains(msg, "/api/realtime") || strings.Contains(msg, "ERR_CONNECTION")) {
		return
	}
	b.problems = append(b.problems, msg)
}

// Problems returns the console errors and exceptions seen so far.
func (b *browser) Problems() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.problems...)
}

// page starts a fresh Chromium for t (closed when t ends) with one tab, listening for
// console errors and exceptions.
func (b *browser) page(t *testing.T) context.Context {
	t.Helper()
	profile, err := os.MkdirTemp("", "nezuko-e2e-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(b.path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1366, 900),
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc, chromedp.WithErrorf(func(format string, args ...any) {
		if !strings.Contains(format, "unhandled") { // events newer than this chromedp knows
			t.Logf("chromedp: "+format, args...)
		}
	}))
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
		os.RemoveAll(profile)
	})
	chromedp.ListenTarget(ctx, func(ev any) {
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.APITypeError || ev.Type == runtime.APITypeAssert {
				var parts []string
				for _, a := range ev.Args {
					parts = append(parts, string(a.Value)+a.Description)
				}
				b.problem("console.%s: %s", ev.Type, strings.Join(parts, " "))
			}
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			desc := d.Text
			if d.Exception != nil {
				desc += " " + d.Exception.Description
			}
			b.problem("uncaught exception: %s", desc)
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.LevelError {
				b.problem("log %s: %s %s", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL)
			}
		}
	})
	if err := chromedp.Run(ctx, log.Enable(), runtime.Enable()); err != nil {
		t.Fatalf("start chromium %s: %v", b.path, err)
	}
	return ctx
}

// run runs actions with a deadline and fails the test with the step name on error.
func run(t *testing.T, ctx context.Context, step string, actions ...chromedp.Action) {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Run(c, actions...); err != nil {
		shot(t, ctx, "failure-"+sanitize(t.Name()+"-"+step))
		t.Fatalf("%s: %v", step, err)
	}
}

func sanitize(s string) string {
	return strings.NewReplacer("/", "-", " ", "-", ":", "").Replace(s)
}

// artifactsDir is where screenshots go: $E2E_ARTIFACTS or tests/e2e/artifacts.
func artifactsDir(t *testing.T) string {
	dir := os.Getenv("E2E_ARTIFACTS")
	if dir == "" {
		dir = "artifacts"
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		t.Fatal(err)
	}
	return abs
}

// shot saves a full-page PNG screenshot as an artifact and logs its path.
func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	var png []byte
	c, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if err := chromedp.Run(c, chromedp.FullScreenshot(&png, 100)); err != nil {
		t.Logf("screenshot %s: %v", name, err)
		return
	}
	path := filepath.Join(artifactsDir(t), name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
}
