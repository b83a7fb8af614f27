// Package audit writes an admin_audit_log row for every create, update and delete made
// through the REST API on the audited collections (DESIGN.md §7): who (the admin user
// relation and the admin's or superuser's email), what (action, collection, record id,
// old and new values with secrets masked) and from where (IP, user agent).
//
// Each handler wraps the whole request in a transaction and saves the audit row in it,
// so a change is never committed without its row (and a failed audit write rolls the
// change back). Bind them ahead of every other request handler, so that handlers which
// answer without calling e.Next() — policy.SoftDelete turns a DELETE into an update and
// answers 204 — run inside:
//
//	app.OnRecordDeleteRequest(audit.Collections...).Bind(&hook.Handler[*core.RecordRequestEvent]{
//		Func: audit.Delete, Priority: audit.Priority})
//
// Handlers inside the wrapped chain must write through e.App (the transaction), as
// PocketBase requires of hooks anyway: a write through another app handle would wait
// for the transaction's connection.
package audit

import (
	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
)

// Collections are the audited collections: bots, groups, channels, links, config,
// commands and admin users.
var Collections = []string{
	c.BotInstances, c.ProtectedGroups, c.EnforcedChannels, c.GroupChannelLinks,
	c.AdminConfig, c.AdminCommands, c.AdminUsers,
}

// Priority puts the audit handlers before every other request handler.
const Priority = -1000

// maxUserAgent caps the stored user agent.
const maxUserAgent = 1000

// Create audits a record create request (OnRecordCreateRequest).
func Create(e *core.RecordRequestEvent) error {
	return inTx(e, func() error {
		if err := e.Next(); err != nil {
			return err
		}
		return write(e, c.ActionCreate, nil, Snapshot(e.Record))
	})
}

// Update audits a record update request (OnRecordUpdateRequest).
func Update(e *core.RecordRequestEvent) error {
	old := Snapshot(e.Record.Original())
	return inTx(e, func() error {
		if err := e.Next(); err != nil {
			return err
		}
		return write(e, c.ActionUpdate, old, Snapshot(e.Record))
	})
}

// Delete audits a record delete request (OnRecordDeleteRequest), soft deletes
// included: then the row still exists and its new state is recorded too.
func Delete(e *core.RecordRequestEvent) error {
	old := Snapshot(e.Record)
	return inTx(e, func() error {
		if err := e.Next(); err != nil {
			return err
		}
		var now map[string]any
		if e.Record.GetBool(c.FieldIsDeleted) {
			now = Snapshot(e.Record)
		}
		return write(e, c.ActionDelete, old, now)
	})
}

// inTx runs fn with e.App switched to a transaction (joining one already open, as in
// PocketBase's batch API), restoring e.App afterwards.
func inTx(e *core.RecordRequestEvent, fn func() error) error {
	outer := e.App
	defer func() { e.App = outer }()
	return outer.RunInTransaction(func(tx core.App) error {
		e.App = tx
		return fn()
	})
}

// write saves the audit row of a record request through e.App (its transaction).
func write(e *core.RecordRequestEvent, action string, old, now map[string]any) error {
	if err := Write(e.RequestEvent, action, e.Collection.Name, e.Record.Id, old, now); err != nil {
		return e.InternalServerError("", err)
	}
	return nil
}

// Write saves one audit row for a change made by the request e (its caller, IP and
// user agent) through e.App; custom routes that change audited records (manage-bot)
// call it, inside the transaction of the change, with Snapshot values.
func Write(e *core.RequestEvent, action, collection, recordID string, old, now map[string]any) error {
	entry, err := c.NewAuditEntry(e.App)
	if err != nil {
		return err
	}
	userRef, actor := Actor(e.Auth)
	entry.SetActor(userRef, actor)
	var oldV, newV any // a nil map would be stored as {} rather than null
	if old != nil {
		oldV = old
	}
	if now != nil {
		newV = now
	}
	entry.SetChange(action, collection, recordID, oldV, newV)
	ua := e.Request.UserAgent()
	if len(ua) > maxUserAgent {
		ua = ua[:maxUserAgent]
	}
	entry.SetClient(e.RealIP(), ua)
	return e.App.Save(entry)
}

// Actor returns the audit user relation ("" unless auth is an admin user) and the
// actor name: the account's email, or ActorSystem when nobody is signed in.
func Actor(auth *core.Record) (userRef, actor string) {
	if auth == nil {
		return "", c.ActorSystem
	}
	if c.IsAdminUser(auth) {
		userRef = auth.Id
	}
	return userRef, auth.Email()
}
