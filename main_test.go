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

	"github.com/nezuko/nezuko/tests/testutil"
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
	if want := "Nezuko dashboard: " + base + "/"; !strings.Contains(out.String(), want) {
		t.Errorf("the start-up output does not name the dashboard (%q):\n%s", want, out.String())
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

	checkPublicCaching(t, base)

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

// A new owner gets in with one command: `nezuko owner create` on a fresh pb_data, then
// the dashboard's sign-in (admin_users auth-with-password) answers with a token whose
// record is an active owner.
func TestOwnerCreateThenSignIn(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildBinary(t)
	dataDir := filepath.Join(t.TempDir(), "pb_data")
	env := append(os.Environ(), "ENCRYPTION_KEY=", "TELEGRAM_API_URL=http://127.0.0.1:1")
	create := exec.Command(bin, "owner", "create", "first@example.com", "a-long-password", "--dir="+dataDir)
	create.Env = env
	if out, err := create.CombinedOutput(); err != nil || !strings.Contains(string(out), "first@example.com created") {
		t.Fatalf("owner create: %v\n%s", err, out)
	}
	addr := freeAddr(t)
	var out testutil.SyncBuffer
	cmd := exec.Command(bin, "serve", "--http="+addr, "--dir="+dataDir)
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	base := "http://" + addr
	deadline := time.Now().Add(60 * time.Second)
	for {
		res, err := http.Post(base+"/api/collections/admin_users/auth-with-password", "application/json",
			strings.NewReader(`{"identity":"first@example.com","password":"a-long-password"}`))
		if err == nil {
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode == 200 {
				if !strings.Contains(string(body), `"role":"owner"`) || !strings.Contains(string(body), `"is_active":true`) {
					t.Fatalf("signed in, but not as an active owner: %s", body)
				}
				return
			}
			if res.StatusCode != 0 && res.StatusCode != 503 {
				t.Fatalf("sign-in = %d: %s", res.StatusCode, body)
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("server not up within 60s; output:\n%s", out.String())
		}
		time.Sleep(50 * time.Millisecond) // the server is a separate process: poll it
	}
}

// checkPublicCaching reads the embedded dashboard as a browser does: index.html is
// revalidated (no-cache, 304 for its ETag), the hashed script it names is gzip-encoded
// and immutable for a year.
func checkPublicCaching(t *testing.T, base string) {
	t.Helper()
	get := func(path string, hdr map[string]string) (*http.Response, string) {
		req, _ := http.NewRequest(http.MethodGet, base+path, nil)
		for k, v := range hdr {
			req.Header.Set(k, v) // set by hand: the client then leaves the gzip body alone
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res, string(body)
	}
	res, index := get("/", map[string]string{"Accept-Encoding": "identity"})
	if res.Header.Get("Cache-Control") != "no-cache" || res.Header.Get("ETag") == "" {
		t.Errorf("GET / Cache-Control %q ETag %q", res.Header.Get("Cache-Control"), res.Header.Get("ETag"))
	}
	if again, _ := get("/", map[string]string{"Accept-Encoding": "identity", "If-None-Match": res.Header.Get("ETag")}); again.StatusCode != http.StatusNotModified {
		t.Errorf("GET / with its ETag = %d, want 304", again.StatusCode)
	}
	i := strings.Index(index, "/assets/")
	if i < 0 {
		t.Fatalf("index.html names no asset: %s", index)
	}
	asset := index[i : i+strings.IndexAny(index[i:], `"'`)]
	res, body := get(asset, map[string]string{"Accept-Encoding": "gzip, deflate, br"})
	if res.StatusCode != 200 || res.Header.Get("Content-Encoding") != "gzip" || !strings.HasPrefix(body, "\x1f\x8b") {
		t.Errorf("GET %s = %d, Content-Encoding %q", asset, res.StatusCode, res.Header.Get("Content-Encoding"))
	}
	if got := res.Header.Get("Cache-Control"); got != "public, max-age=31536000, immutable" {
		t.Errorf("GET %s Cache-Control %q", asset, got)
	}
}
