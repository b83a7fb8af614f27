package analytics

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	validation "github.com/pocketbase/ozzo-validation/v4"
)

// Parameter names of the RPCs (spec/rpc.md).
const (
	ParamPeriod      = "p_period"
	ParamGranularity = "p_granularity"
	ParamLimit       = "p_limit"
	ParamGroupID     = "p_group_id"
)

// Bounds of p_limit.
const (
	minLimit = 1
	maxLimit = 100
)

// Error codes of invalid parameters (the `code` in the 400 answer's data).
const (
	CodeInvalidPeriod      = "invalid_period"
	CodeInvalidGranularity = "invalid_granularity"
	CodeInvalidNumber      = "invalid_number"
	CodeOutOfRange         = "out_of_range"
)

// Params are an RPC's named arguments, from the query string (strings) or a JSON body
// (strings, numbers, null). Unknown names are ignored.
type Params map[string]any

// paramSpec says which parameters a function takes and their defaults.
type paramSpec struct {
	period      string // default p_period; "" = the function takes none
	granularity bool   // takes p_granularity
	limit       int    // default p_limit; 0 = the function takes none
	group       bool   // takes an optional p_group_id
}

// args are validated parameters plus the clock reading of the call.
type args struct {
	now    time.Time
	period string        // normalised p_period ("" when not taken)
	window time.Duration // its length
	unit   unit          // bucket size: p_granularity, or the period's default
	limit  int
	group  int64 // p_group_id; 0 = not given (every group)
}

// from is the start of the rolling window.
func (a args) from() time.Time { return a.now.Add(-a.window) }

// parseArgs validates p against spec; the error is validation.Errors keyed by parameter.
func parseArgs(spec paramSpec, p Params, now time.Time) (args, error) {
	a := args{now: now.UTC(), limit: spec.limit}
	errs := validation.Errors{}
	if spec.period != "" {
		a.period = spec.period
		if s, ok, err := stringParam(p, ParamPeriod); err != nil || (ok && periods[s] == 0) {
			errs[ParamPeriod] = validation.NewError(CodeInvalidPeriod, "Must be one of "+periodNames+".")
		} else if ok {
			a.period = s
		}
		a.window = periods[a.period]
		a.unit = defaultUnit(a.period)
	}
	if spec.granularity {
		s, ok, err := stringParam(p, ParamGranularity)
		u, known := units[s]
		switch {
		case err != nil || (ok && !known):
			errs[ParamGranularity] = validation.NewError(CodeInvalidGranularity, "Must be one of "+granularityNames+".")
		case ok:
			a.unit = u
		}
	}
	if spec.limit != 0 {
		if n, ok, err := intParam(p, ParamLimit); err != nil {
			errs[ParamLimit] = err
		} else if ok && (n < minLimit || n > maxLimit) {
			errs[ParamLimit] = validation.NewError(CodeOutOfRange,
				fmt.Sprintf("Must be between %d and %d.", minLimit, maxLimit))
		} else if ok {
			a.limit = int(n)
		}
	}
	if spec.group {
		if n, ok, err := intParam(p, ParamGroupID); err != nil {
			errs[ParamGroupID] = err
		} else if ok && n == 0 {
			errs[ParamGroupID] = validation.NewError(CodeOutOfRange, "Must be a Telegram chat id, not 0.")
		} else if ok {
			a.group = n
		}
	}
	if len(errs) > 0 {
		return a, errs
	}
	return a, nil
}

// stringParam reads a text parameter; absent, null and "" count as not given.
func stringParam(p Params, name string) (string, bool, error) {
	switch v := p[name].(type) {
	case nil:
		return "", false, nil
	case string:
		v = strings.TrimSpace(v)
		return v, v != "", nil
	default:
		return "", false, fmt.Errorf("%s: not a string", name)
	}
}

// intParam reads an integer parameter given as a number or a numeric string.
func intParam(p Params, name string) (int64, bool, error) {
	notNumber := validation.NewError(CodeInvalidNumber, "Must be an integer.")
	var f float64
	switch v := p[name].(type) {
	case nil:
		return 0, false, nil
	case string:
		v = strings.TrimSpace(v)
		if v == "" {
			return 0, false, nil
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return 0, false, notNumber
		}
		return n, true, nil
	case json.Number:
		n, err := v.Int64()
		if err != nil {
			return 0, false, notNumber
		}
		return n, true, nil
	case float64:
		f = v
	case int:
		return int64(v), true, nil
	case int64:
		return v, true, nil
	default:
		return 0, false, notNumber
	}
	if f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		return 0, false, notNumber
	}
	return int64(f), true, nil
}

// errorMessage is the top-level message of a 400 answer: the parameters named, sorted.
func errorMessage(errs validation.Errors) string {
	var b strings.Builder
	b.WriteString("Invalid parameter")
	if len(errs) > 1 {
		b.WriteString("s")
	}
	for _, name := range []string{ParamPeriod, ParamGranularity, ParamLimit, ParamGroupID} {
		if e, ok := errs[name]; ok {
			b.WriteString(" " + name + ": " + strings.TrimSuffix(e.Error(), ".") + ";")
		}
	}
	return strings.TrimSuffix(b.String(), ";") + "."
}
