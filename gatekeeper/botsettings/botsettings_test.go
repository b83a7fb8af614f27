package botsettings

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	c "github.com/nezuko/nezuko/collections"
)

// fakeConfig is admin_config as a map; a string value is not a number.
type fakeConfig struct {
	mu     sync.Mutex
	values map[string]any
}

func (f *fakeConfig) ConfigNumber(key string, dst *float64) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	v, ok := f.values[key]
	if !ok {
		return false, nil
	}
	n, ok := v.(float64)
	if !ok {
		return true, errors.New("not a number")
	}
	*dst = n
	return true, nil
}

func (f *fakeConfig) put(key string, v any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.values[key] = v
}

// New reads every key; absent, malformed and out-of-range ones keep their defaults,
// and a malformed one is logged.
func TestNewReadsAdminConfig(t *testing.T) {
	for _, tc := range []struct {
		name   string
		values map[string]any
		want   Settings
		warns  string
	}{
		{"empty", map[string]any{}, defaults, ""},
		{"every key", map[string]any{c.ConfigCachePositiveTTL: 30.0, c.ConfigCacheNegativeTTL: 1.5, c.ConfigWarningTTL: 5.0,
			c.ConfigRatePerBot: 2.5, c.ConfigRatePerGroup: 7.9},
			Settings{PositiveTTL: 30 * time.Second, NegativeTTL: 1500 * time.Millisecond, WarningTTL: 5 * time.Second,
				RatePerBot: 2.5, RatePerGroup: 7}, ""},
		{"not positive", map[string]any{c.ConfigCachePositiveTTL: 0.0, c.ConfigWarningTTL: -1.0, c.ConfigRatePerBot: 0.0,
			c.ConfigRatePerGroup: 0.5}, defaults, ""},
		{"not a number", map[string]any{c.ConfigWarningTTL: "soon", c.ConfigRatePerGroup: 3.0},
			func() Settings { s := defaults; s.RatePerGroup = 3; return s }(), c.ConfigWarningTTL},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var logs bytes.Buffer
			s := New(&fakeConfig{values: tc.values}, slog.New(slog.NewTextHandler(&logs, nil)))
			if got := s.Get(); got != tc.want {
				t.Fatalf("Get = %+v, want %+v", got, tc.want)
			}
			if tc.warns == "" && logs.Len() > 0 {
				t.Fatalf("logged %q", logs.String())
			}
			if tc.warns != "" && !strings.Contains(logs.String(), "key="+tc.warns) {
				t.Fatalf("logs = %q, want a warning about %s", logs.String(), tc.warns)
			}
		})
	}
}

// Set calls the OnChange functions with the new values, and only when they changed.
func TestSetNotifiesChangesOnly(t *testing.T) {
	s := New(&fakeConfig{values: map[string]any{}}, slog.Default())
	var got []Settings
	s.OnChange(func(v Settings) { got = append(got, v) })
	s.Set(defaults)
	if len(got) != 0 {
		t.Fatalf("unchanged values notified: %+v", got)
	}
	v := defaults
	v.RatePerGroup = 5
	s.Set(v)
	s.Set(v)
	if len(got) != 1 || got[0] != v || s.Get() != v {
		t.Fatalf("notified %+v, Get = %+v; want one %+v", got, s.Get(), v)
	}
}

// Run re-reads admin_config until stop closes, then marks wg done.
func TestRunRereads(t *testing.T) {
	db := &fakeConfig{values: map[string]any{}}
	s := New(db, slog.Default())
	s.every = time.Millisecond
	changed := make(chan Settings, 1)
	s.OnChange(func(v Settings) { changed <- v })
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go s.Run(stop, &wg)
	db.put(c.ConfigRatePerBot, 3.0)
	select {
	case v := <-changed:
		if v.RatePerBot != 3 {
			t.Fatalf("re-read %+v", v)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the change was never read")
	}
	close(stop)
	wg.Wait()
}
