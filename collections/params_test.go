package collections_test

import (
	"encoding/json"
	"strings"
	"testing"

	c "github.com/nezuko/nezuko/collections"
)

func TestValidateParams(t *testing.T) {
	for body, want := range map[string]string{
		`null`: "", `{}`: "",
		`{"action":"kick","mode":"observe","on_error":"allow","language":"de","warning_ttl_seconds":0,"warning_text":"hi {user}","exempt_user_ids":[1,2],"join_requests":true}`: "",
		`{"action":"","warning_ttl_seconds":null}`: "",
		`{"action":"explode"}`:                     "params.action must be one of mute, kick, delete.",
		`{"mode":"loud"}`:                          "params.mode must be one of enforce, observe.",
		`{"on_error":1}`:                           "params.on_error must be one of restrict, allow.",
		`{"language":"fr"}`:                        "params.language must be one of en, de, es.",
		`{"warning_ttl_seconds":-1}`:               "params.warning_ttl_seconds must be a whole number from 0 to 86400",
		`{"warning_ttl_seconds":1.5}`:              "params.warning_ttl_seconds must be a whole number",
		`{"warning_ttl_seconds":"60"}`:             "params.warning_ttl_seconds must be a whole number",
		`{"warning_text":5}`:                       "params.warning_text must be text.",
		`{"exempt_user_ids":[0]}`:                  "params.exempt_user_ids must hold Telegram user ids",
		`{"exempt_user_ids":"1"}`:                  "params.exempt_user_ids must be a list",
		`{"join_requests":"yes"}`:                  "params.join_requests must be true or false.",
		`{"volume":11}`:                            "params.volume is not a setting; the settings are action, mode,",
		`[1]`:                                      "params must be a JSON object",
		`{"warning_text":"` + strings.Repeat("é", c.MaxWarningText+1) + `"}`: "params.warning_text is too long: at most 1000 characters.",
	} {
		var v any
		if err := json.Unmarshal([]byte(body), &v); err != nil {
			t.Fatal(err)
		}
		err := c.ValidateParams(v)
		switch {
		case want == "" && err != nil:
			t.Errorf("%s: %v", body, err)
		case want != "" && (err == nil || !strings.HasPrefix(err.Error(), want)):
			t.Errorf("%s: %v, want %q", body, err, want)
		}
	}
	ttl := 60
	if err := (c.GroupParams{Action: "kick", WarningTTLSeconds: &ttl, ExemptUserIDs: []int64{7}}).Validate(); err != nil {
		t.Error(err)
	}
	if err := (c.GroupParams{Action: "explode"}).Validate(); err == nil {
		t.Error("explode accepted")
	}
}
