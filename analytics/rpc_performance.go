package analytics

import (
	"context"
	"time"
)

// CacheHitRateTrend is the answer of get_cache_hit_rate_trend.
type CacheHitRateTrend struct {
	Period      string      `json:"period"`
	Series      []RatePoint `json:"series"`
	CurrentRate Num         `json:"current_rate"`
	AverageRate Num         `json:"average_rate"`
}

// RatePoint is one bucket of get_cache_hit_rate_trend.
type RatePoint struct {
	Date  string `json:"date"`
	Value Num    `json:"value"`
}

// cacheHitRateTrend: current_rate is the latest bucket's hit rate (today's, or this
// hour's for 24h), average_rate the row-weighted rate of the whole window; the
// original returned the window rate for both.
func (s *Service) cacheHitRateTrend(ctx context.Context, a args) (any, error) {
	hours, err := s.src.hours(ctx, a.from())
	if err != nil {
		return nil, err
	}
	out := CacheHitRateTrend{Period: a.period, Series: []RatePoint{}}
	for _, b := range bucketize(hours, a.unit) {
		out.Series = append(out.Series, RatePoint{Date: a.unit.dateLabel(b.Hour), Value: rate(b.Cached, b.Total)})
	}
	if n := len(out.Series); n > 0 {
		out.CurrentRate = out.Series[n-1].Value
	}
	k := sumCounts(hours, time.Time{})
	out.AverageRate = rate(k.Cached, k.Total)
	return out, nil
}

// LatencyTrend is the answer of get_latency_trend.
type LatencyTrend struct {
	Period     string         `json:"period"`
	Series     []LatencyPoint `json:"series"`
	CurrentAvg Num            `json:"current_avg"`
}

// LatencyPoint is one bucket of get_latency_trend.
type LatencyPoint struct {
	Date       string `json:"date"`
	AvgLatency Num    `json:"avg_latency"`
	P95Latency Num    `json:"p95_latency"`
}

// latencyTrend: per bucket the mean and the continuous 95th percentile of the rows
// with a latency; current_avg is the latest bucket's mean (the original returned the
// window's mean). A whole bucket's p95 is remembered with its row count: rollups only
// grow, so an unchanged count means an unchanged histogram, and only new or changed
// buckets (today, a late row's day, the window's partial first bucket) are read again.
func (s *Service) latencyTrend(ctx context.Context, a args) (any, error) {
	hours, err := s.src.hours(ctx, a.from())
	if err != nil {
		return nil, err
	}
	buckets := bucketize(hours, a.unit)
	first := a.unit.floor(a.from())
	partial := first.Before(a.from())
	p95 := make(map[time.Time]Num, len(buckets))
	want := map[time.Time]bool{}
	for _, b := range buckets {
		if b.LatencyRows == 0 {
			continue
		}
		if v, ok := s.p95s.get(a.unit, b.Hour, b.LatencyRows); ok && !(partial && b.Hour.Equal(first)) {
			p95[b.Hour] = v
		} else {
			want[b.Hour] = true
		}
	}
	if len(want) > 0 {
		hists, err := s.src.latencies(ctx, a.from(), a.unit, want)
		if err != nil {
			return nil, err
		}
		for i := range hists {
			h := &hists[i]
			if !want[h.Start] {
				continue
			}
			p95[h.Start] = h.Hist.percentileCont(95)
			if !(partial && h.Start.Equal(first)) {
				s.p95s.put(a.unit, h.Start, h.Hist.n, p95[h.Start])
			}
		}
	}
	out := LatencyTrend{Period: a.period, Series: []LatencyPoint{}}
	for _, b := range buckets {
		if b.LatencyRows == 0 {
			continue
		}
		out.Series = append(out.Series, LatencyPoint{Date: a.unit.dateLabel(b.Hour),
			AvgLatency: mean(b.LatencySum, b.LatencyRows), P95Latency: p95[b.Hour]})
	}
	if n := len(out.Series); n > 0 {
		out.CurrentAvg = out.Series[n-1].AvgLatency
	}
	return out, nil
}
