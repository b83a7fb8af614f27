package hooks

import (
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"github.com/nezuko/nezuko/bottoken"
	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/policy"
)

// bindRecordPolicies binds package policy's rules on records and requests, and the
// sealing of bot tokens on save.
func bindRecordPolicies(app core.App, sealer *bottoken.Sealer) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.Bind(&hook.Handler[*core.RequestEvent]{Id: "nezukoViewersCannotCreate", Func: policy.ViewersCannotCreate,
			Priority: apis.DefaultLoadAuthTokenMiddlewarePriority + 1}) // once the caller is known
		return se.Next()
	})
	app.OnRecordCreate(c.BotInstances).BindFunc(sealer.OnSave)
	app.OnRecordUpdate(c.BotInstances).BindFunc(sealer.OnSave)

	app.OnRecordCreateRequest(c.BotInstances, c.AdminUsers).BindFunc(policy.KeepServerFields) // before CreateDefaults
	app.OnRecordUpdateRequest(c.BotInstances, c.AdminUsers).BindFunc(policy.KeepServerFields)
	app.OnRecordCreateRequest(c.BotInstances, c.AdminUsers, c.ProtectedGroups).BindFunc(policy.CreateDefaults)
	app.OnRecordDeleteRequest(c.BotInstances, c.AdminUsers).BindFunc(policy.SoftDelete)
	app.OnRecordCreateRequest(c.AdminCommands).BindFunc(policy.NewCommand)
	app.OnRecordCreateRequest(c.ProtectedGroups).BindFunc(policy.KeepHealth)
	app.OnRecordUpdateRequest(c.ProtectedGroups).BindFunc(policy.KeepHealth)
	app.OnRecordCreateRequest(c.ProtectedGroups).BindFunc(policy.CheckParams)
	app.OnRecordUpdateRequest(c.ProtectedGroups).BindFunc(policy.CheckParams)
	app.OnRecordCreateRequest(c.AdminConfig).BindFunc(policy.StampConfigEditor)
	app.OnRecordUpdateRequest(c.AdminConfig).BindFunc(policy.StampConfigEditor)
	app.OnRecordEnrich(c.AdminConfig).BindFunc(policy.MaskSensitiveConfig)
	app.OnRecordsListRequest().BindFunc(policy.GuardConfigListProbes)
	app.OnRealtimeSubscribeRequest().BindFunc(policy.GuardConfigSubscriptionProbes)
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.GET(policy.SchemaPath, policy.Schema).Bind(policy.RequireAdmin(policy.AnyAdmin))
		return se.Next()
	})
	app.OnRecordAuthRequest(c.AdminUsers).BindFunc(policy.RecordLogin)
	app.OnRecordAuthWithPasswordRequest(c.AdminUsers).BindFunc(policy.HideDisabledAccounts)
	app.OnRecordRequestEmailChangeRequest(c.AdminUsers).BindFunc(policy.RefuseEmailChangeRequest)
	app.OnRecordConfirmEmailChangeRequest(c.AdminUsers).BindFunc(policy.RefuseEmailChangeConfirm)
}
