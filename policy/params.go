package policy

import (
	"encoding/json"
	"errors"
	"net/http"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/gatekeeper/i18n"
)

// CheckParams refuses protected_groups params the bots cannot use with a 400 naming
// the key and what it allows (collections.ValidateParams): `{"action":"explode"}` would
// otherwise be saved and the bot would silently mute. Checked on create, and on update
// when the body sends params (OnRecordCreateRequest/UpdateRequest).
func CheckParams(e *core.RecordRequestEvent) error {
	if !e.Record.IsNew() {
		info, err := e.RequestInfo()
		if err != nil {
			return err
		}
		if _, sent := info.Body[c.FieldParams]; !sent {
			return e.Next()
		}
	}
	var v any
	if raw, ok := e.Record.GetRaw(c.FieldParams).(types.JSONRaw); ok && len(raw) > 0 {
		if err := json.Unmarshal(raw, &v); err != nil {
			return e.BadRequestError("params must be a JSON object.", nil)
		}
	}
	var perr *c.ParamError
	if err := c.ValidateParams(v); errors.As(err, &perr) {
		return e.BadRequestError(perr.Message, validation.Errors{c.FieldParams: validation.NewError("validation_invalid_params", perr.Message).
			SetParams(map[string]any{"key": perr.Key})})
	}
	return e.Next()
}

// SchemaPath serves what the dashboard must offer exactly as the server checks it:
// the group settings (collections.ParamRules), the admin_config keys only owners
// may change (collections.ConfigTrustKeys) and the bot's default warning texts,
// instead of copies in the UI.
const SchemaPath = "/api/nezuko/schema"

// Schema answers {group_params, owner_only_config, default_warnings} (GET SchemaPath,
// any active admin user or superuser); default_warnings is {language: {action: text}}.
func Schema(e *core.RequestEvent) error {
	return e.JSON(http.StatusOK, map[string]any{"group_params": c.ParamRules, "owner_only_config": c.ConfigTrustKeys,
		"default_warnings": defaultWarnings()})
}

// defaultWarnings is i18n.DefaultWarning for every language and action a
// group may choose.
func defaultWarnings() map[string]map[string]string {
	out := make(map[string]map[string]string, len(c.ParamLanguages))
	for _, lang := range c.ParamLanguages {
		out[lang] = make(map[string]string, len(c.ParamActions))
		for _, action := range c.ParamActions {
			out[lang][action] = i18n.DefaultWarning(lang, action)
		}
	}
	return out
}
