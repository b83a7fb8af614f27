package audit

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"
)

// Register runs every API create, update and delete on the audited Collections inside a
// transaction that also saves its admin_audit_log row (Create, Update, Delete at Priority).
func Register(app core.App) {
	wrap := func(f func(*core.RecordRequestEvent) error) *hook.Handler[*core.RecordRequestEvent] {
		return &hook.Handler[*core.RecordRequestEvent]{Func: f, Priority: Priority}
	}
	app.OnRecordCreateRequest(Collections...).Bind(wrap(Create))
	app.OnRecordUpdateRequest(Collections...).Bind(wrap(Update))
	app.OnRecordDeleteRequest(Collections...).Bind(wrap(Delete))
}
