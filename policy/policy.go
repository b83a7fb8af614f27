// Package policy holds the server-side API rules that PocketBase's rule expressions
// cannot say: soft delete, server-owned fields, defaults, and masking (DESIGN.md §2–§3).
// Each function is a hook handler; package hooks binds them to collections.
package policy

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
)

// SoftDelete answers a DELETE of a bot or admin user by marking the row deleted and
// inactive instead of removing it (OnRecordDeleteRequest of bot_instances and admin_users).
func SoftDelete(e *core.RecordRequestEvent) error {
	e.Record.Set(c.FieldIsDeleted, true)
	e.Record.Set(c.FieldDeletedAt, time.Now().UTC())
	e.Record.Set(c.FieldIsActive, false)
	if err := e.App.Save(e.Record); err != nil {
		return e.BadRequestError("Failed to delete record.", err)
	}
	return e.NoContent(http.StatusNoContent)
}

// NewCommand makes the server the owner of a new command's lifecycle fields: pending,
// created by the caller, no result (OnRecordCreateRequest of admin_commands).
func NewCommand(e *core.RecordRequestEvent) error {
	creator := ""
	if c.IsAdminUser(e.Auth) {
		creator = e.Auth.Id
	}
	c.Wrap(&c.AdminCommand{}, e.Record).ResetServerFields(creator)
	return e.Next()
}

// CreateDefaults applies the defaults that PocketBase fields cannot declare: bots, admin
// users and groups start active/enabled unless the body says otherwise, admins start as
// viewers, and admins see each other's email (OnRecordCreateRequest).
func CreateDefaults(e *core.RecordRequestEvent) error {
	info, err := e.RequestInfo()
	if err != nil {
		return err
	}
	setUnlessSent := func(field string, value any) {
		if _, sent := info.Body[field]; !sent {
			e.Record.Set(field, value)
		}
	}
	switch e.Collection.Name {
	case c.BotInstances:
		setUnlessSent(c.FieldIsActive, true)
	case c.AdminUsers:
		setUnlessSent(c.FieldIsActive, true)
		setUnlessSent(c.FieldRole, c.RoleViewer)
		e.Record.SetEmailVisibility(true)
	case c.ProtectedGroups:
		setUnlessSent(c.FieldEnabled, true)
	}
	return e.Next()
}

// KeepHealth keeps protected_groups.health writable by the bots only: API writes by
// anyone but superusers leave it as it was (OnRecordCreateRequest/UpdateRequest).
func KeepHealth(e *core.RecordRequestEvent) error {
	if !e.HasSuperuserAuth() {
		if orig := e.Record.Original(); orig != nil && !e.Record.IsNew() {
			e.Record.Set(c.FieldHealth, orig.Get(c.FieldHealth))
		} else {
			e.Record.Set(c.FieldHealth, nil)
		}
	}
	return e.Next()
}

// StampConfigEditor records which admin user last changed a config entry
// (OnRecordCreateRequest/UpdateRequest of admin_config).
func StampConfigEditor(e *core.RecordRequestEvent) error {
	editor := ""
	if c.IsAdminUser(e.Auth) {
		editor = e.Auth.Id
	}
	c.Wrap(&c.ConfigEntry{}, e.Record).SetUpdatedBy(editor)
	return e.Next()
}

// MaskSensitiveConfig shows sensitive config values as "***" to everyone but owners and
// superusers, in REST responses and realtime events (OnRecordEnrich of admin_config).
func MaskSensitiveConfig(e *core.RecordEnrichEvent) error {
	entry := c.Wrap(&c.ConfigEntry{}, e.Record)
	if entry.IsSensitive() && !mayReadSecrets(e.RequestInfo) {
		entry.Mask()
	}
	return e.Next()
}

func mayReadSecrets(info *core.RequestInfo) bool {
	if info == nil || info.Auth == nil {
		return false
	}
	if info.Auth.IsSuperuser() {
		return true
	}
	u := c.Wrap(&c.AdminUser{}, info.Auth)
	return c.IsAdminUser(info.Auth) && u.Usable() && u.Level() == c.OwnerLevel
}

