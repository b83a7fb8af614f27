package collections

import (
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Values of protected_groups.params; in each list the first value is the default.
var (
	ParamActions   = []string{"mute", "kick", "delete"}
	ParamModes     = []string{"enforce", "observe"}
	ParamOnErrors  = []string{"restrict", "allow"}
	ParamLanguages = []string{"en", "de", "es"} // the gatekeeper's message catalogs (a gatekeeper test keeps them equal)
)

// Limits of protected_groups.params.
const (
	// MaxWarningText is the longest warning_text, in characters: the warning, names
	// filled in, must fit one Telegram message.
	MaxWarningText = 1000
	// MaxWarningTTL is the longest warning_ttl_seconds (a day); 0 keeps warnings.
	MaxWarningTTL = 86400
	// MaxExemptUsers bounds exempt_user_ids.
	MaxExemptUsers = 1000
)

// Kinds of ParamRule.
const (
	ParamEnum = "enum" // one of Values
	ParamText = "text" // a string of at most Max characters
	ParamInt  = "int"  // a whole number in Min..Max, or null for the default
	ParamBool = "bool"
	ParamIDs  = "ids" // a list of at most Max positive Telegram user ids
)

// ParamRule is what one params key accepts. ParamRules is the one description of
// group settings: ValidateParams checks REST writes and /settings with it, and the
// dashboard reads it (GET /api/nezuko/schema) instead of keeping copies.
type ParamRule struct {
	Key    string   `json:"key"`
	Kind   string   `json:"kind"`
	Values []string `json:"values,omitempty"` // ParamEnum: the allowed values, the default first
	Min    int      `json:"min"`
	Max    int      `json:"max"`
}

// ParamRules lists every params key, in the order /settings shows them.
var ParamRules = []ParamRule{
	{Key: ParamAction, Kind: ParamEnum, Values: ParamActions},
	{Key: ParamMode, Kind: ParamEnum, Values: ParamModes},
	{Key: ParamOnError, Kind: ParamEnum, Values: ParamOnErrors},
	{Key: ParamLanguage, Kind: ParamEnum, Values: ParamLanguages},
	{Key: ParamWarningTTL, Kind: ParamInt, Min: 0, Max: MaxWarningTTL},
	{Key: ParamWarningText, Kind: ParamText, Max: MaxWarningText},
	{Key: ParamExemptUsers, Kind: ParamIDs, Max: MaxExemptUsers},
	{Key: ParamJoinRequests, Kind: ParamBool},
}

// ParamError is a refused params value: Key names it, Error says what is allowed.
type ParamError struct {
	Key     string
	Message string
}

func (e *ParamError) Error() string { return e.Message }

// ValidateParams checks a params value as decoded from JSON (nil, or an object of the
// keys of ParamRules): the first problem is returned as a *ParamError naming the key
// and what it allows, e.g. `params.action must be one of mute, kick, delete.`.
// "" for an enum means its default, as does null for any key.
func ValidateParams(v any) error {
	if v == nil {
		return nil
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return &ParamError{Key: "", Message: "params must be a JSON object with the keys " + paramKeys() + "."}
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	slices.Sort(keys) // the same key is reported first on every call
	for _, k := range keys {
		i := slices.IndexFunc(ParamRules, func(r ParamRule) bool { return r.Key == k })
		if i < 0 {
			return &ParamError{Key: k, Message: "params." + k + " is not a setting; the settings are " + paramKeys() + "."}
		}
		if obj[k] == nil {
			continue
		}
		if msg := ParamRules[i].check(obj[k]); msg != "" {
			return &ParamError{Key: k, Message: "params." + k + " " + msg + "."}
		}
	}
	return nil
}

// Validate checks p with ValidateParams.
func (p GroupParams) Validate() error {
	raw, err := json.Marshal(p)
	if err != nil {
		return err
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return err
	}
	return ValidateParams(v)
}

// check returns what is wrong with v ("" when nothing).
func (r ParamRule) check(v any) string {
	switch r.Kind {
	case ParamEnum:
		s, ok := v.(string)
		if !ok || s != "" && !slices.Contains(r.Values, s) {
			return "must be one of " + strings.Join(r.Values, ", ")
		}
	case ParamText:
		s, ok := v.(string)
		if !ok {
			return "must be text"
		}
		if utf8.RuneCountInString(s) > r.Max {
			return "is too long: at most " + strconv.Itoa(r.Max) + " characters"
		}
	case ParamInt:
		n, ok := v.(float64)
		if !ok || n != math.Trunc(n) || n < float64(r.Min) || n > float64(r.Max) {
			return "must be a whole number from " + strconv.Itoa(r.Min) + " to " + strconv.Itoa(r.Max) + ", or null for the default"
		}
	case ParamBool:
		if _, ok := v.(bool); !ok {
			return "must be true or false"
		}
	case ParamIDs:
		list, ok := v.([]any)
		if !ok || len(list) > r.Max {
			return "must be a list of at most " + strconv.Itoa(r.Max) + " Telegram user ids"
		}
		for _, x := range list {
			if n, ok := x.(float64); !ok || n != math.Trunc(n) || n < 1 || n > 1<<53 {
				return "must hold Telegram user ids (positive whole numbers)"
			}
		}
	}
	return ""
}

// paramKeys lists the keys of ParamRules, comma-separated.
func paramKeys() string {
	keys := make([]string, len(ParamRules))
	for i, r := range ParamRules {
		keys[i] = r.Key
	}
	return strings.Join(keys, ", ")
}
