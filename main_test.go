package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nezuko/nezuko/testutil"
)

// buildBinary compiles the real nezuko binary once per test run.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "nezuko")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Env = os.Environ()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func TestServeStartsAndAnswersHealth(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildBinary(t)
	dataDir := filepath.Join(t.TempDir(), "pb_data")
	addr := freeAddr(t)
	var out testutil.SyncBuffer
	cmd := exec.Command(bin, "serve", "--http="+addr, "--dir="+dataDir)
	cmd.Env = append(os.Environ(), "ENCRYPTION_KEY=", "TELEGRAM_API_URL=http://127.0.0.1:1")
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })

	base := "http://" + addr
	deadline := time.Now().Add(60 * time.Second)
	for {
		res, err := http.Get(base + "/api/health")
		if err == nil {
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode == 200 && strings.Contains(string(body), `"code":200`) {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no healthy answer within 60s; output:\n%s", out.String())
		}
		time.Sleep(50 * time.Millisecond) // the server is a separate process: poll it
	}
	if !strings.Contains(out.String(), "pbinstall") {
		t.Errorf("no installer link printed for an empty pb_data:\n%s", out.String())
	}
	if st, err := os.Stat(filepath.Join(dataDir, "encryption.key")); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("generated key file: %v %v", st, err)
	}
	// pb_data holds password hashes, token ciphertext and logs: private to the server's user.
	if st, err := os.Stat(dataDir); err != nil || st.Mode().Perm() != 0o700 {
		t.Errorf("pb_data: %v %v, want mode 700", st, err)
	}
	for _, name := range []string{"data.db", "auxiliary.db"} {
		if st, err := os.Stat(filepath.Join(dataDir, name)); err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v %v, want mode 600", name, st, err)
		}
	}
	for path, want := range map[string]string{"/": "Nezuko", "/some/page": "Nezuko", "/_/": "PocketBase"} {
		res, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || !strings.Contains(string(body), want) {
			t.Errorf("GET %s = %d, body lacks %q", path, res.StatusCode, want)
		}
	}

	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop within 30s of SIGTERM")
	}
}

func TestServeRefusesMalformedKeyAndWebhookWithoutSecret(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildBinary(t)
	for _, tc := range []struct{ env, want string }{
		{"ENCRYPTION_KEY=not-a-fernet-key", "ENCRYPTION_KEY"},
		{"WEBHOOK_URL=https://bots.example.com", "WEBHOOK_SECRET"},
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		cmd := exec.CommandContext(ctx, bin, "serve", "--http="+freeAddr(t), "--dir="+t.TempDir())
		cmd.Env = append(os.Environ(), tc.env)
		out, err := cmd.CombinedOutput()
		cancel()
		if err == nil || !strings.Contains(string(out), tc.want) {
			t.Errorf("%s: err=%v output=%s", tc.env, err, out)
		}
		if strings.Contains(string(out), "not-a-fernet-key") {
			t.Errorf("the key leaked into the output: %s", out)
		}
	}
}