// RecordLogin stamps last_login on every successful admin sign-in
// (OnRecordAuthRequest of admin_users).
func RecordLogin(e *core.RecordAuthRequestEvent) error {
	u := c.Wrap(&c.AdminUser{}, e.Record)
	u.SetLastLogin(time.Now())
	if err := e.App.UnsafeWithoutHooks().Save(e.Record); err != nil {
		e.App.Logger().Warn("could not record last_login", "admin", e.Record.Id, "error", err)
	}
	return e.Next()
}

// KeepServerFields leaves the collection's server-owned fields (collections.
// ServerOwnedFields) as they were on API writes by anyone but superusers: an update
// keeps the stored values, a create drops what the body sent
// (OnRecordCreateRequest/UpdateRequest, bound before CreateDefaults).
func KeepServerFields(e *core.RecordRequestEvent) error {
	if e.HasSuperuserAuth() {
		return e.Next()
	}
	orig := e.Record.Original()
	for _, f := range c.ServerOwnedFields(e.Collection.Name) {
		if e.Record.IsNew() || orig == nil {
			e.Record.Set(f, nil)
		} else {
			e.Record.Set(f, orig.Get(f))
		}
	}
	return e.Next()
}

// RefuseEmailChangeRequest refuses PocketBase's request-email-change flow for admin
// users: an admin's email (their sign-in name) is changed by an owner only, through
// the record itself (OnRecordRequestEmailChangeRequest of admin_users).
func RefuseEmailChangeRequest(e *core.RecordRequestEmailChangeRequestEvent) error {
	return e.ForbiddenError(emailChangeMessage, nil)
}

// RefuseEmailChangeConfirm refuses the confirm step of the same flow, so a token
// mailed earlier cannot be used either (OnRecordConfirmEmailChangeRequest of admin_users).
func RefuseEmailChangeConfirm(e *core.RecordConfirmEmailChangeRequestEvent) error {
	return e.ForbiddenError(emailChangeMessage, nil)
}

const emailChangeMessage = "Only an owner can change an admin's email, on the Admins page."

// HideDisabledAccounts answers a password sign-in of a deactivated or deleted admin
// user exactly like a wrong password (PocketBase's generic 400, after the same dummy
// hash check), so the right password of a disabled account reveals nothing
// (OnRecordAuthWithPasswordRequest of admin_users).
func HideDisabledAccounts(e *core.RecordAuthWithPasswordRequestEvent) error {
	if e.Record != nil && !c.Wrap(&c.AdminUser{}, e.Record).Usable() {
		e.Record = nil
	}
	return e.Next()
}

// ViewerWritable lists the collections an admin or owner may add rows to through the
// API, and a viewer may not (bot_instances: superusers only; admin_users: owners).
var ViewerWritable = []string{c.Owners, c.ProtectedGroups, c.EnforcedChannels, c.GroupChannelLinks,
	c.AdminConfig, c.AdminCommands}

// ViewersCannotCreate is router middleware: an active viewer creating a row in a
// ViewerWritable collection gets 403 with a reason. PocketBase checks the create rule
// before any record hook and answers a failure with 400 "Failed to create record.",
// which tells a viewer nothing (DESIGN.md §2 allows 400 or 403).
func ViewersCannotCreate(e *core.RequestEvent) error {
	if e.Request.Method == http.MethodPost && c.IsAdminUser(e.Auth) {
		rest, ok := strings.CutPrefix(e.Request.URL.Path, "/api/collections/")
		name, tail, _ := strings.Cut(rest, "/")
		u := c.Wrap(&c.AdminUser{}, e.Auth)
		if ok && tail == "records" && slices.Contains(ViewerWritable, name) && u.Usable() && u.Level() == c.ViewerLevel {
			return e.ForbiddenError("Viewers can look but not change anything: ask an owner for the admin role.", nil)
		}
	}
	return e.Next()
}
