package testutil

import (
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/pocketbase/pocketbase/core"

	c "github.com/nezuko/nezuko/collections"
)

var userSeq atomic.Int64

// Password is the password of every admin user made by testutil.
const Password = "correct-horse-battery-staple"

// NewAdmin saves an active admin user with role and returns it.
func NewAdmin(tb testing.TB, app core.App, role string) *c.AdminUser {
	tb.Helper()
	n := userSeq.Add(1)
	u, err := c.NewAdminUser(app, fmt.Sprintf("%s%d@example.com", role, n), Password, role)
	if err != nil {
		tb.Fatal(err)
	}
	u.SetFullName(fmt.Sprintf("Test %s %d", role, n))
	if err := app.Save(u); err != nil {
		tb.Fatalf("save admin: %v", err)
	}
	return u
}

// AuthToken returns an auth token (the Authorization header value) for r.
func AuthToken(tb testing.TB, r *core.Record) string {
	tb.Helper()
	tok, err := r.NewAuthToken()
	if err != nil {
		tb.Fatal(err)
	}
	return tok
}

// AdminToken saves an active admin user with role and returns its auth token.
func AdminToken(tb testing.TB, app core.App, role string) string {
	tb.Helper()
	return AuthToken(tb, NewAdmin(tb, app, role).Record)
}

// SuperuserToken saves a superuser and returns its auth token.
func SuperuserToken(tb testing.TB, app core.App) string {
	tb.Helper()
	col, err := app.FindCollectionByNameOrId(core.CollectionNameSuperusers)
	if err != nil {
		tb.Fatal(err)
	}
	su := core.NewRecord(col)
	su.SetEmail(fmt.Sprintf("root%d@example.com", userSeq.Add(1)))
	su.SetPassword(Password)
	if err := app.Save(su); err != nil {
		tb.Fatal(err)
	}
	return AuthToken(tb, su)
}
