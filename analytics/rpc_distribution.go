package analytics

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/pocketbase/dbx"

	c "github.com/nezuko/nezuko/collections"
)

// unknownGroup is the title of a group without a protected_groups row (or title).
const unknownGroup = "Unknown Group"

// weekCounts sums the verification_log rows of the last 7 days.
func (s *Service) weekCounts(ctx context.Context, a args) (counts, []hourCounts, error) {
	hours, err := s.src.hours(ctx, a.now.Add(-week))
	return sumCounts(hours, time.Time{}), hours, err
}

// VerificationDistribution is the answer of get_verification_distribution.
type VerificationDistribution struct {
	Verified   int64 `json:"verified"`
	Restricted int64 `json:"restricted"`
	Error      int64 `json:"error"`
	Total      int64 `json:"total"`
}

func (s *Service) verificationDistribution(ctx context.Context, a args) (any, error) {
	k, _, err := s.weekCounts(ctx, a)
	return VerificationDistribution{Verified: k.Verified, Restricted: k.Restricted, Error: k.Errors,
		Total: k.Total}, err
}

// CacheBreakdown is the answer of get_cache_breakdown.
type CacheBreakdown struct {
	Cached  int64 `json:"cached"`
	API     int64 `json:"api"`
	Total   int64 `json:"total"`
	HitRate Num   `json:"hit_rate"`
}

func (s *Service) cacheBreakdown(ctx context.Context, a args) (any, error) {
	k, _, err := s.weekCounts(ctx, a)
	return CacheBreakdown{Cached: k.Cached, API: k.Total - k.Cached, Total: k.Total,
		HitRate: rate(k.Cached, k.Total)}, err
}

// MethodShare is one element of get_api_calls_distribution.
type MethodShare struct {
	Method     string `json:"method"`
	Count      int64  `json:"count"`
	Percentage Num    `json:"percentage"`
}

func (s *Service) apiCallsDistribution(ctx context.Context, a args) (any, error) {
	m, err := s.src.methods(ctx, a.now.Add(-week))
	if err != nil {
		return nil, err
	}
	var total int64
	out := make([]MethodShare, 0, len(m))
	for name, n := range m {
		total += n
		out = append(out, MethodShare{Method: name, Count: n})
	}
	for i := range out {
		out[i].Percentage = rate(out[i].Count, total)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Method < out[j].Method
	})
	return out, nil
}

// HourActivity is one element of get_hourly_activity.
type HourActivity struct {
	Hour          int    `json:"hour"`
	Label         string `json:"label"`
	Verifications int64  `json:"verifications"`
	Restrictions  int64  `json:"restrictions"`
}

func (s *Service) hourlyActivity(ctx context.Context, a args) (any, error) {
	_, hours, err := s.weekCounts(ctx, a)
	if err != nil {
		return nil, err
	}
	var by [24]counts
	for _, h := range hours {
		by[h.Hour.Hour()].add(h.counts)
	}
	out := []HourActivity{}
	for hour, k := range by {
		if k.Total > 0 {
			out = append(out, HourActivity{Hour: hour, Label: fmt.Sprintf("%02d:00", hour),
				Verifications: k.Verified, Restrictions: k.Restricted})
		}
	}
	return out, nil
}

// LatencyShare is one element of get_latency_distribution.
type LatencyShare struct {
	Bucket     string `json:"bucket"`
	Count      int64  `json:"count"`
	Percentage Num    `json:"percentage"`
	SortOrder  int    `json:"sort_order"`
}

func (s *Service) latencyDistribution(ctx context.Context, a args) (any, error) {
	k, _, err := s.weekCounts(ctx, a)
	if err != nil {
		return nil, err
	}
	names := []string{"<50ms", "50-100ms", "100-200ms", "200-500ms", ">500ms"}
	values := []int64{k.LatLT50, k.LatLT100, k.LatLT200, k.LatLT500, k.LatGE500}
	out := make([]LatencyShare, len(names))
	for i := range names {
		out[i] = LatencyShare{Bucket: names[i], Count: values[i], Percentage: rate(values[i], k.LatencyRows),
			SortOrder: i + 1}
	}
	return out, nil
}

// TopGroup is one element of get_top_groups.
type TopGroup struct {
	GroupID       int64  `json:"group_id"`
	Title         string `json:"title"`
	Verifications int64  `json:"verifications"`
	SuccessRate   Num    `json:"success_rate"`
}

func (s *Service) topGroups(ctx context.Context, a args) (any, error) {
	groups, err := s.src.groups(ctx, a.now.Add(-week))
	if err != nil {
		return nil, err
	}
	sort.Slice(groups, func(i, j int) bool {
		if groups[i].Total != groups[j].Total {
			return groups[i].Total > groups[j].Total
		}
		return groups[i].GroupID < groups[j].GroupID
	})
	if len(groups) > a.limit {
		groups = groups[:a.limit]
	}
	titles, err := s.groupTitles(ctx, groups)
	if err != nil {
		return nil, err
	}
	out := make([]TopGroup, len(groups))
	for i, g := range groups {
		title := titles[g.GroupID]
		if title == "" {
			title = unknownGroup
		}
		out[i] = TopGroup{GroupID: g.GroupID, Title: title, Verifications: g.Total,
			SuccessRate: rate(g.Verified, g.Total)}
	}
	return out, nil
}

// groupTitles maps the groups' ids to their protected_groups titles.
func (s *Service) groupTitles(ctx context.Context, groups []groupCounts) (map[int64]string, error) {
	titles := map[int64]string{}
	if len(groups) == 0 {
		return titles, nil
	}
	ids := make([]any, len(groups))
	for i, g := range groups {
		ids[i] = g.GroupID
	}
	rows, err := s.app.DB().Select(c.FieldGroupID, c.FieldTitle).From(c.ProtectedGroups).
		Where(dbx.In(c.FieldGroupID, ids...)).WithContext(ctx).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var title string
		if err := rows.Scan(&id, &title); err != nil {
			return nil, err
		}
		titles[id] = title
	}
	return titles, rows.Err()
}
