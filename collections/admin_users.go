package collections

import (
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// AdminUser is a typed view of an admin_users (auth) record.
type AdminUser struct{ core.BaseRecordProxy }

// NewAdminUser returns an unsaved, active admin user with the given role.
func NewAdminUser(app core.App, email, password, role string) (*AdminUser, error) {
	u, err := newProxy(app, AdminUsers, &AdminUser{})
	if err == nil {
		u.SetEmail(email)
		u.SetPassword(password)
		u.SetRole(role)
		u.SetIsActive(true)
	}
	return u, err
}

// Role is owner, admin or viewer.
func (u *AdminUser) Role() string { return u.GetString(FieldRole) }

// SetRole sets the admin's role.
func (u *AdminUser) SetRole(v string) { u.Set(FieldRole, v) }

// Level is the rank of the admin's role.
func (u *AdminUser) Level() RoleLevel { return LevelOf(u.Role()) }

// CanWrite reports whether the role may change bots, groups, channels, links, config and commands.
func (u *AdminUser) CanWrite() bool { return u.Level().AtLeast(AdminLevel) }

// SetFullName sets the admin's display name.
func (u *AdminUser) SetFullName(v string) { u.Set(FieldFullName, v) }

// TelegramID is the admin's Telegram user id (0 = not linked).
func (u *AdminUser) TelegramID() int64 { return u.GetInt64(FieldTelegramID) }

// SetTelegramID links the admin to a Telegram user id.
func (u *AdminUser) SetTelegramID(id int64) { u.Set(FieldTelegramID, id) }

// IsActive reports whether the admin may use the system.
func (u *AdminUser) IsActive() bool { return u.GetBool(FieldIsActive) }

// SetIsActive activates or deactivates the admin.
func (u *AdminUser) SetIsActive(v bool) { u.Set(FieldIsActive, v) }

// IsDeleted reports whether the admin was soft-deleted.
func (u *AdminUser) IsDeleted() bool { return u.GetBool(FieldIsDeleted) }

// SoftDelete marks the admin deleted and inactive as of now.
func (u *AdminUser) SoftDelete(now time.Time) { softDelete(u.Record, now) }

// Usable reports whether the admin is active and not deleted.
func (u *AdminUser) Usable() bool { return u.IsActive() && !u.IsDeleted() }

// SetLastLogin records a sign-in time.
func (u *AdminUser) SetLastLogin(at time.Time) { u.Set(FieldLastLogin, at.UTC()) }

// IsAdminUser reports whether r is an admin_users record.
func IsAdminUser(r *core.Record) bool {
	return r != nil && r.Collection().Name == AdminUsers
}
