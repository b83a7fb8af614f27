package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// call makes an API request as the holder of token ("" = anonymous) and decodes the
// JSON answer into out (when not nil); it returns the status code.
func (s *server) call(t *testing.T, method, path, token string, body, out any) int {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, s.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	if out != nil && res.StatusCode < 300 {
		if err := json.NewDecoder(res.Body).Decode(out); err != nil {
			t.Fatalf("%s %s: decode: %v", method, path, err)
		}
	}
	return res.StatusCode
}

// routeMissing reports whether the server has no such route (PocketBase answers an
// unknown /api/ path with 404 "The requested resource wasn't found."), probing with an
// empty POST or GET as the holder of token.
func (s *server) routeMissing(t *testing.T, method, path, token string) bool {
	t.Helper()
	req, _ := http.NewRequest(method, s.URL+path, strings.NewReader("{}"))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode == http.StatusNotFound && strings.Contains(string(b), "wasn't found")
}

// topicProbe subscribes a plain SSE client to topic as the holder of token and
// returns a channel of the events' data; it ends with ctx.
func (s *server) topicProbe(t *testing.T, ctx context.Context, topic, token string) <-chan string {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+"/api/realtime", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	events := make(chan string, 16)
	sc := bufio.NewScanner(res.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	next := func() (name, data string, ok bool) {
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if name != "" {
					return name, data, true
				}
			case strings.HasPrefix(line, "event:"):
				name = strings.TrimSpace(strings.TrimPrefix(line, "event:"))
			case strings.HasPrefix(line, "data:"):
				data = strings.TrimSpace(strings.TrimPrefix(line, "data:"))
			}
		}
		return "", "", false
	}
	name, data, ok := next()
	if !ok || name != "PB_CONNECT" {
		t.Fatalf("realtime: first event %q, want PB_CONNECT", name)
	}
	var connect struct{ ClientID string }
	json.Unmarshal([]byte(data), &connect)
	status := s.call(t, http.MethodPost, "/api/realtime", token,
		map[string]any{"clientId": connect.ClientID, "subscriptions": []string{topic}}, nil)
	if status != http.StatusNoContent {
		t.Fatalf("realtime subscribe %s: status %d", topic, status)
	}
	go func() {
		defer res.Body.Close()
		defer close(events)
		for {
			name, data, ok := next()
			if !ok {
				return
			}
			if name == topic {
				events <- data
			}
		}
	}()
	return events
}

// await returns the first value from ch within d, or false.
func await(ch <-chan string, d time.Duration) (string, bool) {
	select {
	case v, ok := <-ch:
		return v, ok
	case <-time.After(d):
		return "", false
	}
}
