package analytics

import (
	"context"
	"time"
)

// ChartPoint is one element of get_chart_data.
type ChartPoint struct {
	Date       string `json:"date"`
	Total      int64  `json:"total"`
	Successful int64  `json:"successful"`
	Failed     int64  `json:"failed"`
}

func (s *Service) chartData(ctx context.Context, a args) (any, error) {
	hours, err := s.src.hours(ctx, a.from())
	if err != nil {
		return nil, err
	}
	out := []ChartPoint{}
	for _, b := range bucketize(hours, a.unit) {
		out = append(out, ChartPoint{Date: a.unit.dateLabel(b.Hour), Total: b.Total,
			Successful: b.Verified, Failed: b.failed()})
	}
	return out, nil
}

// VerificationTrends is the answer of get_verification_trends.
type VerificationTrends struct {
	Period  string        `json:"period"`
	Series  []TrendPoint  `json:"series"`
	Summary TrendsSummary `json:"summary"`
}

// TrendPoint is one bucket of get_verification_trends; Timestamp is RFC 3339.
type TrendPoint struct {
	Timestamp  string `json:"timestamp"`
	Total      int64  `json:"total"`
	Successful int64  `json:"successful"`
	Failed     int64  `json:"failed"`
}

// TrendsSummary sums the whole window of get_verification_trends.
type TrendsSummary struct {
	TotalVerifications int64 `json:"total_verifications"`
	SuccessRate        Num   `json:"success_rate"`
}

func (s *Service) verificationTrends(ctx context.Context, a args) (any, error) {
	hours, err := s.src.hours(ctx, a.from())
	if err != nil {
		return nil, err
	}
	out := VerificationTrends{Period: a.period, Series: []TrendPoint{}}
	for _, b := range bucketize(hours, a.unit) {
		out.Series = append(out.Series, TrendPoint{Timestamp: stamp(b.Hour), Total: b.Total,
			Successful: b.Verified, Failed: b.failed()})
	}
	k := sumCounts(hours, time.Time{})
	out.Summary = TrendsSummary{TotalVerifications: k.Total, SuccessRate: rate(k.Verified, k.Total)}
	return out, nil
}

// UserGrowth is the answer of get_user_growth.
type UserGrowth struct {
	Period      string        `json:"period"`
	Granularity string        `json:"granularity"`
	Series      []GrowthPoint `json:"series"`
	Summary     GrowthSummary `json:"summary"`
}

// GrowthPoint is one bucket of get_user_growth.
type GrowthPoint struct {
	Date       string `json:"date"`
	NewUsers   int64  `json:"new_users"`
	TotalUsers int64  `json:"total_users"`
}

// GrowthSummary sums the whole window of get_user_growth.
type GrowthSummary struct {
	TotalNewUsers int64 `json:"total_new_users"`
	GrowthRate    Num   `json:"growth_rate"`
}

// unitNames renders a unit as its p_granularity value.
var unitNames = map[unit]string{unitHour: "hour", unitDay: "day", unitWeek: "week"}

// userGrowth counts users by their first verification ever: new_users are the users
// first seen in a bucket, total_users all users seen up to the bucket's end (those from
// before the window included), growth_rate the window's new users as a percentage of the
// users known when it began (0 when none were).
func (s *Service) userGrowth(ctx context.Context, a args) (any, error) {
	fetch := a.unit
	if fetch == unitWeek {
		fetch = unitDay
	}
	before, buckets, err := s.src.users(ctx, a.from(), fetch)
	if err != nil {
		return nil, err
	}
	out := UserGrowth{Period: a.period, Granularity: unitNames[a.unit], Series: []GrowthPoint{}}
	running := before
	for _, b := range buckets {
		running += b.New
		out.Summary.TotalNewUsers += b.New
		label := a.unit.dateLabel(a.unit.floor(b.Start))
		if n := len(out.Series); n > 0 && out.Series[n-1].Date == label {
			out.Series[n-1].NewUsers += b.New
			out.Series[n-1].TotalUsers = running
			continue
		}
		out.Series = append(out.Series, GrowthPoint{Date: label, NewUsers: b.New, TotalUsers: running})
	}
	out.Summary.GrowthRate = rate(out.Summary.TotalNewUsers, before)
	return out, nil
}
