package policy

import (
	"encoding/json"
	"net/url"
	"regexp"
	"strings"

	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
)

// probeMessage answers a filter or sort that could reveal a sensitive config value.
const probeMessage = "Only owners may filter or sort on admin_config values (sensitive values read \"***\")."

var (
	quotedText = regexp.MustCompile(`'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"`)
	fieldPath  = regexp.MustCompile(`[@\w.:]+`)         // a field path: value:lower, @collection.x.value, …
	valueStep  = regexp.MustCompile(`^[\w:]*\.value\b`) // after a collection name: …_via_updated_by.value
)

// probesConfigValue reports whether a filter or sort expression on collection reads
// admin_config's value: directly when listing admin_config (value, -value,
// value:lower, value.path), or through a join from any collection
// (@collection.admin_config.value, admin_config_via_updated_by.value). Quoted text is
// ignored.
func probesConfigValue(app core.App, collection *core.Collection, expr string) bool {
	if strings.TrimSpace(expr) == "" {
		return false
	}
	config, err := app.FindCachedCollectionByNameOrId(c.AdminConfig)
	if err != nil {
		return false
	}
	listsConfig := collection != nil && collection.Id == config.Id
	for _, path := range fieldPath.FindAllString(quotedText.ReplaceAllString(expr, "''"), -1) {
		if listsConfig && (path == c.FieldValue || strings.HasPrefix(path, c.FieldValue+".") || strings.HasPrefix(path, c.FieldValue+":")) {
			return true
		}
		for _, name := range []string{config.Name, config.Id} {
			if i := strings.Index(path, name); i >= 0 && valueStep.MatchString(path[i+len(name):]) {
				return true
			}
		}
	}
	return false
}

// GuardConfigListProbes refuses, with 400, a records list whose filter or sort reads
// admin_config values, unless the caller may read sensitive values (owners and
// superusers): otherwise a non-owner who sees "***" could learn a sensitive value one
// guess at a time from which rows a filter keeps or how a sort orders them
// (OnRecordsListRequest, every collection).
func GuardConfigListProbes(e *core.RecordsListRequestEvent) error {
	info, err := e.RequestInfo()
	if err != nil {
		return err
	}
	if !mayReadSecrets(info) {
		q := e.Request.URL.Query()
		if probesConfigValue(e.App, e.Collection, q.Get("filter")) || probesConfigValue(e.App, e.Collection, q.Get("sort")) {
			return e.BadRequestError(probeMessage, nil)
		}
	}
	return e.Next()
}

// GuardConfigSubscriptionProbes refuses, with 400, realtime subscriptions whose filter
// option reads admin_config values, unless the caller may read sensitive values: the
// events a filtered subscription receives would reveal them as a filtered list would
// (OnRealtimeSubscribeRequest).
func GuardConfigSubscriptionProbes(e *core.RealtimeSubscribeRequestEvent) error {
	info, err := e.RequestInfo()
	if err != nil {
		return err
	}
	if mayReadSecrets(info) {
		return e.Next()
	}
	for _, sub := range e.Subscriptions {
		u, err := url.Parse(sub)
		if err != nil {
			continue // PocketBase ignores the options of such a topic too
		}
		var options struct {
			Query map[string]any `json:"query"`
		}
		json.Unmarshal([]byte(u.Query().Get("options")), &options)
		filter, _ := options.Query["filter"].(string)
		topic, _, _ := strings.Cut(u.Path, "/")
		collection, _ := e.App.FindCachedCollectionByNameOrId(topic)
		if probesConfigValue(e.App, collection, filter) {
			return e.BadRequestError(probeMessage, nil)
		}
	}
	return e.Next()
}
