package e2e

import (
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tests"

	"github.com/nezuko/nezuko/config"
	"github.com/nezuko/nezuko/hooks"
	"github.com/nezuko/nezuko/tests/telegramtest"
	"github.com/nezuko/nezuko/tests/testutil"
)

// server is the app under test, served on a fixed loopback address so that it can be
// stopped and started again (a "server restart" the browser must survive).
type server struct {
	App  *tests.TestApp
	Svc  *hooks.Services
	TG   *telegramtest.Server
	URL  string
	addr string
	mux  http.Handler

	mu  sync.Mutex // guards srv
	srv *http.Server
}

// startServer builds a migrated app with every hook, the built dashboard as its public
// files, and the fake Telegram; seed runs before serving.
func startServer(t *testing.T, seed func(*server)) *server {
	t.Helper()
	return startServerWith(t, nil, seed)
}

// startServerWith is startServer with hooks options tuned by opts (e.g. the demo's
// NoLoginWidget); nil = as serve.
func startServerWith(t *testing.T, opts func(*hooks.Options), seed func(*server)) *server {
	t.Helper()
	tg := telegramtest.NewServer(t)
	dir := testutil.Seeded(t, func(*tests.TestApp) {}, testutil.Options{APIURL: tg.URL})
	app, err := tests.NewTestApp(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(app.Cleanup)
	ho := hooks.Options{
		Config: config.Config{EncryptionKey: testutil.EncryptionKey, APIURL: tg.URL},
		Public: os.DirFS("../../pb_public"),
	}
	if opts != nil {
		opts(&ho)
	}
	svc, err := hooks.Register(app, ho)
	if err != nil {
		t.Fatal(err)
	}
	s := &server{App: app, Svc: svc, TG: tg}
	if seed != nil {
		seed(s)
	}
	router, err := apis.NewRouter(app)
	if err != nil {
		t.Fatal(err)
	}
	ev := &core.ServeEvent{App: app, Router: router}
	err = app.OnServe().Trigger(ev, func(e *core.ServeEvent) error {
		mux, err := e.Router.BuildMux()
		s.mux = mux
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.addr = ln.Addr().String()
	s.URL = "http://" + s.addr
	s.serve(ln)
	t.Cleanup(s.stop)
	return s
}

func (s *server) serve(ln net.Listener) {
	srv := &http.Server{Handler: s.mux, ReadHeaderTimeout: 10 * time.Second}
	s.mu.Lock()
	s.srv = srv
	s.mu.Unlock()
	go srv.Serve(ln)
}

// stop closes the listener and every connection (realtime streams included).
func (s *server) stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.srv != nil {
		s.srv.Close()
		s.srv = nil
	}
}

// restart stops serving, waits a moment with the port closed, and serves again on the
// same address, like a restarted binary (the database stays).
func (s *server) restart(t *testing.T, down time.Duration) {
	t.Helper()
	s.stop()
	time.Sleep(down) // the outage itself is what is being simulated
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for {
		ln, err := net.Listen("tcp", s.addr)
		if err == nil {
			s.serve(ln)
			return
		}
		if ctx.Err() != nil {
			t.Fatalf("listen again on %s: %v", s.addr, errors.Join(err, ctx.Err()))
		}
		time.Sleep(50 * time.Millisecond)
	}
}
