package live_test

import (
	"context"
	"net"
	"net/http"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/config"
	"github.com/nezuko/nezuko/live"
	"github.com/nezuko/nezuko/logwriter"
	"github.com/nezuko/nezuko/tests/livetest"
	"github.com/nezuko/nezuko/tests/testutil"
)

// connectMany opens n realtime connections (one admin account, many tabs) subscribed to
// the verification topic.
func connectMany(b *testing.B, url, token string, n int) []*livetest.Stream {
	b.Helper()
	client := &http.Client{Transport: &http.Transport{
		DialContext:         (&net.Dialer{}).DialContext,
		MaxIdleConnsPerHost: n, MaxConnsPerHost: 0,
	}}
	streams := make([]*livetest.Stream, n)
	var wg sync.WaitGroup
	errs := make(chan error, n)
	sem := make(chan struct{}, 32)
	for i := range streams {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			s, err := livetest.Connect(context.Background(), client, url, token, 1024, live.TopicVerification)
			if err != nil {
				errs <- err
				return
			}
			streams[i] = s
		}()
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		for _, s := range streams {
			s.Close()
		}
	})
	return streams
}

// drain keeps reading streams so that no reader blocks; it returns a stop function.
func drain(streams []*livetest.Stream) func() {
	stop := make(chan struct{})
	for _, s := range streams {
		go func() {
			for {
				select {
				case <-s.Events:
				case <-stop:
					return
				}
			}
		}()
	}
	return func() { close(stop) }
}

func percentile(sorted []time.Duration, p float64) time.Duration {
	return sorted[int(float64(len(sorted)-1)*p)]
}

// BenchmarkDeliveryLatency publishes verification events one at a time (as the log
// writer does after a commit) and measures, for every subscriber, the time from the
// publish call to the event being read off its SSE connection.
func BenchmarkDeliveryLatency(b *testing.B) {
	for _, n := range []int{100, 1000} {
		b.Run(strconv.Itoa(n)+"_subscribers", func(b *testing.B) {
			app, svc := livetest.NewBaseApp(b, config.Config{})
			url := livetest.Serve(b, app).URL
			streams := connectMany(b, url, testutil.AdminToken(b, app, c.RoleViewer), n)
			// Server side: when PocketBase has written and flushed the event to the socket.
			var (
				mu      sync.Mutex // guards written
				written []time.Duration
				start   atomic.Int64 // publish time of the current event, unix ns
			)
			app.OnRealtimeMessageSend().BindFunc(func(e *core.RealtimeMessageEvent) error {
				err := e.Next()
				if e.Message.Name == live.TopicVerification {
					d := time.Duration(time.Now().UnixNano() - start.Load())
					mu.Lock()
					written = append(written, d)
					mu.Unlock()
				}
				return err
			})
			var lat []time.Duration
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				t0 := time.Now()
				start.Store(t0.UnixNano())
				svc.Live.ObserveBatch(&logwriter.Batch{Verifications: []logwriter.Verification{{
					ID: strconv.Itoa(i), UserID: int64(i), GroupID: -1, ChannelID: -2, Status: c.Verified, At: t0}}})
				deadline := time.NewTimer(livetest.Deadline)
				for _, s := range streams {
					select {
					case ev := <-s.Events:
						lat = append(lat, ev.At.Sub(t0))
					case <-deadline.C:
						b.Fatalf("event %d not delivered", i)
					}
				}
				deadline.Stop()
			}
			b.StopTimer()
			sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
			b.ReportMetric(float64(percentile(lat, .50).Microseconds())/1000, "p50_ms")
			b.ReportMetric(float64(percentile(lat, .95).Microseconds())/1000, "p95_ms")
			b.ReportMetric(float64(percentile(lat, .99).Microseconds())/1000, "p99_ms")
			b.ReportMetric(float64(svc.Live.Stats().Dropped), "dropped")
			mu.Lock()
			sort.Slice(written, func(i, j int) bool { return written[i] < written[j] })
			b.ReportMetric(float64(percentile(written, .95).Microseconds())/1000, "server_p95_ms")
			mu.Unlock()
		})
	}
}

// BenchmarkWriterWithSubscribers measures the log writer's rows/s in one run, with
// nobody connected and with 1,000 subscribers of the verification topic reading every
// event they are sent; rounds alternate which goes first, to even out noise.
func BenchmarkWriterWithSubscribers(b *testing.B) {
	const rows, rounds, subscribers = 50_000, 6, 1000
	app, svc := livetest.NewBaseApp(b, config.Config{})
	url := livetest.Serve(b, app).URL
	token := testutil.AdminToken(b, app, c.RoleViewer)
	write := func() float64 {
		start := time.Now()
		for i := range rows {
			svc.Logs.AddVerification(logwriter.Verification{UserID: int64(i), GroupID: -100 - int64(i%50),
				ChannelID: -200 - int64(i%7), BotID: 42, Status: c.Verified, LatencyMS: 7.5, At: start})
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := svc.Logs.Flush(ctx); err != nil {
			b.Fatal(err)
		}
		return rows / time.Since(start).Seconds()
	}
	withSubscribers := func() (float64, int64) {
		streams := connectMany(b, url, token, subscribers)
		stop := drain(streams)
		defer func() {
			stop()
			for _, s := range streams {
				s.Close()
			}
		}()
		before := svc.Live.Stats().Delivered
		r := write()
		return r, svc.Live.Stats().Delivered - before
	}
	write() // warm up
	var without, with float64
	var deliveries int64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for r := range rounds {
			if r%2 == 0 {
				without += write()
			}
			w, d := withSubscribers()
			with += w
			deliveries += d
			if r%2 == 1 {
				without += write()
			}
		}
	}
	b.StopTimer()
	n := float64(b.N * rounds)
	b.ReportMetric(without/n, "rows/s_without")
	b.ReportMetric(with/n, "rows/s_with_1000")
	b.ReportMetric(100*(with/without), "%_of_without")
	b.ReportMetric(float64(deliveries)/n, "deliveries/round")
}
