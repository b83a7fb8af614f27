package live

import (
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
)

// authKey names an auth record across collections.
func authKey(r *core.Record) string { return r.Collection().Name + "/" + r.Id }

// activeAuths re-reads the subscribers' accounts at send time (a token outlives a
// deactivation or a soft delete) and returns the keys of those still allowed: active,
// not deleted admin users and existing superusers. Anyone else gets nothing.
func activeAuths(app core.App, auths []*core.Record) map[string]bool {
	ids := map[string][]any{}
	seen := map[string]bool{}
	for _, a := range auths {
		switch name := a.Collection().Name; name {
		case c.AdminUsers, core.CollectionNameSuperusers:
			if k := authKey(a); !seen[k] { // one account may have many tabs open
				seen[k] = true
				ids[name] = append(ids[name], a.Id)
			}
		}
	}
	allowed := map[string]bool{}
	for name, list := range ids {
		q := app.ConcurrentDB().Select(c.FieldID).From(name).Where(dbx.In(c.FieldID, list...))
		if name == c.AdminUsers {
			q.AndWhere(dbx.HashExp{c.FieldIsActive: true, c.FieldIsDeleted: false})
		}
		var found []string
		if err := q.Column(&found); err != nil {
			continue // fail closed: nobody of this kind gets the event
		}
		for _, id := range found {
			allowed[name+"/"+id] = true
		}
	}
	return allowed
}
