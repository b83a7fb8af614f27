package loadtest

import (
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
)

// memSampler samples the process RSS and the Go heap every second and keeps the peaks.
type memSampler struct {
	mu       sync.Mutex // guards the peaks
	peakRSS  int64
	peakHeap int64
	stop     chan struct{}
	done     chan struct{}
}

func startSampler() *memSampler {
	s := &memSampler{stop: make(chan struct{}), done: make(chan struct{})}
	s.sample()
	go func() {
		defer close(s.done)
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-s.stop:
				return
			case <-t.C:
				s.sample()
			}
		}
	}()
	return s
}

func (s *memSampler) sample() {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	rss := selfRSS()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.peakRSS = max(s.peakRSS, rss)
	s.peakHeap = max(s.peakHeap, int64(ms.HeapInuse))
}

// peaks stops the sampler (after a last sample) and returns the peaks in bytes.
func (s *memSampler) peaks() (rss, heap int64) {
	select {
	case <-s.stop:
	default:
		close(s.stop)
		<-s.done
		s.sample()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.peakRSS, s.peakHeap
}

// selfRSS is this process's resident set size in bytes (0 where /proc is missing).
func selfRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb * 1024
		}
	}
	return 0
}

// liveHeap collects garbage and returns the bytes of live Go heap objects.
func liveHeap() int64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return int64(ms.HeapAlloc)
}
