package ownercmd_test

import (
	"testing"

	c "github.com/nezuko/nezuko/collections"
	"github.com/nezuko/nezuko/plugins/ownercmd"
	"github.com/nezuko/nezuko/tests/testutil"
)

func TestMain(m *testing.M) { testutil.Main(m) }

func TestUpsertCreatesThenRevivesAnOwner(t *testing.T) {
	app := testutil.NewApp(t)
	created, err := ownercmd.Upsert(app, "first@example.com", "a-long-password")
	if err != nil || !created {
		t.Fatalf("create: created=%v err=%v", created, err)
	}
	rec, err := app.FindAuthRecordByEmail(c.AdminUsers, "first@example.com")
	if err != nil {
		t.Fatal(err)
	}
	u := &c.AdminUser{}
	u.SetProxyRecord(rec)
	if u.Role() != c.RoleOwner || !u.Usable() || !rec.ValidatePassword("a-long-password") {
		t.Fatalf("role %q usable %v password ok %v", u.Role(), u.Usable(), rec.ValidatePassword("a-long-password"))
	}

	// A viewer that was deleted: running the command again makes it an active owner
	// with the new password (the way back in for a locked-out install).
	u.SetRole(c.RoleViewer)
	u.SoftDelete(rec.GetDateTime("created").Time())
	if err := app.Save(u); err != nil {
		t.Fatal(err)
	}
	created, err = ownercmd.Upsert(app, "first@example.com", "another-long-password")
	if err != nil || created {
		t.Fatalf("update: created=%v err=%v", created, err)
	}
	rec, _ = app.FindAuthRecordByEmail(c.AdminUsers, "first@example.com")
	u.SetProxyRecord(rec)
	if u.Role() != c.RoleOwner || !u.Usable() || !rec.ValidatePassword("another-long-password") {
		t.Fatalf("after update: role %q usable %v", u.Role(), u.Usable())
	}
}

func TestUpsertRefusesBadInput(t *testing.T) {
	app := testutil.NewApp(t)
	for _, tc := range [][2]string{{"", "a-long-password"}, {"not-an-email", "a-long-password"}, {"a@example.com", ""}, {"b@example.com", "short"}} {
		if _, err := ownercmd.Upsert(app, tc[0], tc[1]); err == nil {
			t.Errorf("Upsert(%q, %q) accepted", tc[0], tc[1])
		}
	}
}

func TestBaseURL(t *testing.T) {
	for addr, want := range map[string]string{"127.0.0.1:8090": "http://127.0.0.1:8090", "0.0.0.0:80": "http://127.0.0.1:80", ":8090": "http://127.0.0.1:8090", "example.com:443": "https://example.com:443"} {
		if got := ownercmd.BaseURL(addr); got != want {
			t.Errorf("BaseURL(%q) = %q, want %q", addr, got, want)
		}
	}
}
