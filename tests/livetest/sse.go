package livetest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// Deadline is how long Expect waits for an event.
const Deadline = 15 * time.Second

// Event is one server-sent event.
type Event struct {
	Name string
	Data string
	At   time.Time // when it was read
}

// Decode unmarshals the event's data into a map.
func (e Event) Decode(tb testing.TB) map[string]any {
	tb.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(e.Data), &m); err != nil {
		tb.Fatalf("event %s data %q: %v", e.Name, e.Data, err)
	}
	return m
}

// Stream is one PocketBase realtime connection.
type Stream struct {
	Events   chan Event
	ClientID string
	cancel   context.CancelFunc
}

// Close ends the connection.
func (s *Stream) Close() { s.cancel() }

// Connect opens PocketBase's realtime stream at baseURL and subscribes to topics as
// auth (an Authorization header value, "" for anonymous).
func Connect(ctx context.Context, client *http.Client, baseURL, auth string, buffer int, topics ...string) (*Stream, error) {
	ctx, cancel := context.WithCancel(ctx)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, baseURL+"/api/realtime", nil)
	res, err := client.Do(req)
	if err != nil {
		cancel()
		return nil, err
	}
	s := &Stream{Events: make(chan Event, buffer), cancel: cancel}
	go s.read(ctx, res)
	select {
	case ev := <-s.Events:
		var hello struct {
			ClientID string `json:"clientId"`
		}
		if ev.Name != "PB_CONNECT" || json.Unmarshal([]byte(ev.Data), &hello) != nil {
			cancel()
			return nil, fmt.Errorf("first event %q %q", ev.Name, ev.Data)
		}
		s.ClientID = hello.ClientID
	case <-time.After(Deadline):
		cancel()
		return nil, fmt.Errorf("no PB_CONNECT within %s", Deadline)
	}
	body, _ := json.Marshal(map[string]any{"clientId": s.ClientID, "subscriptions": topics})
	sub, _ := http.NewRequestWithContext(ctx, http.MethodPost, baseURL+"/api/realtime", strings.NewReader(string(body)))
	sub.Header.Set("Content-Type", "application/json")
	if auth != "" {
		sub.Header.Set("Authorization", auth)
	}
	subRes, err := client.Do(sub)
	if err != nil {
		cancel()
		return nil, err
	}
	subRes.Body.Close()
	if subRes.StatusCode != http.StatusNoContent {
		cancel()
		return nil, fmt.Errorf("subscribe: status %d", subRes.StatusCode)
	}
	return s, nil
}

func (s *Stream) read(ctx context.Context, res *http.Response) {
	defer res.Body.Close()
	r := bufio.NewReaderSize(res.Body, 64*1024)
	var ev Event
	for {
		line, err := r.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			rest, err2 := r.ReadBytes('\n') // a long bundle line
			line, err = append(append([]byte(nil), line...), rest...), err2
		}
		if err != nil {
			return
		}
		line = bytes.TrimRight(line, "\r\n")
		switch {
		case bytes.HasPrefix(line, []byte("event:")):
			ev.Name = string(line[len("event:"):])
		case bytes.HasPrefix(line, []byte("data:")):
			ev.Data = string(line[len("data:"):])
		case len(line) == 0 && ev.Name != "":
			ev.At = time.Now()
			select {
			case s.Events <- ev:
			case <-ctx.Done():
				return
			}
			ev = Event{}
		}
	}
}

// Subscribe is Connect for tests: it fails the test on error and closes at its end.
func Subscribe(tb testing.TB, baseURL, auth string, topics ...string) *Stream {
	tb.Helper()
	s, err := Connect(context.Background(), http.DefaultClient, baseURL, auth, 256, topics...)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(s.Close)
	return s
}

// Expect waits up to Deadline for the next event named name, skipping others.
func (s *Stream) Expect(tb testing.TB, name string) Event {
	tb.Helper()
	deadline := time.After(Deadline)
	for {
		select {
		case ev := <-s.Events:
			if ev.Name == name {
				return ev
			}
		case <-deadline:
			tb.Fatalf("no %q event within %s", name, Deadline)
		}
	}
}

// None fails the test if any event is already waiting; call it after an event that was
// published later than the unwanted one reached another stream (a barrier), so that
// no sleep is needed.
func (s *Stream) None(tb testing.TB) {
	tb.Helper()
	select {
	case ev := <-s.Events:
		tb.Fatalf("unexpected event %s %s", ev.Name, ev.Data)
	default:
	}
}
