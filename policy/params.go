package policy

import (
	"strconv"
	"unicode/utf8"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
)

// MaxWarningText is the longest params.warning_text, in characters: the warning, names
// filled in, must fit one Telegram message (/settings and the dashboard allow the same).
const MaxWarningText = 1000

// CheckParams refuses protected_groups params the bots cannot use, with a 400 naming
// params: a warning_text over MaxWarningText characters, which Telegram would refuse to
// send, leaving muted users unwarned (OnRecordCreateRequest/UpdateRequest).
func CheckParams(e *core.RecordRequestEvent) error {
	p, err := c.Wrap(&c.ProtectedGroup{}, e.Record).Params()
	if err == nil && utf8.RuneCountInString(p.WarningText) > MaxWarningText {
		msg := "params.warning_text is too long: at most " + strconv.Itoa(MaxWarningText) + " characters."
		return e.BadRequestError(msg, validation.Errors{c.FieldParams: validation.NewError("validation_warning_text_too_long", msg)})
	}
	return e.Next()
}
