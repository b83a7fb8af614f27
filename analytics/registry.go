package analytics

import (
	"context"
	"errors"
	"sort"
)

// ErrUnknownFunction is returned by Call for a name that is not one of the functions.
var ErrUnknownFunction = errors.New("unknown analytics function")

// function is one RPC: its parameters and its body.
type function struct {
	spec paramSpec
	run  func(s *Service, ctx context.Context, a args) (any, error)
}

// functions are the 15 RPCs of spec/rpc.md and the conversion funnel, by name.
var functions = map[string]function{
	"get_dashboard_stats":           {paramSpec{}, (*Service).dashboardStats},
	"get_chart_data":                {paramSpec{period: "7d"}, (*Service).chartData},
	"get_verification_trends":       {paramSpec{period: "7d", granularity: true}, (*Service).verificationTrends},
	"get_user_growth":               {paramSpec{period: "30d", granularity: true}, (*Service).userGrowth},
	"get_analytics_overview":        {paramSpec{}, (*Service).analyticsOverview},
	"get_verification_distribution": {paramSpec{}, (*Service).verificationDistribution},
	"get_cache_breakdown":           {paramSpec{}, (*Service).cacheBreakdown},
	"get_groups_status":             {paramSpec{}, (*Service).groupsStatus},
	"get_api_calls_distribution":    {paramSpec{}, (*Service).apiCallsDistribution},
	"get_hourly_activity":           {paramSpec{}, (*Service).hourlyActivity},
	"get_latency_distribution":      {paramSpec{}, (*Service).latencyDistribution},
	"get_top_groups":                {paramSpec{limit: 10}, (*Service).topGroups},
	"get_cache_hit_rate_trend":      {paramSpec{period: "30d"}, (*Service).cacheHitRateTrend},
	"get_latency_trend":             {paramSpec{period: "30d"}, (*Service).latencyTrend},
	"get_bot_health":                {paramSpec{}, (*Service).botHealth},
	FunnelName:                      {paramSpec{period: "7d", group: true}, (*Service).conversionFunnel},
}

// Functions lists the names of the functions (the 15 and the funnel), sorted.
func Functions() []string {
	names := make([]string, 0, len(functions))
	for name := range functions {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// Call runs the named function: ErrUnknownFunction for an unknown name, a
// validation.Errors keyed by parameter for invalid parameters, else the function's JSON
// value. The rollups are brought up to date first, so rows inserted before the call are
// counted — unless the backlog is larger than one rollup transaction (a bulk import,
// the first start on a database full of old rows): then it is rolled up in the
// background (Notify) and the answer lags behind until that is done, instead of making
// the caller wait minutes.
func (s *Service) Call(ctx context.Context, name string, p Params) (any, error) {
	fn, ok := functions[name]
	if !ok {
		return nil, ErrUnknownFunction
	}
	a, err := parseArgs(fn.spec, p, s.now())
	if err != nil {
		return nil, err
	}
	if err := s.catchUp(ctx); err != nil {
		return nil, err
	}
	return fn.run(s, ctx, a)
}

// catchUp brings the rollups up to date before an answer (see Call): at once, or in
// the background when the backlog is larger than one rollup transaction.
func (s *Service) catchUp(ctx context.Context) error {
	backlog, err := s.backlog(ctx)
	if err != nil {
		return err
	}
	if backlog > s.onDemandLimit {
		s.Notify()
		return nil
	}
	return s.Sync(ctx)
}
