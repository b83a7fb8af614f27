package reliability

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/nezuko/nezuko/tests/testutil"
)

var (
	binOnce sync.Once
	binDir  string
	binPath string
	binErr  error
)

// nezukoBinary compiles the real nezuko binary once per test run and returns its path.
func nezukoBinary(t testing.TB) string {
	t.Helper()
	binOnce.Do(func() {
		binDir, binErr = os.MkdirTemp("", "nezuko-reliability-bin-")
		if binErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "nezuko")
		cmd := exec.Command("go", "build", "-o", binPath, ".")
		cmd.Dir = "../.."
		cmd.Env = os.Environ()
		if out, err := cmd.CombinedOutput(); err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

func removeBinary() {
	if binDir != "" {
		os.RemoveAll(binDir)
	}
}

// proc is a running `nezuko serve` child process.
type proc struct {
	t       testing.TB
	DataDir string               // its pb_data
	URL     string               // http://127.0.0.1:port
	Out     *testutil.SyncBuffer // stdout and stderr together
	cmd     *exec.Cmd
	done    chan struct{}
	waitErr error
}

// procEnv is the environment of a child: the test key, the fake Bot API, and a TMPDIR
// that does not contain the binary (PocketBase takes a binary under TMPDIR for `go run`
// and would turn on dev logging and automigrate).
func procEnv(t testing.TB, apiURL string, extra ...string) []string {
	env := []string{}
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "ENCRYPTION_KEY", "TELEGRAM_API_URL", "BOT_TOKEN", "WEBHOOK_URL", "WEBHOOK_SECRET", "METRICS_TOKEN", "TMPDIR":
			continue
		}
		env = append(env, kv)
	}
	env = append(env, "ENCRYPTION_KEY="+testutil.EncryptionKey, "TELEGRAM_API_URL="+apiURL, "TMPDIR="+t.TempDir())
	return append(env, extra...)
}

// runNezuko runs a one-shot nezuko command (e.g. `superuser upsert`) on dataDir.
func runNezuko(t testing.TB, dataDir, apiURL string, args ...string) string {
	t.Helper()
	cmd := exec.Command(nezukoBinary(t), append(args, "--dir="+dataDir)...)
	cmd.Env = procEnv(t, apiURL)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("nezuko %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// startNezuko starts `nezuko serve` on dataDir (created when missing) against the Bot
// API at apiURL and waits up to 60 s for /api/health. extraEnv adds KEY=VALUE pairs.
func startNezuko(t testing.TB, dataDir, apiURL string, extraEnv ...string) *proc {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	p := &proc{t: t, DataDir: dataDir, URL: "http://" + addr, Out: &testutil.SyncBuffer{}, done: make(chan struct{})}
	p.cmd = exec.Command(nezukoBinary(t), "serve", "--http="+addr, "--dir="+dataDir)
	p.cmd.Env = procEnv(t, apiURL, extraEnv...)
	p.cmd.Stdout, p.cmd.Stderr = p.Out, p.Out
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.waitErr = p.cmd.Wait(); close(p.done) }()
	t.Cleanup(func() { p.Kill() })
	deadline := time.Now().Add(60 * time.Second)
	for {
		res, err := http.Get(p.URL + "/api/health")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return p
			}
		}
		select {
		case <-p.done:
			t.Fatalf("nezuko serve exited before it was healthy: %v\n%s", p.waitErr, p.Out.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("nezuko serve not healthy within 60s:\n%s", p.Out.String())
		}
		time.Sleep(50 * time.Millisecond) // a separate process: poll its health route
	}
}

// Term sends SIGTERM and waits up to timeout for the exit; it returns the exit error.
func (p *proc) Term(timeout time.Duration) error {
	p.t.Helper()
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
		return p.waitErr
	case <-time.After(timeout):
		p.t.Fatalf("nezuko did not exit within %s of SIGTERM:\n%s", timeout, p.Out.String())
		return nil
	}
}

// Kill sends SIGKILL (no chance to flush anything) and waits for the exit.
func (p *proc) Kill() {
	select {
	case <-p.done:
		return
	default:
	}
	p.cmd.Process.Kill()
	<-p.done
}

// superuser creates (before the server starts) a superuser on dataDir.
func superuser(t testing.TB, dataDir, apiURL, email, password string) {
	t.Helper()
	runNezuko(t, dataDir, apiURL, "superuser", "upsert", email, password)
}

// login signs a superuser in and returns the auth token.
func (p *proc) login(email, password string) string {
	p.t.Helper()
	var out struct{ Token string }
	status := p.do("POST", "/api/collections/_superusers/auth-with-password", "",
		map[string]string{"identity": email, "password": password}, &out)
	if status != http.StatusOK || out.Token == "" {
		p.t.Fatalf("superuser login: status %d", status)
	}
	return out.Token
}

// do sends a JSON request (body may be nil) and decodes a JSON answer into out (may be
// nil); it returns the status code.
func (p *proc) do(method, path, token string, body, out any) int {
	p.t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			p.t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, p.URL+path, rd)
	if err != nil {
		p.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		p.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	if out != nil && len(data) > 0 {
		if err := json.Unmarshal(data, out); err != nil {
			p.t.Fatalf("%s %s: %d %s: %v", method, path, res.StatusCode, data, err)
		}
	}
	return res.StatusCode
}
