package collections

// RoleLevel ranks the admin roles (admin_users.role): each level may do everything the
// levels below it may (DESIGN.md §2).
type RoleLevel int

// The admin role levels, least powerful first.
const (
	ViewerLevel RoleLevel = iota // reads everything except secrets
	AdminLevel                   // also changes bots, groups, channels, links, config and commands
	OwnerLevel                   // also manages admin users and sensitive config
)

// LevelOf is the level of a role name; an unknown role ranks as a viewer.
func LevelOf(role string) RoleLevel {
	switch role {
	case RoleOwner:
		return OwnerLevel
	case RoleAdmin:
		return AdminLevel
	}
	return ViewerLevel
}

// Role is the role name of the level (owner, admin or viewer).
func (l RoleLevel) Role() string {
	switch l {
	case OwnerLevel:
		return RoleOwner
	case AdminLevel:
		return RoleAdmin
	}
	return RoleViewer
}

// String is the role name, for logs and test failures.
func (l RoleLevel) String() string { return l.Role() }

// AtLeast reports whether l may do everything need may.
func (l RoleLevel) AtLeast(need RoleLevel) bool { return l >= need }
