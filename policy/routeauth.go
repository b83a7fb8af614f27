package policy

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	c "github.com/nezuko/nezuko/collections"
)

// Route access levels for custom routes (DESIGN.md §3): anonymous callers get 401,
// signed-in callers below the level (or inactive, or deleted) get 403.
const (
	AnyAdmin  = c.ViewerLevel // any active admin user, or a superuser
	Writer    = c.AdminLevel  // an active admin or owner, or a superuser
	OwnerOnly = c.OwnerLevel  // an active owner, or a superuser
)

// RequireAdmin returns route middleware that admits superusers and active admin users
// with at least the given level (AnyAdmin, Writer or OwnerOnly).
func RequireAdmin(level c.RoleLevel) *hook.Handler[*core.RequestEvent] {
	return &hook.Handler[*core.RequestEvent]{
		Id: "nezukoRequireAdmin",
		Func: func(e *core.RequestEvent) error {
			if e.Auth == nil {
				return e.UnauthorizedError("Sign in first.", nil)
			}
			if e.HasSuperuserAuth() {
				return e.Next()
			}
			if !c.IsAdminUser(e.Auth) {
				return e.ForbiddenError("Only Nezuko admin users may do this.", nil)
			}
			u := c.Wrap(&c.AdminUser{}, e.Auth)
			if !u.Usable() {
				return e.ForbiddenError("This admin account is inactive.", nil)
			}
			if !u.Level().AtLeast(level) {
				return e.ForbiddenError("Your role may not do this.", nil)
			}
			return e.Next()
		},
	}
}

// CallerAdmin returns the calling admin user, or nil for superusers and anonymous callers.
func CallerAdmin(e *core.RequestEvent) *c.AdminUser {
	if !c.IsAdminUser(e.Auth) {
		return nil
	}
	return c.Wrap(&c.AdminUser{}, e.Auth)
}
